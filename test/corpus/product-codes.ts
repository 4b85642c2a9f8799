/**
 * Product codes with a leading `0` that have a trunk-prefixed phone number's shape: ISBN-10 (mod-11 check digit),
 * UPC-A (GS1) and EAN-13 (GS1, with a `0` first, or a `4` first where the code also passes Luhn as a 13-digit
 * Visa would). Keep-only cases, written bare in the locale's keep sentences and in objects. Generated after every
 * other family, so the cases before them stay the same.
 */
import type {CaseSink} from './case.js';
import {LOCALES} from './fakers.js';
import {gs1} from './keep-numeric.js';
import {fill, KEEP_SENTENCES, langOfLocale} from './languages.js';
import {DIGITS, type Rng} from './random.js';

/** ISBN-10 with a `0` (English-language) group: nine digits and the mod-11 check, retried until it is a digit. */
function isbn10(rng: Rng): string {
	for (;;) {
		const body = `0${rng.string(8, DIGITS)}`;
		let sum = 0;
		for (let i = 0; i < 9; i++) sum += (10 - i) * Number(body[i]);
		const check = (11 - (sum % 11)) % 11;
		if (check < 10) return `${body}${check}`;
	}
}

/** Luhn over a string of digits. */
export function luhn(d: string): boolean {
	let sum = 0;
	for (let i = 0; i < d.length; i++) {
		let v = Number(d[d.length - 1 - i]);
		if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
		sum += v;
	}
	return sum % 10 === 0;
}

/** An EAN-13 starting with `4` (Germany's GS1 range) that Luhn also accepts. */
function ean13Luhn(rng: Rng): string {
	for (;;) {
		const code = gs1(`40${rng.string(10, DIGITS)}`);
		if (luhn(code)) return code;
	}
}

const CODES: readonly [string, (r: Rng) => string][] = [
	['keep/isbn-10-leading-0', isbn10],
	['keep/upc-a-leading-0', (r) => gs1(`0${r.string(10, DIGITS)}`)],
	['keep/ean-13-leading-0', (r) => gs1(`0${r.string(11, DIGITS)}`)],
	['keep/ean-13-luhn', ean13Luhn],
];

/** One code of each kind per faker locale. */
export function addProductCodes(sink: CaseSink, rng: Rng): void {
	for (const locale of LOCALES) {
		for (const [family, make] of CODES) {
			const value = make(rng);
			const labels = {pii: [], keep: [value], class: 'keep', family, locale};
			if (rng.chance(0.7))
				sink.add({
					kind: 'text',
					input: fill(rng.pick(KEEP_SENTENCES[langOfLocale(locale)]), value),
					...labels,
				});
			else sink.add({kind: 'object', input: {event: 'report', props: {detail: value, rows: 12}}, ...labels});
		}
	}
}
