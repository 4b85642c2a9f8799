/**
 * PII in form-encoded query strings, written by `URLSearchParams` (spaces as `+`, `@` as `%40`, `+` as `%2B`), as
 * HTML GET forms, search boxes and `URLSearchParams.toString()` send it: phones from libphonenumber-js's example
 * numbers (national and international formats, alone or in a sentence of the region's language), cards from faker
 * (Luhn-valid, in groups), IBANs from faker (formatted) and emails from faker in a sentence; each in a page path, an
 * absolute URL, an access-log request line and a referrer (`host/path?query`, as Umami stores it). Keep cases put
 * the keep-list values of `keep.ts` into the same queries. The span is the value as encoded; for a number in
 * groups also the groups after the first, so a rule that takes only the first group fails. Generated after every
 * other family.
 */
import {getCountries, getExampleNumber, type CountryCode, type PhoneNumber} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type {CaseSink} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import {makeIn, MAKERS} from './keep.js';
import {
	EMAIL_SENTENCES,
	fill,
	KEEP_SENTENCES,
	langOfLocale,
	langOfRegion,
	PHONE_SENTENCES,
} from './languages.js';
import {parse} from './phones.js';
import {DIGITS, type Rng} from './random.js';

const PATHS = ['/search', '/checkout', '/contact', '/s', '/support/form'] as const;
const ISSUERS = ['visa', 'mastercard', 'amex', 'discover', 'jcb'] as const;

/** How `URLSearchParams` writes `value` in a query. */
function formEncoded(value: string): string {
	return new URLSearchParams({x: value}).toString().slice(2);
}

/** A query with `key=value` and sometimes other parameters, which are keep strings. */
function queryOf(rng: Rng, key: string, value: string): {query: string; keep: string[]} {
	const params = new URLSearchParams();
	const keep: string[] = [];
	if (rng.chance(0.5)) {
		params.set('lang', rng.pick(['de', 'en', 'fr', 'pt-BR']));
		keep.push(`lang=${params.get('lang') ?? ''}`);
	}
	params.set(key, value);
	if (rng.chance(0.5)) {
		params.set('page', String(rng.int(2, 9)));
		keep.push(`page=${params.get('page') ?? ''}`);
	}
	return {query: params.toString(), keep};
}

/** The query in a page path, an absolute URL, an access-log line or a referrer; the kind and the keep strings it adds. */
function place(rng: Rng, query: string): {kind: 'url' | 'text'; input: string; keep: string[]} {
	const path = rng.pick(PATHS);
	switch (rng.int(0, 3)) {
		case 0:
			return {kind: 'url', input: `${path}?${query}`, keep: [path]};
		case 1:
			return {kind: 'url', input: `https://shop.example.com${path}?${query}`, keep: ['shop.example.com']};
		case 2:
			return {
				kind: 'text',
				input: `10.0.0.7 - - [07/Dec/2026:09:00:00 +0000] "GET ${path}?${query} HTTP/1.1" 200 512 "-" "Mozilla/5.0"`,
				keep: ['" 200 512'],
			};
		default:
			return {kind: 'text', input: `www.google.com${path}?${query}`, keep: ['www.google.com']};
	}
}

/** Adds one case whose PII is `written` (a number in groups gets its tail as a second span). */
function add(
	sink: CaseSink,
	rng: Rng,
	cls: string,
	locale: string,
	key: string,
	value: string,
	written: string,
): void {
	const {query, keep} = queryOf(rng, key, value);
	const at = place(rng, query);
	const span = formEncoded(written);
	const plus = span.indexOf('+');
	const tail = plus === -1 ? '' : span.slice(plus + 1);
	sink.add({
		kind: at.kind,
		input: at.input,
		pii: [
			{class: cls, value: span},
			...(tail.length >= 3 && /\d/.test(tail) ? [{class: cls, value: tail}] : []),
		],
		keep: [...at.keep, ...keep],
		class: cls,
		family: `${cls}/form-query`,
		locale,
	});
}

/** The region's example mobile number with its last two digits varied (re-validated), or the example. */
function phoneOf(region: CountryCode, rng: Rng): PhoneNumber | undefined {
	const example = getExampleNumber(region, examples);
	if (!example) return undefined;
	const nsn = example.nationalNumber;
	return parse(nsn.slice(0, -2) + rng.string(2, DIGITS), region) ?? example;
}

/** 40 phones, 40 cards, 40 IBANs, 40 emails and 40 keep values per split, in form-encoded queries. */
export function addFormQueries(sink: CaseSink, rng: Rng): void {
	const regions = getCountries();
	for (let k = 0; k < 40; k++) {
		const region = rng.pick(regions);
		const p = phoneOf(region, rng);
		if (p) {
			const written = rng.chance(0.5) ? p.format('NATIONAL') : p.format('INTERNATIONAL');
			const inSentence = rng.chance(0.5);
			const value = inSentence
				? fill(rng.pick(PHONE_SENTENCES[langOfRegion(region)]), written, `#${rng.int(10_000, 99_999)}`)
				: written;
			add(sink, rng, 'phone', region, inSentence ? 'q' : rng.pick(['phone', 'tel', 'q']), value, written);
		}
		const locale = rng.pick(LOCALES);
		const f = fakerFor(locale, rng);
		const card = f.finance.creditCardNumber(rng.pick(ISSUERS)).replaceAll('-', ' ');
		add(sink, rng, 'card', locale, rng.pick(['q', 'search', 'card_number', 'cc']), card, card);
		const iban = f.finance.iban({formatted: true});
		add(sink, rng, 'iban', locale, rng.pick(['q', 'iban', 'account']), iban, iban);
		const email = f.internet.email({firstName: f.person.firstName(), lastName: f.person.lastName()});
		const sentence = fill(
			rng.pick(EMAIL_SENTENCES[langOfLocale(locale)]),
			email,
			`#${rng.int(1000, 99_999)}`,
		);
		add(sink, rng, 'email', locale, rng.pick(['q', 'message', 'comment']), sentence, email);
		const [, make] = rng.pick(MAKERS);
		const kept = makeIn(make, f, rng, locale);
		const {query, keep} = queryOf(
			rng,
			rng.pick(['q', 'note', 'search']),
			fill(rng.pick(KEEP_SENTENCES[langOfLocale(locale)]), kept),
		);
		const at = place(rng, query);
		sink.add({
			kind: at.kind,
			input: at.input,
			pii: [],
			keep: [formEncoded(kept), ...at.keep, ...keep],
			class: 'keep',
			family: `keep/form-query`,
			locale,
		});
	}
}
