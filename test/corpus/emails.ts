/**
 * Emails from every one of @faker-js/faker's email generators (`internet.email`, with and without special
 * characters, `internet.exampleEmail`) in every locale, and the forms people write them in beyond `people.ts`:
 * plus-addressing, internationalised domains (in Unicode and in punycode, built from the locale's own names),
 * addresses spelled out (`name at domain dot tld`) and the other bracket styles of `[at]`. Generated after every
 * other family, so the cases before them stay the same.
 */
import type {Faker} from '@faker-js/faker';
import type {CaseSink} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import {EMAIL_SENTENCES, fill, langOfLocale} from './languages.js';
import type {Rng} from './random.js';

/** A lower-case name of the locale's script with no spaces or punctuation, for IDN labels. */
function label(f: Faker): string {
	for (let i = 0; i < 5; i++) {
		const l = f.person
			.lastName()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]/gu, '');
		if (l.length >= 2) return l;
	}
	return 'mail';
}

const split = (email: string): [string, string] => {
	const at = email.lastIndexOf('@');
	return [email.slice(0, at), email.slice(at + 1)];
};

const OBFUSCATIONS: readonly [string, string][] = [
	['{at}', '{dot}'],
	['<at>', '<dot>'],
	[' [AT] ', ' [DOT] '],
	[' (at) ', '.'],
];

/** [family, write]: the address as written, and the span that must go. */
const FORMS: readonly [string, (f: Faker, r: Rng) => [string, string]][] = [
	[
		'email/faker-default',
		(f) => {
			const e = f.internet.email();
			return [e, e];
		},
	],
	[
		'email/faker-special',
		(f) => {
			const e = f.internet.email({allowSpecialCharacters: true});
			return [e, e];
		},
	],
	[
		'email/faker-example',
		(f, r) => {
			const e = f.internet.exampleEmail({allowSpecialCharacters: r.chance(0.5)});
			return [e, e];
		},
	],
	[
		'email/plus-tag',
		(f, r) => {
			const [local, domain] = split(f.internet.email());
			const e = `${local}+${r.pick(['news', 'shop', 'github', 'receipts', f.string.alphanumeric(5)])}@${domain}`;
			return [e, e];
		},
	],
	[
		'email/idn',
		(f) => {
			const e = `${label(f)}@${label(f)}.${f.internet.domainSuffix()}`;
			return [e, e];
		},
	],
	[
		'email/idn-punycode',
		(f) => {
			const host = new URL(`http://${label(f)}.${f.internet.domainSuffix()}`).hostname;
			const e = `${split(f.internet.email())[0]}@${host}`;
			return [e, e];
		},
	],
	[
		'email/spelled',
		(f, r) => {
			const [local, domain] = split(f.internet.email());
			const [at, dot] = r.pick([
				[' at ', ' dot '],
				[' AT ', ' DOT '],
			] as const);
			const e = `${local}${at}${domain.replace(/\./g, dot)}`;
			return [e, e];
		},
	],
	[
		'email/obfuscated-other',
		(f, r) => {
			const [local, domain] = split(f.internet.email());
			const [at, dot] = r.pick(OBFUSCATIONS);
			const e = `${local}${at}${domain.replace(/\./g, dot)}`;
			return [e, e];
		},
	],
];

/** One case of each form per faker locale, in the locale's email sentences. */
export function addFakerEmails(sink: CaseSink, rng: Rng): void {
	for (const locale of LOCALES) {
		const lang = langOfLocale(locale);
		for (const [family, write] of FORMS) {
			const f = fakerFor(locale, rng);
			const [written, value] = write(f, rng);
			const n = `#${rng.int(1000, 99_999)}`;
			const input = fill(rng.pick(EMAIL_SENTENCES[lang]), written, n);
			sink.add({
				kind: 'text',
				input,
				pii: [{class: 'email', value}],
				keep: input.includes(n) ? [n] : [],
				class: 'email',
				family,
				locale,
			});
		}
	}
}
