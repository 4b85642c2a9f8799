/**
 * Phone-like keys (`mobile`, `tel`, `fax`, `telefon`, `телефон`, `móvil`, `手机号`, `رقم_الهاتف`) in the languages
 * of the generated corpora. Under one, a number with a phone's digit count is a phone even when the number rules
 * alone keep it (`{mobile: '4155552671'}`, `{tel: 512345678}`): the key is its context. Any other value (`mobile:
 * true`, `tel: 'home'`, `fax_count: 3`) is judged as usual. Keys are read word by word, so `hotel` or `motel` is
 * not `tel`. The phone words are `phone-words.ts`'s, shared with the text patterns.
 */
import {judgedAsWrittenOrFolded} from './confusables.js';
import {foldLookalikes} from './fold.js';
import {foldWord} from './intl-keys.js';
import {keyHeadIndex, splitKey} from './keys.js';
import {PHONE_WORDS} from './phone-words.js';

/** Number words after a phone word (`tel_no`, `fax_nr`, `telefon_nummer`): dropped before the head is read. */
const NUMBER_WORDS = [
	'number',
	'no',
	'nr',
	'num',
	'nummer',
	'numero',
	'número',
	'numer',
	'номер',
	'numarasi',
];

function foldedSet(words: readonly string[]): Set<string> {
	return new Set(words.map((w) => foldWord(w.toLowerCase())));
}

const PHONE = foldedSet([
	...PHONE_WORDS.keysAndText,
	...PHONE_WORDS.keysAndNearText,
	...PHONE_WORDS.keysOnly,
]);
const NUMBER = foldedSet(NUMBER_WORDS);

/**
 * Whether `key` names a phone: its head, after qualifiers and a number word, is a phone word. Read as written, then
 * with Greek and Cyrillic look-alikes of Latin letters folded (`рhone`), as the key judge of `keys.ts` reads keys.
 */
export function isPhoneKey(key: string): boolean {
	return judgedAsWrittenOrFolded(key, isPhoneKeyAsWritten);
}

function isPhoneKeyAsWritten(key: string): boolean {
	if (key.length === 0 || key.length > 64) return false;
	const words = splitKey(key).map(foldWord);
	let end = keyHeadIndex(words);
	if (end < 0) return false;
	if (end > 0 && NUMBER.has(words[end] ?? '')) end--;
	return PHONE.has(words[end] ?? '');
}

/** Fewest and most digits of a phone number written without the `00` of an international prefix. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;
/** The longest phone-shaped value, separators included. */
const MAX_SHAPED_LENGTH = 32;

/**
 * Whether `value` has a phone's shape: 7–15 digits (after a leading `00`), written with at most a leading `+` and
 * spaces, dashes, dots, slashes and parentheses between them, once its look-alikes are folded (`０１５１ １２３４５６７８`).
 */
export function isPhoneShaped(value: string): boolean {
	// Folding may shorten it (zero-width characters): only a value longer than any folded phone is refused first.
	if (value.length > 4 * MAX_SHAPED_LENGTH) return false;
	const v = foldLookalikes(value);
	if (v.length < MIN_DIGITS || v.length > MAX_SHAPED_LENGTH) return false;
	let digits = 0;
	for (let i = 0; i < v.length; i++) {
		const c = v.charCodeAt(i);
		if (c >= 48 && c <= 57) digits++;
		else if (c === 43) {
			if (i !== 0) return false;
		} else if (c !== 32 && c !== 45 && c !== 46 && c !== 47 && c !== 40 && c !== 41) return false;
	}
	if (v.startsWith('00')) digits -= 2;
	return digits >= MIN_DIGITS && digits <= MAX_DIGITS;
}

/** Whether a value under a phone-like key is a phone number: a phone-shaped string or a whole number. */
export function isPhoneValue(v: unknown): boolean {
	if (typeof v === 'string') return isPhoneShaped(v);
	if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 && isPhoneShaped(String(v));
	if (typeof v === 'bigint') return isPhoneShaped(v.toString());
	return false;
}
