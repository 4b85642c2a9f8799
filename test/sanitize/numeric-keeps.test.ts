/**
 * The keep-list's numbers that share a phone's shape (test/corpus/keep-numeric.ts): counts, dates and date-times
 * in each locale's `Intl` format, compact ISO dates and Unix timestamps — also after a calling word — percentages,
 * barcodes, routing numbers, BICs, flight numbers, private IPs, user agents. Compact dates and timestamps after a
 * calling word, date-times with a two-digit year, basic ISO timestamps and dashed 4-3 postal codes were redacted
 * on main.
 */
import {describe, expect, it} from 'vitest';
import {describeCleanFamilies, scoreFamilies} from './generated-families.js';

describeCleanFamilies([
	'keep/bic',
	'keep/count',
	'keep/date-2digit',
	'keep/date-2digit-after-phone-word',
	'keep/date-compact',
	'keep/date-compact-after-phone-word',
	'keep/datetime-intl',
	'keep/datetime-intl-after-phone-word',
	'keep/duration',
	'keep/flight-number',
	'keep/ipv4-private',
	'keep/percent',
	'keep/postal-code',
	'keep/routing-number',
	'keep/timestamp-unix',
	'keep/timestamp-unix-after-phone-word',
	'keep/user-agent',
]);

describe('barcodes and ISBN-10 written bare (known over-redaction)', () => {
	// A bare 10–12 digit run with a leading 0 is read as a trunk-prefixed national number (`0612345678`); a UPC-A
	// or an ISBN-10 that starts with 0 is taken for one, and a 13-digit EAN that passes Luhn after a 4 for a Visa
	// card. Their check digits would pass one phone in ten, so they are not used to keep them.
	it.each([
		['keep/upc-a', 0.85],
		['keep/isbn-10', 0.8],
		['keep/ean-13', 0.95],
	] as const)('%s: keep-rate at least %s', (family, floor) => {
		const r = scoreFamilies([family]);
		expect(r.cases).toBeGreaterThan(0);
		expect(r.keepRate).toBeGreaterThanOrEqual(floor);
	});
});
