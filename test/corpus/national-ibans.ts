/**
 * IBANs the SWIFT registry does not list (the national IBANs of 25 countries, many in the West and Central African
 * monetary unions) and IBANs glued to the word before them in lower case (`ibande89…`), issue 15. The national
 * IBANs are built to ibantools' country specifications (length and BBAN shape of each country, its
 * `countrySpecs` entries without `IBANRegistry`), with random BBANs and the ISO 13616 check digits; the glued ones
 * are @faker-js/faker's IBANs of every locale. Keep cases: codes of the same shapes whose check fails, and hex ids
 * in which a head of two letters and two digits turns up.
 */
import type {CaseDraft, CaseSink} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import {DIGITS, HEX, LOWER, UPPER, type Rng} from './random.js';
import {grouped} from './written-forms.js';

/**
 * ibantools 4.5.4 `countrySpecs` outside the registry (its `bban_regexp`s): country, BBAN shape as [alphabet, count]
 * runs. Typed apart from `src/sanitize/iban-countries.ts`, whose lengths the tests check against these shapes.
 */
export const NATIONAL_SPECS: readonly (readonly [string, readonly (readonly [string, number])[]])[] = [
	['AO', [[DIGITS, 21]]],
	[
		'BF',
		[
			[UPPER + DIGITS, 2],
			[DIGITS, 22],
		],
	],
	['BI', [[DIGITS, 23]]],
	[
		'BJ',
		[
			[UPPER + DIGITS, 2],
			[DIGITS, 22],
		],
	],
	['CF', [[DIGITS, 23]]],
	['CG', [[DIGITS, 23]]],
	[
		'CI',
		[
			[UPPER, 1],
			[DIGITS, 23],
		],
	],
	['CM', [[DIGITS, 23]]],
	['CV', [[DIGITS, 21]]],
	['DJ', [[DIGITS, 23]]],
	['DZ', [[DIGITS, 22]]],
	['GA', [[DIGITS, 23]]],
	['GQ', [[DIGITS, 23]]],
	[
		'GW',
		[
			[UPPER, 2],
			[DIGITS, 19],
		],
	],
	[
		'HN',
		[
			[UPPER, 4],
			[DIGITS, 20],
		],
	],
	['IR', [[DIGITS, 22]]],
	['KM', [[DIGITS, 23]]],
	['MA', [[DIGITS, 24]]],
	['MG', [[DIGITS, 23]]],
	[
		'ML',
		[
			[UPPER + DIGITS, 2],
			[DIGITS, 22],
		],
	],
	['MZ', [[DIGITS, 21]]],
	[
		'NE',
		[
			[UPPER, 2],
			[DIGITS, 22],
		],
	],
	[
		'SN',
		[
			[UPPER, 2],
			[DIGITS, 22],
		],
	],
	['TD', [[DIGITS, 23]]],
	[
		'TG',
		[
			[UPPER, 2],
			[DIGITS, 22],
		],
	],
];

/** The national IBAN countries (exported for the tests). */
export const NATIONAL_COUNTRIES: readonly string[] = NATIONAL_SPECS.map(([c]) => c);

/** ISO 13616 mod 97 of `country` + `check` + `bban` (either case). */
export function ibanMod97(country: string, check: string, bban: string): number {
	const s = `${bban}${country}${check}`.toUpperCase();
	let rem = 0;
	for (const c of s) {
		const v = c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 55 : Number(c);
		rem = (v >= 10 ? rem * 100 + v : rem * 10 + v) % 97;
	}
	return rem;
}

/** A valid national IBAN of `country`'s spec, compact and in capitals. */
export function nationalIban(rng: Rng, spec: (typeof NATIONAL_SPECS)[number]): string {
	const [country, runs] = spec;
	const bban = runs.map(([alphabet, count]) => rng.string(count, alphabet)).join('');
	const check = String(98 - ibanMod97(country, '00', bban)).padStart(2, '0');
	return `${country}${check}${bban}`;
}

const TEXTS: readonly ((x: string) => string)[] = [
	(x) => `Merci de virer l'acompte sur ${x} avant vendredi.`,
	(x) => `Please pay invoice 2291 to ${x}, thanks.`,
	(x) => `refund requested: ${x} (ticket 4821)`,
	(x) => `Virement reçu de ${x}`,
];

/** Words an IBAN is glued to when the space is forgotten. */
const LABELS = ['iban', 'IBAN', 'rib', 'konto', 'Konto', 'compte', 'account', 'to'];

