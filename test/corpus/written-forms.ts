/**
 * Two forms the capital-letter rules missed (issue 15): IBANs from @faker-js/faker written in lower case or in
 * groups joined by dashes (`de89 3704 …`, `DE89-3704-…`), and express-session signed session ids (cookie-signature's
 * documented format: `s:` + id + `.` + the unpadded base64 HMAC-SHA256 of the id) under keys that say nothing, in
 * text, URLs and property values. Keep cases: lower-case codes of the IBAN's shape that are none (order ids, SKUs,
 * `de` + digits product codes that fail mod-97, short commit hashes). Generated after every other family.
 */
import {createHmac} from 'node:crypto';
import type {CaseSink, CaseDraft} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import {BASE64URL, DIGITS, LOWER, type Rng} from './random.js';

/** faker draws Iranian IBANs too; Iran is not in the SWIFT IBAN registry: its written forms are national-ibans.ts's. */
export const UNREGISTERED = new Set(['IR']);

const TEXTS: readonly ((x: string) => string)[] = [
	(x) => `Please transfer the deposit to ${x} by Friday.`,
	(x) => `Bitte überweisen Sie an ${x}, danke.`,
	(x) => `refund requested: ${x} (ticket 4821)`,
	(x) => `Virement vers ${x} reçu`,
];

/** ISO 13616 mod 97 of an IBAN written compact (either case). */
function mod97(iban: string): number {
	const s = (iban.slice(4) + iban.slice(0, 4)).toUpperCase();
	let rem = 0;
	for (const c of s) {
		const v = c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 55 : Number(c);
		rem = (v >= 10 ? rem * 100 + v : rem * 10 + v) % 97;
	}
	return rem;
}

/** An IBAN in groups of four, joined by `sep`. */
export function grouped(compact: string, sep: string): string {
	return (compact.match(/.{1,4}/g) ?? []).join(sep);
}

/** One way of writing an IBAN that the capital-only rule missed; URLs get no spaces. */
function written(rng: Rng, iban: string, forUrl: boolean): {family: string; value: string} {
	const lower = iban.toLowerCase();
	const forms: [string, string][] = [
		['iban/lower-case', lower],
		['iban/dashed', grouped(iban, '-')],
		['iban/dashed', grouped(lower, '-')],
	];
	if (!forUrl) forms.push(['iban/lower-case', grouped(lower, ' ')]);
	const [family, value] = rng.pick(forms);
	return {family, value};
}

function placed(rng: Rng, value: string, kind: CaseDraft['kind'], key: string): unknown {
	if (kind === 'url')
		return rng.chance(0.5)
			? `/account/${value}/confirm?step=2`
			: `https://shop.example/pay?${key}=${value}&step=2`;
	if (kind === 'object') return rng.chance(0.5) ? {[key]: value, step: 2} : {message: rng.pick(TEXTS)(value)};
	return rng.pick(TEXTS)(value);
}

function addIbans(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 40; k++) {
		const locale = rng.pick(LOCALES);
		const iban = fakerFor(locale, rng).finance.iban();
		if (UNREGISTERED.has(iban.slice(0, 2))) continue;
		const kind = rng.pick(['text', 'url', 'object'] as const);
		const {family, value} = written(rng, iban, kind === 'url');
		sink.add({
			kind,
			input: placed(rng, value, kind, rng.pick(['v', 'ref', 'note', 'target'])),
			pii: [{class: 'iban', value}],
			keep: [],
			class: 'iban',
			family,
			locale,
		});
	}
}

/** Lower-case codes of the IBAN's shape that are no IBAN of the registry. */
const CODES: readonly ((r: Rng) => string)[] = [
	// `de` + 20 digits: the German length, but the check fails (one digit changed where it would hold).
	(r) => {
		const code = `de${r.string(20, DIGITS)}`;
		return mod97(code) === 1 ? code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10) : code;
	},
	(r) =>
		`${r.pick(['de', 'at', 'es', 'it'])}${r.string(2, DIGITS)}-${r.string(4, DIGITS)}-${r.string(4, DIGITS)}`,
	(r) =>
		`${r.pick(['ab', 'xy', 'zz'])}${r.string(2, DIGITS)} ${r.string(4, DIGITS)} ${r.string(4, DIGITS)} ${r.string(4, DIGITS)}`,
	(r) =>
		`${r.string(2, LOWER)}${r.string(2, DIGITS)}-${r.string(4, LOWER)}-${r.string(4, LOWER)}-${r.string(4, LOWER)}`,
	(r) => `${r.string(2, LOWER)}${r.string(5, '0123456789abcdef')}`,
];

const KEEP_TEXTS: readonly ((x: string) => string)[] = [
	(x) => `order ${x} shipped`,
	(x) => `SKU ${x} back in stock`,
	(x) => `commit ${x} fixed the build`,
	(x) => `Artikel ${x} ausverkauft`,
];

function addKeeps(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 40; k++) {
		const code = rng.pick(CODES)(rng);
		// A mod-97-valid code of a registered country and length is an IBAN: not a keep case.
		if (/^[a-z]{2}\d{2}/.test(code) && mod97(code.replaceAll(/[ -]/g, '')) === 1) continue;
		const text = rng.pick(KEEP_TEXTS)(code);
		sink.add({
			kind: rng.chance(0.5) ? 'text' : 'object',
			input: text,
			pii: [],
			keep: [code],
			class: 'keep',
			family: 'keep/iban-shaped-code',
			locale: 'en',
		});
	}
}

function addSessions(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 30; k++) {
		const id = rng.string(32, BASE64URL);
		const mac = createHmac('sha256', rng.string(16, BASE64URL))
			.update(id)
			.digest('base64')
			.replaceAll('=', '');
		const decoded = `s:${id}.${mac}`;
		const kind = rng.pick(['text', 'url', 'object'] as const);
		// As a Cookie header carries it (percent-encoded), or decoded by a framework before it was logged.
		const value = kind === 'url' || rng.chance(0.5) ? encodeURIComponent(decoded) : decoded;
		const input =
			kind === 'url'
				? `/resume?${rng.pick(['v', 'state', 'x'])}=${value}&tab=2`
				: kind === 'object'
					? {[rng.pick(['v', 'value', 'raw', 'c'])]: value, tab: 2}
					: rng.pick([`restored ${value} for tab 2`, `{"v":"${value}","tab":2}`, `v: ${value}`]);
		sink.add({
			kind,
			input,
			// The id and the signature, each a span: a rule that takes one part leaves the other.
			pii: [
				{class: 'secret', value: id},
				{class: 'secret', value: value.slice(value.lastIndexOf('.') + 1)},
			],
			keep: [],
			class: 'secret',
			family: 'secret/signed-session-bare',
			locale: 'en',
		});
	}
}

/** 40 IBANs, 40 keep codes and 30 signed session ids per split. */
export function addWrittenForms(sink: CaseSink, rng: Rng): void {
	addIbans(sink, rng);
	addKeeps(sink, rng);
	addSessions(sink, rng);
}
