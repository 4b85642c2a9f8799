/**
 * IBANs outside the SWIFT registry (the national IBANs of 25 countries) and lower-case IBANs glued to the word
 * before them (issue 15): in capitals the national ones were found by the mod-97 check alone, but in lower case or
 * with dashes a country needed the registry, and `ibande89…` was one word. Built to ibantools' country
 * specifications (test/corpus/national-ibans.ts) and drawn from @faker-js/faker.
 */
import {describe, expect, it} from 'vitest';
import {ibanLength, startsIbanAt} from '../../src/sanitize/iban-countries.js';
import {sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {ibanMod97, NATIONAL_COUNTRIES, NATIONAL_SPECS, nationalIban} from '../corpus/national-ibans.js';
import {Rng} from '../corpus/random.js';
import {grouped} from '../corpus/written-forms.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies(['iban/national', 'iban/glued-lower', 'keep/iban-glued-code', 'iban/glued-caps-label']);

describe('IBANs glued to the label in capitals', () => {
	it.each([
		['IBANDE89370400440532013000', 'IBAN[REDACTED_IBAN]'],
		['IBANGB82 WEST 1234 5698 7654 32 paid', 'IBAN[REDACTED_IBAN] paid'],
		['refund requested: IBANMT84MALT011000012345MTLCAST001S', 'refund requested: IBAN[REDACTED_IBAN]'],
	])('%s', (input, output) => {
		expect(sanitizeText(input)).toBe(output);
	});

	it.each(['IBANDE89370400440532013001', 'XIBANDE89', 'IBANS: 2 verified'])('keeps %s', (input) => {
		expect(sanitizeText(input)).toBe(input);
	});
});

describe('national IBANs', () => {
	const rng = new Rng(0x15);

	it("agree with ibantools' BBAN shapes for each of the 25 countries", () => {
		expect(NATIONAL_SPECS).toHaveLength(25);
		for (const spec of NATIONAL_SPECS) {
			const [country, runs] = spec;
			const length = 4 + runs.reduce((sum, [, count]) => sum + count, 0);
			expect(ibanLength(country.charCodeAt(0), country.charCodeAt(1)), country).toBe(length);
			const iban = nationalIban(rng, spec);
			expect(iban, country).toHaveLength(length);
			expect(ibanMod97(iban.slice(0, 2), iban.slice(2, 4), iban.slice(4)), country).toBe(1);
		}
	});

	it.each(NATIONAL_COUNTRIES.map((c) => [c]))('%s: in capitals, lower case, groups and dashes', (country) => {
		const spec = [country, [['0123456789', ibanLength(country.charCodeAt(0), country.charCodeAt(1)) - 4]]];
		const iban = nationalIban(rng, spec as never);
		const lower = iban.toLowerCase();
		for (const v of [iban, lower, grouped(lower, ' '), grouped(iban, '-'), grouped(lower, '-')]) {
			expect(sanitizeText(`pay to ${v}, thanks`), v).toBe('pay to [REDACTED_IBAN], thanks');
			expect(sanitizeData({note: `pay to ${v}`}), v).toEqual({note: 'pay to [REDACTED_IBAN]'});
		}
		expect(sanitizeUrl(`/pay?ref=${lower}&step=2`)).toBe('/pay?ref=[REDACTED_IBAN]&step=2');
	});

	it("are kept when the check fails or the length is not the country's", () => {
		const iban = nationalIban(rng, ['MA', [['0123456789', 24]]] as never).toLowerCase();
		const wrongCheck = `ma${String((Number(iban.slice(2, 4)) % 97) + 1).padStart(2, '0')}${iban.slice(4)}`;
		for (const v of [wrongCheck, `${iban.slice(0, -1)}`, `ma64 ${iban.slice(4, 20)}`])
			expect(sanitizeText(`order ${v} shipped`)).toBe(`order ${v} shipped`);
	});
});

describe('lower-case IBANs glued to a word', () => {
	it.each([
		['ibande89370400440532013000', 'iban[REDACTED_IBAN]'],
		['see ibanma64011519000001205000534921.', 'see iban[REDACTED_IBAN].'],
		['Kontode89370400440532013000', 'Konto[REDACTED_IBAN]'],
		['to:de89370400440532013000', 'to:[REDACTED_IBAN]'],
	])('%s', (input, output) => {
		expect(sanitizeText(input)).toBe(output);
	});

	it.each([
		// Letters after a digit or `_`, and heads right after a digit: ids and hashes.
		'a1bde89370400440532013000',
		'x_yde89370400440532013000',
		'oid12de89370400440532013000',
		'5f1d7ab2de8912345678ab90ff',
		// Glued, but the check fails.
		'ibande89370400440532013001',
	])('keeps %s', (v) => {
		expect(sanitizeText(`see ${v} here`)).toBe(`see ${v} here`);
	});

	it('startsIbanAt reads back one run of letters only', () => {
		expect(startsIbanAt('ibande89', 4, 0)).toBe(true);
		expect(startsIbanAt('x ibande89', 6, 0)).toBe(true);
		expect(startsIbanAt('a1bde89', 3, 0)).toBe(false);
		expect(startsIbanAt('a_bde89', 3, 0)).toBe(false);
		expect(startsIbanAt('_de89', 1, 0)).toBe(true);
		expect(startsIbanAt('1de89', 1, 0)).toBe(false);
		expect(startsIbanAt('1abde89', 3, 1)).toBe(true);
	});
});