function placed(rng: Rng, value: string, kind: CaseDraft['kind']): unknown {
	if (kind === 'url') return `https://pay.example/checkout?${rng.pick(['ref', 'note', 'v'])}=${value}&step=2`;
	if (kind === 'object') return {[rng.pick(['note', 'ref', 'memo'])]: rng.pick(TEXTS)(value), step: 2};
	return rng.pick(TEXTS)(value);
}

function addNational(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 50; k++) {
		const spec = rng.pick(NATIONAL_SPECS);
		const iban = nationalIban(rng, spec);
		const kind = rng.pick(['text', 'url', 'object'] as const);
		const lower = iban.toLowerCase();
		const forms = [iban, lower, grouped(iban, '-'), grouped(lower, '-')];
		if (kind !== 'url') forms.push(grouped(iban, ' '), grouped(lower, ' '));
		const value = rng.pick(forms);
		sink.add({
			kind,
			input: placed(rng, value, kind),
			pii: [{class: 'iban', value}],
			keep: [],
			class: 'iban',
			family: 'iban/national',
			locale: spec[0],
		});
	}
}

/** A national IBAN (one in four) or faker's IBAN of a random locale, in capitals. */
function drawIban(rng: Rng): {iban: string; locale: string} {
	const national = rng.chance(0.25);
	const locale = national ? 'en' : rng.pick(LOCALES);
	const iban = national ? nationalIban(rng, rng.pick(NATIONAL_SPECS)) : fakerFor(locale, rng).finance.iban();
	return {iban, locale};
}

function addGlued(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 40; k++) {
		const {iban, locale} = drawIban(rng);
		const value = iban.toLowerCase();
		const kind = rng.pick(['text', 'url', 'object'] as const);
		sink.add({
			kind,
			input: placed(rng, `${rng.pick(LABELS)}${value}`, kind),
			pii: [{class: 'iban', value}],
			keep: [],
			class: 'iban',
			family: 'iban/glued-lower',
			locale,
		});
	}
}

/**
 * IBANs glued to the label in capitals (`IBANDE89370400440532013000`, `IBANFR76 3000 …`): faker's IBANs of every
 * locale and national ones, compact or in groups of four. The label itself is a keep string: only the number goes.
 * (A mistyped IBAN after the label is no keep case: it is still someone's account number, and the long-run rules
 * may take it.)
 */
export function addGluedCapsIbans(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 40; k++) {
		const {iban, locale} = drawIban(rng);
		const value = rng.chance(0.3) ? grouped(iban, ' ') : iban;
		const kind = rng.pick(['text', 'object'] as const);
		sink.add({
			kind,
			input: placed(rng, `IBAN${value}`, kind),
			pii: [{class: 'iban', value}],
			keep: ['IBAN'],
			class: 'iban',
			family: 'iban/glued-caps-label',
			locale,
		});
	}
}

/** Codes of the national and glued shapes that are no IBAN. */
const CODES: readonly ((r: Rng) => string)[] = [
	// A national IBAN with its check digits off by one.
	(r) => {
		const iban = nationalIban(r, r.pick(NATIONAL_SPECS)).toLowerCase();
		const check = (Number(iban.slice(2, 4)) % 97) + 1;
		return `${iban.slice(0, 2)}${String(check).padStart(2, '0')}${iban.slice(4)}`;
	},
	// A hex id (MongoDB ObjectId, trace id) glued to a word; digits come before any letter-digit head.
	(r) => `${r.pick(['oid', 'trace', 'req'])}${r.string(2, DIGITS)}${r.string(22, HEX)}`,
	// A word glued to a run of lower-case letters and digits after a digit (`build7ab12…`).
	(r) => `build${r.string(1, DIGITS)}${r.string(2, LOWER)}${r.string(20, DIGITS)}`,
];

function addKeeps(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 30; k++) {
		const code = rng.pick(CODES)(rng);
		sink.add({
			kind: rng.chance(0.5) ? 'text' : 'object',
			input: rng.pick([`order ${code} shipped`, `see ${code} in the log`, `Artikel ${code} ausverkauft`]),
			pii: [],
			keep: [code],
			class: 'keep',
			family: 'keep/iban-glued-code',
			locale: 'en',
		});
	}
}

/** 50 national IBANs, 40 glued lower-case IBANs and 30 keep codes per split. */
export function addNationalIbans(sink: CaseSink, rng: Rng): void {
	addNational(sink, rng);
	addGlued(sink, rng);
	addKeeps(sink, rng);
}
