/**
 * Product codes with a phone number's or a card's shape (issue 15, over-redaction): ISBN-10, UPC-A and EAN-13
 * with a leading `0`, and EAN-13s that also pass Luhn, are kept by their check digit — unless a phone word says
 * otherwise.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeText} from '../../src/sanitize/index.js';
import {isGs1, isIsbn10} from '../../src/sanitize/product-codes.js';
import {describeCleanFamilies} from './generated-families.js';

// The leading-0 codes were taken for trunk-prefixed phone numbers and the Luhn-valid EAN-13s for cards on main.
describeCleanFamilies([
	'keep/ean-13',
	'keep/ean-13-leading-0',
	'keep/ean-13-luhn',
	'keep/isbn-10',
	'keep/isbn-10-leading-0',
	'keep/upc-a',
	'keep/upc-a-leading-0',
	'keep/labelled-product-code',
	'phone/beside-labelled-code',
]);

describe('by hand', () => {
	it.each(['Shipped on 0380421828, thanks', 'detail 064900422812', 'EAN 4091892315958', 'ISBN 0306406152'])(
		'keeps %s',
		(s) => {
			expect(sanitizeText(s)).toBe(s);
			expect(isPiiDetected(s)).toBe(false);
		},
	);

	it.each([
		['call me on 0380421828', 'call me on [REDACTED_PHONE]'],
		['Tel: 064900422812', 'Tel: [REDACTED_PHONE]'],
		['Shipped on 0380421829, thanks', 'Shipped on [REDACTED_PHONE], thanks'],
	])('a phone word or a wrong check digit: %s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
	});

	it('check digits', () => {
		expect(isIsbn10('0306406152')).toBe(true);
		expect(isIsbn10('0306406153')).toBe(false);
		expect(isGs1('036000291452')).toBe(true);
		expect(isGs1('4006381333931')).toBe(true);
		expect(isGs1('4006381333932')).toBe(false);
	});
});

describe('codes after a product label, phones after a phone word', () => {
	it.each([
		'part 1234-5678-90',
		'P/N 0800-123-456',
		'Art.-Nr. 4711-0815-12',
		'Artikelnummer 4711-0815-12',
		'item 12-3456-789',
		'ISBN 1-4628-0645-7',
	])('keeps %s', (input) => {
		expect(sanitizeText(input)).toBe(input);
		expect(isPiiDetected(input)).toBe(false);
	});

	it.each([
		['Tel.-Nr. 030 1234567', 'Tel.-Nr. [REDACTED_PHONE]'],
		['Kunden-Nr. 030 1234567', 'Kunden-Nr. [REDACTED_PHONE]'],
		['part 1234-5678-90, call 030 1234567', 'part 1234-5678-90, call [REDACTED_PHONE]'],
		['artist 030 1234567', 'artist [REDACTED_PHONE]'],
	])('%s', (input, output) => {
		expect(sanitizeText(input)).toBe(output);
	});
});
