/**
 * Emails (plain, in URLs, obfuscated, quoted), user home paths in stack traces, and US SSNs. Names and addresses
 * come from @faker-js/faker's locales; the sentence around them is in the locale's language.
 */
import type {Faker} from '@faker-js/faker';
import type {CaseSink} from './case.js';
import {fakerFor, LOCALES, usernameOf} from './fakers.js';
import {EMAIL_SENTENCES, fill, langOfLocale} from './languages.js';
import type {Rng} from './random.js';

interface EmailForm {
	family: string;
	kind: 'text' | 'url' | 'object';
	input: unknown;
	/** The span that must go: the address, or its local part where the form hides the `@`. */
	value: string;
	keep: string[];
}

interface EmailParts {
	f: Faker;
	email: string;
	local: string;
	domain: string;
	/** A ticket number written beside the address, which must stay. */
	n: string;
	sentence: (x: string) => string;
}

/** One of the forms an address is written in (`which` 0–7; plain text twice as often as the others). */
function emailForm(which: number, e: EmailParts, rng: Rng): EmailForm {
	const inSentence = (family: string, x: string, value: string): EmailForm => {
		const s = e.sentence(x);
		return {family, kind: 'text', input: s, value, keep: s.includes(e.n) ? [e.n] : []};
	};
	switch (which) {
		case 0:
		case 1:
			return inSentence('email/plain', e.email, e.email);
		case 2: {
			const s = e.sentence(e.email);
			const keep = ['support_message', ...(s.includes(e.n) ? [e.n] : [])];
			const input = {event: 'support_message', props: {body: s, page: 3}};
			return {family: 'email/object-text', kind: 'object', input, value: e.email, keep};
		}
		case 3: {
			const encoded = encodeURIComponent(e.email);
			return rng.chance(0.5)
				? {
						family: 'email/url',
						kind: 'url',
						input: `/search?q=${encoded}&page=2`,
						value: encoded,
						keep: ['page=2'],
					}
				: {
						family: 'email/url',
						kind: 'url',
						input: `https://crm.example.com/contacts/${encoded}/edit`,
						value: encoded,
						keep: ['/edit'],
					};
		}
		case 4:
			return inSentence(
				'email/obfuscated-brackets',
				`${e.local} [at] ${e.domain.replace(/\./g, ' [dot] ')}`,
				e.local,
			);
		case 5:
			return inSentence('email/obfuscated-parens', `${e.local}(at)${e.domain}`, e.local);
		case 6: {
			const quoted = `${e.f.person.firstName()} ${e.f.person.lastName()}`.replace(/"/g, '');
			return inSentence('email/quoted-local', `"${quoted}"@${e.domain}`, quoted);
		}
		default: {
			const input = `From: ${e.f.person.firstName()} <${e.email}>`;
			return {family: 'email/header', kind: 'text', input, value: e.email, keep: ['From:']};
		}
	}
}

/** Emails of every faker locale: plain in text, in objects and URLs, and the obfuscated and quoted forms. */
export function addEmails(sink: CaseSink, rng: Rng): void {
	for (const locale of LOCALES) {
		const lang = langOfLocale(locale);
		for (let k = 0; k < 4; k++) {
			const f = fakerFor(locale, rng);
			const email = f.internet.email({firstName: f.person.firstName(), lastName: f.person.lastName()});
			const at = email.lastIndexOf('@');
			const n = `#${rng.int(1000, 99_999)}`;
			const sentence = (x: string): string => fill(rng.pick(EMAIL_SENTENCES[lang]), x, n);
			const parts = {f, email, local: email.slice(0, at), domain: email.slice(at + 1), n, sentence};
			const form = emailForm(rng.int(0, 7), parts, rng);
			sink.add({
				kind: form.kind,
				input: form.input,
				pii: [{class: 'email', value: form.value}],
				keep: form.keep,
				class: 'email',
				family: form.family,
				locale,
			});
		}
	}
}

const PROJECT_DIRS = ['projects', 'code', 'dev', 'src', 'work', 'Documents/GitHub', 'git'] as const;
const REPOS = ['shop-api', 'web', 'billing', 'analytics', 'monorepo', 'site', 'backend'] as const;
const FILES = [
	'src/index.ts',
	'src/server.js',
	'lib/handler.mjs',
	'dist/main.cjs',
	'app/routes/checkout.ts',
] as const;
const FNS = [
	'Object.<anonymous>',
	'handler',
	'Server.emit',
	'processTicksAndRejections',
	'Module._compile',
] as const;

interface HomePath {
	family: string;
	kind: 'text' | 'url';
	/** The path (or URL) holding the user name. */
	written: string;
	/** The part after the user name, which must stay (for debugging). */
	tail: string;
}

function homePathOf(user: string, rng: Rng): HomePath {
	const dir = rng.pick(PROJECT_DIRS);
	const repo = rng.pick(REPOS);
	const file = rng.pick(FILES);
	const pos = `:${rng.int(1, 400)}:${rng.int(1, 60)}`;
	const tail = `${repo}/${file}${pos}`;
	const winTail = tail.replace(/\//g, '\\');
	switch (rng.int(0, 6)) {
		case 0:
			return {family: 'home/macos', kind: 'text', written: `/Users/${user}/${dir}/${tail}`, tail};
		case 1:
			return {family: 'home/linux', kind: 'text', written: `/home/${user}/${dir}/${tail}`, tail};
		case 2:
			return {
				family: 'home/windows',
				kind: 'text',
				written: `C:\\Users\\${user}\\${dir.replace(/\//g, '\\')}\\${winTail}`,
				tail: winTail,
			};
		case 3: {
			const escaped = `C:\\\\Users\\\\${user}\\\\${dir.replace(/\//g, '\\\\')}\\\\${winTail.replace(/\\/g, '\\\\')}`;
			return {
				family: 'home/windows-escaped',
				kind: 'text',
				written: escaped,
				tail: winTail.replace(/\\/g, '\\\\'),
			};
		}
		case 4:
			return {
				family: 'home/file-url',
				kind: 'url',
				written: `file:///Users/${user}/${dir}/${tail}`,
				tail: `${repo}/${file}`,
			};
		case 5:
			return {
				family: 'home/windows-file-url',
				kind: 'url',
				written: `file:///C:/Users/${user}/${dir}/${tail}`,
				tail: `${repo}/${file}`,
			};
		default: {
			const encoded = encodeURIComponent(`/home/${user}/${dir}/${repo}/${file}`);
			return {
				family: 'home/url-encoded',
				kind: 'url',
				written: `/debug/source?file=${encoded}&line=${rng.int(1, 400)}`,
				tail: encodeURIComponent(`${repo}/${file}`),
			};
		}
	}
}

/** User home directories inside stack-trace lines, with faker user names: only the name segment is PII. */
export function addHomePaths(sink: CaseSink, rng: Rng): void {
	for (const locale of LOCALES) {
		for (let k = 0; k < 3; k++) {
			const user = usernameOf(fakerFor(locale, rng), rng);
			const p = homePathOf(user, rng);
			const labels = {
				class: 'home_path',
				family: p.family,
				locale,
				pii: [{class: 'home_path', value: user}],
				keep: [p.tail],
			};
			if (p.kind === 'url') {
				sink.add({kind: 'url', input: p.written, ...labels});
				continue;
			}
			const line = `    at ${rng.pick(FNS)} (${p.written})`;
			if (p.family === 'home/windows-escaped') {
				sink.add({
					kind: 'text',
					input: `{"level":"error","msg":"boom","stack":"Error: boom\\n${line.trim()}"}`,
					...labels,
				});
			} else if (rng.chance(0.7)) {
				sink.add({kind: 'text', input: `TypeError: Cannot read properties of undefined\n${line}`, ...labels});
			} else {
				sink.add({
					kind: 'object',
					input: {event: 'client_error', props: {stack: `Error: failed\n${line}`}},
					...labels,
				});
			}
		}
	}
}

/** A US SSN with a valid area (001–899 except 666), group (01–99) and serial (0001–9999). */
function ssnOf(rng: Rng): [string, string, string] {
	let area = rng.int(1, 899);
	if (area === 666) area = 667;
	return [
		String(area).padStart(3, '0'),
		String(rng.int(1, 99)).padStart(2, '0'),
		String(rng.int(1, 9999)).padStart(4, '0'),
	];
}

/** SSN forms: [family, kind, separator, the input around the number, a string that must stay]. */
const SSN_FORMS: readonly [string, 'text' | 'object', string, (v: string) => unknown, string][] = [
	['ssn/dashes', 'text', '-', (v) => `Applicant SSN ${v} verified on 2024-03-15`, '2024-03-15'],
	['ssn/spaces', 'text', ' ', (v) => `my social is ${v}, call me`, 'call me'],
	['ssn/compact-labelled', 'text', '', (v) => `SSN: ${v}`, 'SSN'],
	['ssn/object-key', 'object', '-', (v) => ({event: 'kyc', props: {ssn: v, step: 2}}), 'kyc'],
	['ssn/object-text', 'object', '-', (v) => ({event: 'kyc', props: {note: `tax id ${v}`}}), 'kyc'],
];

/** US SSNs, dashed, spaced, compact after a label, and under a key. */
export function addSsns(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 60; k++) {
		const [family, kind, sep, around, keep] = rng.pick(SSN_FORMS);
		const v = ssnOf(rng).join(sep);
		sink.add({
			kind,
			input: around(v),
			pii: [{class: 'ssn', value: v}],
			keep: [keep],
			class: 'ssn',
			family,
			locale: 'en_US',
		});
	}
}
