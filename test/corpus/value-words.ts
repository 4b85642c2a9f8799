/**
 * Values of several words after a sensitive key (`password: correct horse battery staple`, `secret = two words`):
 * passphrases from faker's filler text in every locale and its English nouns and verbs, under the credential key
 * words of `src/sanitize/keys.ts` in the spellings apps use, after a spaced or glued separator, ended the ways a clause ends (line end, `,` `;` `&`,
 * a closing quote, the next `key:`). The words after the first are a span of their own: a rule that takes one
 * word leaves them. Beside them, keep cases of prose about a key: `The password is required for login.` and a
 * note after `password:` (faker's hacker phrases), whose words after the first must stay. Generated last.
 */
import {HEAD_WORDS} from '../../src/sanitize/keys.js';
import type {CaseSink} from './case.js';
import {LOCALES, fakerFor} from './fakers.js';
import type {Rng} from './random.js';

/** Head words of personal data and cookies: their values have formats of their own, not passphrases. */
const NOT_CREDENTIALS =
	/^(?:email|emailaddress|phone|phonenumber|telephone|msisdn|cellphone|mobilephone|cardnumber|creditcard|ccnumber|ccnum|taxid|nationalid|sortcode|routingnumber|ssn|iban|passport|cookie|cookies|setcookie)$/;

/** The credential head words of `keys.ts`: those whose values are passwords, secrets and codes. */
export const CREDENTIAL_WORDS = HEAD_WORDS.filter((w) => !NOT_CREDENTIALS.test(w));

/** A credential key as apps spell it: `password`, `Password`, `PASSWORD`, `db_password`, `user.password`. */
function keyOf(rng: Rng): string {
	const w = rng.pick(CREDENTIAL_WORDS);
	switch (rng.int(0, 4)) {
		case 0:
			return w.charAt(0).toUpperCase() + w.slice(1);
		case 1:
			return w.toUpperCase();
		case 2:
			return `${rng.pick(['db', 'user', 'admin', 'smtp', 'wifi'])}_${w}`;
		case 3:
			return `${rng.pick(['db', 'user', 'vault'])}.${w}`;
		default:
			return w;
	}
}

/** Two to six words: filler text of a random locale, or English nouns and verbs. */
function passphraseOf(rng: Rng): string {
	const n = rng.int(2, 6);
	if (rng.chance(0.5)) return fakerFor(rng.pick(LOCALES), rng).lorem.words(n);
	const f = fakerFor('en', rng);
	return Array.from({length: n}, () => (rng.chance(0.6) ? f.word.noun() : f.word.verb())).join(' ');
}

/** Spaced, and glued as in `password=correct horse` (never to an upper-case name: that is a shell's variable). */
const SEPARATORS = [': ', ' : ', ' = ', ':\t', ' =  ', '=', ':'] as const;

/** Cases of one split: 120 passphrases after a key, 40 prose sentences and 40 notes about a key. */
export function addValueWords(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 120; k++) {
		const sep = rng.pick(SEPARATORS);
		const drawn = keyOf(rng);
		const key = sep.length === 1 && drawn === drawn.toUpperCase() ? drawn.toLowerCase() : drawn;
		const value = passphraseOf(rng);
		const pair = `${key}${sep}${value}`;
		const order = `order=${rng.int(1000, 99999)}`;
		const [input, keep] = rng.pick<[string, string]>([
			[
				`${rng.pick(['config loaded', 'user updated', 'WARN'])} ${pair}`,
				rng.pick(['config loaded', 'user updated', 'WARN']),
			],
			[`${pair}\nstep 2 done`, 'step 2 done'],
			[`${pair}, retries=3`, 'retries=3'],
			[`${pair}; ${order}`, order],
			[`${pair} ${order.replace('=', ': ')}`, order.replace('=', ': ')],
			[`rejected '${pair}' at line 3`, 'at line 3'],
			[`${pair}&step=2`, 'step=2'],
		]);
		const tail = value.slice(value.indexOf(' ') + 1);
		sink.add({
			kind: 'text',
			input,
			pii: [
				{class: 'secret', value},
				{class: 'secret', value: tail},
			],
			keep: [keep],
			class: 'secret',
			family: 'secret/words-after-key',
			locale: 'en',
		});
	}
	const f = fakerFor('en', rng);
	for (let k = 0; k < 40; k++) {
		const key = rng.pick(['password', 'passphrase', 'secret', 'token', 'PIN', 'API key']);
		const adjective = f.word.adjective();
		const noun = f.word.noun();
		const said = `is ${adjective} for ${noun}`;
		if (!/^[a-z ]+$/.test(said)) continue;
		sink.add({
			kind: 'text',
			input: `The ${key} ${said}.`,
			pii: [],
			keep: [said],
			class: 'keep',
			family: 'keep/prose-about-key',
			locale: 'en',
		});
	}
	for (let k = 0; k < 40; k++) {
		const phrase = f.hacker.phrase();
		const space = phrase.indexOf(' ');
		const first = phrase.slice(0, space);
		if (!/^[a-z]{3,}$/i.test(first)) continue;
		sink.add({
			kind: 'text',
			input: `${rng.pick(['password', 'secret', 'token'])}: ${phrase}`,
			// The key rule still reads the first word as the value; the note after it stays.
			pii: [{class: 'secret', value: first}],
			keep: [phrase.slice(space + 1)],
			class: 'secret',
			family: 'secret/note-after-key',
			locale: 'en',
		});
	}
}
