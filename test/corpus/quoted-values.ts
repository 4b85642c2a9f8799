/**
 * Quoted values right after a sensitive key, with no separator (`passphrase "correct horse battery staple"`,
 * `password 'x y z'`, `secret “…”`), issue 15: passphrases of two to six words from @faker-js/faker's filler text
 * in every locale and its English nouns and verbs, and passwords from `internet.password`, under the credential
 * key words of `src/sanitize/keys.ts`, in the quotes of English, German, French and code (`"` `'` `“”` `‘’` `„“`
 * `«»`), in log lines and property values. Keep cases: a note in quotes after such a key (faker's hacker phrases,
 * which read as sentences) and a parser's `Unexpected token 'x'` errors.
 */
import type {CaseSink} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import type {Rng} from './random.js';
import {CREDENTIAL_WORDS} from './value-words.js';

/** Opening and closing quotes as the languages write them. */
const QUOTES: readonly (readonly [string, string])[] = [
	['"', '"'],
	["'", "'"],
	['“', '”'],
	['‘', '’'],
	['„', '“'],
	['« ', ' »'],
	['«', '»'],
];

/** Two to six words of filler text or English nouns and verbs, or a password as faker draws one. */
function secretOf(rng: Rng): string {
	const pick = rng.int(0, 2);
	if (pick === 0) return fakerFor('en', rng).internet.password();
	const n = rng.int(2, 6);
	if (pick === 1) return fakerFor(rng.pick(LOCALES), rng).lorem.words(n);
	const f = fakerFor('en', rng);
	return Array.from({length: n}, () => (rng.chance(0.6) ? f.word.noun() : f.word.verb())).join(' ');
}

/** The words of a filler text that hold no quote of their own. */
function quotable(value: string): boolean {
	return !/["'“”‘’„«»\n]/.test(value);
}

function addSecrets(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 80; k++) {
		const key = rng.pick(CREDENTIAL_WORDS);
		const written = rng.pick([key, key.charAt(0).toUpperCase() + key.slice(1), `the ${key}`, `new ${key}`]);
		const value = secretOf(rng);
		if (!quotable(value)) continue;
		const [open, close] = rng.pick(QUOTES);
		const pair = `${written}${rng.pick([' ', ' ', '  ', '\t'])}${open}${value}${close}`;
		const object = rng.chance(0.25);
		sink.add({
			kind: object ? 'object' : 'text',
			input: object
				? {message: `${rng.pick(['set', 'changed', 'reset to'])} ${pair}`, step: 2}
				: rng.pick([
						`user updated ${pair} at 10:42`,
						`${pair} accepted`,
						`WARN weak ${pair}; retries=3`,
						`Ihr ${pair} wurde gespeichert.`,
					]),
			pii: [{class: 'secret', value}],
			keep: [],
			class: 'secret',
			family: 'secret/quoted-after-key',
			locale: 'en',
		});
	}
}

function addKeeps(sink: CaseSink, rng: Rng): void {
	const f = fakerFor('en', rng);
	for (let k = 0; k < 40; k++) {
		const note = rng.chance(0.7)
			? f.hacker.phrase()
			: `Unexpected token ${rng.pick(["'<'", "'o'", "'export'", "'}'", "'import'", "'u'"])}`;
		if (!quotable(note) && !note.startsWith('Unexpected')) continue;
		const input = note.startsWith('Unexpected')
			? `SyntaxError: ${note}, "<!DOCTYPE "... is not valid JSON`
			: `${rng.pick(['password', 'secret', 'token'])} "${note}"`;
		sink.add({
			kind: 'text',
			input,
			pii: [],
			keep: [note],
			class: 'keep',
			family: 'keep/quoted-note-after-key',
			locale: 'en',
		});
	}
}

/** 80 quoted secrets after a key and 40 keep cases per split. */
export function addQuotedValues(sink: CaseSink, rng: Rng): void {
	addSecrets(sink, rng);
	addKeeps(sink, rng);
}
