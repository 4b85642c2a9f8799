/**
 * One plain dictionary word as the password after a key that names a password (issue 15): `password "letmein"`,
 * `passwd 'dragon'`, `Passwort „sonne“`, `pwd: sunshine`. Before, one quoted word in small letters after a key was
 * read as a word about the key (`Unexpected token 'export'`) and kept. The words are @faker-js/faker's: English
 * nouns, adjectives, verbs and first names in small letters, and the filler words of every locale. Keep cases: a
 * parser's `Unexpected token '<word>'` and the quoted word after a key that only mentions a password
 * (`password_strength "weak"`), with faker's words too.
 */
import type {CaseSink} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import type {Rng} from './random.js';

/** Keys that name a password, as apps and people write them. */
const PASSWORD_KEYS = [
	'password',
	'Password',
	'passwd',
	'pwd',
	'new_password',
	'Passwort',
	'passphrase',
	'passcode',
];

/** Quotes of code, English, German and French, and none (`password: sunshine`). */
const FORMS: readonly ((key: string, word: string) => string)[] = [
	(k, w) => `${k} "${w}"`,
	(k, w) => `${k} '${w}'`,
	(k, w) => `${k} “${w}”`,
	(k, w) => `${k} „${w}“`,
	(k, w) => `${k} «${w}»`,
	(k, w) => `${k}: "${w}"`,
	(k, w) => `${k}: ${w}`,
	(k, w) => `${k}=${w}`,
];

/** A dictionary word in small letters, as people choose one for a password. */
function wordOf(rng: Rng): string {
	const pick = rng.int(0, 4);
	if (pick === 4) return fakerFor(rng.pick(LOCALES), rng).lorem.word().toLowerCase();
	const f = fakerFor('en', rng);
	const w =
		pick === 0
			? f.word.noun()
			: pick === 1
				? f.word.adjective()
				: pick === 2
					? f.word.verb()
					: f.person.firstName();
	return w.toLowerCase();
}

/** A word with nothing but letters, long enough to be a password a site accepts. */
function usable(w: string): boolean {
	return w.length >= 4 && /^\p{L}+$/u.test(w);
}

function addPasswords(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 80; k++) {
		const word = wordOf(rng);
		if (!usable(word)) continue;
		const pair = rng.pick(FORMS)(rng.pick(PASSWORD_KEYS), word);
		const object = rng.chance(0.25);
		sink.add({
			kind: object ? 'object' : 'text',
			input: object
				? {note: `${rng.pick(['set', 'changed to', 'tried'])} ${pair}`, attempt: 2}
				: rng.pick([`login failed for ${pair} at 10:42`, `${pair} accepted`, `debug: ${pair}; retries=3`]),
			pii: [{class: 'secret', value: word}],
			keep: [],
			class: 'secret',
			family: 'secret/password-word',
			locale: 'en',
		});
	}
}

function addKeeps(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 40; k++) {
		const word = wordOf(rng);
		if (!usable(word)) continue;
		const input = rng.pick([
			`SyntaxError: Unexpected token '${word}' at line 3`,
			`password_strength "${word}"`,
			`token '${word}' is not a keyword here`,
		]);
		sink.add({
			kind: 'text',
			input,
			pii: [],
			keep: [word],
			class: 'keep',
			family: 'keep/word-after-key',
			locale: 'en',
		});
	}
}

/** 80 dictionary-word passwords after a password key and 40 keep cases per split. */
export function addPasswordWords(sink: CaseSink, rng: Rng): void {
	addPasswords(sink, rng);
	addKeeps(sink, rng);
}
