/**
 * `key: value` in text under keys written in other scripts or with accents (`пароль: qwerty2026`,
 * `contraseña=MiClave2026`, `パスワード：himitsu`) or in several words (`mot de passe: azerty`). The main
 * `key=value` pass reads one-word ASCII keys only; this one reads keys with a non-ASCII character, judged by the
 * same key rules, ASCII keys of several words that end in a phrase of another language (`mot de passe`), and
 * ASCII keys before the full-width `：` of CJK text (`token：abc`).
 */
import {isKeyChar, isLetter} from './chars.js';
import {endsInIntlPhrase, mayCloseIntlPhrase, someKeyEndsInIntlPhrase} from './keys.js';
import {INTL_KEY_VALUE} from './patterns.js';

/**
 * Whether the pattern can find a key the main pass did not judge: a character outside ASCII with a `:`, `=` or
 * `：`, or, in ASCII, a `:`/`=` (`separators`) after a space where a key of several words may end in a phrase of
 * another language ({@link asciiPhraseKeyEndsAt}): the one kind of ASCII key the pass acts on. `ascii`: whether
 * `s` is all ASCII, when the caller knows; else it is read here.
 */
export function mayHoldIntlKeyValue(
	s: string,
	separators: boolean,
	space: boolean,
	ascii = isAscii(s),
): boolean {
	if (!ascii) return separators || s.includes('\uFF1A');
	return separators && space && (phraseKeyBefore(s, ':') || phraseKeyBefore(s, '='));
}

/** Whether {@link asciiPhraseKeyEndsAt} holds at one of the `sep` characters of `s`. */
function phraseKeyBefore(s: string, sep: string): boolean {
	for (let i = s.indexOf(sep); i !== -1; i = s.indexOf(sep, i + 1))
		if (asciiPhraseKeyEndsAt(s, i)) return true;
	return false;
}

/** Most words and characters per word of an `INTL_KEY_VALUE` key. */
const KEY_WORDS = 4;
const KEY_WORD_MAX = 48;

/**
 * Whether a key the pass would act on in ASCII text can end before the separator at `i`: the words of an
 * `INTL_KEY_VALUE` key (each a whole run of key characters, a letter or `_` first, at most 48, single spaces
 * between; then an optional quote and at most two spaces or tabs before the separator), at least two of them, whose
 * head may end a phrase of another language. Reads back at most 4 × 49 + 3 characters, and never past an earlier
 * separator, so a caller that asks at every separator stays linear.
 */
function asciiPhraseKeyEndsAt(s: string, i: number): boolean {
	let end = i;
	for (let k = 0; k < 2 && end > 0; k++) {
		const c = s.charCodeAt(end - 1);
		if (c !== 32 && c !== 9) break;
		end--;
	}
	// The quote that closes a JSON key (`"mot de passe": x`).
	if (end > 0 && (s.charCodeAt(end - 1) === 34 || s.charCodeAt(end - 1) === 39)) end--;
	let words = 0;
	let start = end;
	let p = end;
	// Where the last word starts (the one right before the separator).
	let lastFrom = end;
	while (words < KEY_WORDS) {
		const floor = Math.max(0, p - KEY_WORD_MAX - 1);
		let q = p;
		while (q > floor && isKeyChar(s.charCodeAt(q - 1))) q--;
		const first = s.charCodeAt(q);
		if (q === p || p - q > KEY_WORD_MAX || (!isLetter(first) && first !== 95)) break;
		if (words === 0) lastFrom = q;
		words++;
		start = q;
		if (q < 2 || s.charCodeAt(q - 1) !== 32) break;
		p = q - 1;
	}
	if (words < 2) return false;
	// The last word, when it is one word as `splitKey` reads it, must end a phrase or qualify one's last word.
	if (isOneWord(s, lastFrom, end) && !mayCloseIntlPhrase(s.slice(lastFrom, end).toLowerCase())) return false;
	return someKeyEndsInIntlPhrase(s.slice(start, end));
}

/**
 * Whether the ASCII key word from `q` to `p` is one word to `splitKey`: a letter, then lower-case letters and
 * digits only (`passe`, `Passe`, `x1`), or upper-case letters only (`PASSE`). No separator, no camelCase or
 * acronym boundary can fall inside either.
 */
function isOneWord(s: string, q: number, p: number): boolean {
	const first = s.charCodeAt(q);
	if (!isLetter(first)) return false;
	let lower = true;
	let upper = true;
	for (let i = q + 1; i < p; i++) {
		const c = s.charCodeAt(i);
		if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) lower = false;
		if (!(c >= 65 && c <= 90)) upper = false;
	}
	return lower || (upper && first >= 65 && first <= 90);
}

function isAscii(s: string): boolean {
	for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
	return true;
}

/**
 * Replaces the value of each `key: value` in `s` whose key holds a non-ASCII character and is sensitive with
 * `redact(value)`, quotes kept. Returns `s` itself when nothing changed.
 */
export function redactIntlKeyValues(
	s: string,
	isSensitive: (key: string) => boolean,
	redact: (value: string) => string,
): string {
	return s.replace(INTL_KEY_VALUE(), (m, key: string, sep: string, value: string) => {
		if (value.includes('[REDACTED')) return m;
		// An ASCII key before `:` or `=`: its last word was judged by the main pass; only a phrase of several
		// words is new here. Before the full-width `：` (`token：abc` in CJK text) the main pass read nothing.
		if (isAscii(key) && !sep.includes('\uFF1A') ? !key.includes(' ') || !endsInIntlPhrase(key) : false)
			return m;
		if (!isSensitive(key)) return m;
		const q = value.charCodeAt(0);
		if (q === 34 || q === 39) return `${key}${sep}${value[0]}${redact(value.slice(1, -1))}${value[0]}`;
		return key + sep + redact(value);
	});
}
