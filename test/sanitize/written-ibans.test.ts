/**
 * IBANs written in lower case or with dashes (issue 15; docs/sanitizer.md listed them under "Shapes it knows but
 * leaves"): `de89 3704 0044 0532 0130 00` and `DE89-3704-0044-0532-0130-00` went through unless an `iban` key stood
 * before them. They count only with a country of the SWIFT registry, that country's length and the mod-97 check.
 * IBANs from @faker-js/faker across its locales; keep cases of the same shape that fail one of the three checks.
 */
import {allFakers, type Faker} from '@faker-js/faker';
import {describe, expect, it} from 'vitest';
import {isPlainShort} from '../../src/sanitize/chars.js';
import {ibanLength} from '../../src/sanitize/iban-countries.js';
import {createInertTest, NOT_PROVEN} from '../../src/sanitize/inert.js';
import {
	createSanitizer,
	detectPii,
	sanitizeData,
	sanitizeText,
	sanitizeUrl,
} from '../../src/sanitize/index.js';
import {normalizeOptions} from '../../src/sanitize/options.js';
import {compileRules} from '../../src/sanitize/rules.js';
import {LOCALES} from '../corpus/fakers.js';
import {grouped, UNREGISTERED} from '../corpus/written-forms.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies(['iban/lower-case', 'iban/dashed', 'keep/iban-shaped-code']);

/** `n` IBANs of every faker locale, compact (capitals), seeded. */
function fakerIbans(perLocale: number): string[] {
	const out: string[] = [];
	for (const [k, locale] of LOCALES.entries()) {
		const f = (allFakers as Record<string, Faker>)[locale] as Faker;
		f.seed(1500 + k);
		for (let i = 0; i < perLocale; i++) out.push(f.finance.iban());
	}
	return out;
}

/** The ISO 13616 check digits of `country` + `bban`. */
function checkDigits(country: string, bban: string): string {
	const digits = `${bban}${country}00`.toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
	let rem = 0;
	for (const d of digits) rem = (rem * 10 + Number(d)) % 97;
	return String(98 - rem).padStart(2, '0');
}

const IBANS = fakerIbans(6).filter((iban) => !UNREGISTERED.has(iban.slice(0, 2)));

/** The lower-case and dashed ways of writing one IBAN that the capital-only rule missed. */
function writtenForms(iban: string): string[] {
	const lower = iban.toLowerCase();
	return [lower, grouped(lower, ' '), grouped(lower, '-'), grouped(iban, '-')];
}

describe('the registry table', () => {
	it('agrees with the length of every IBAN faker draws for a registered country', () => {
		const wrong = fakerIbans(40)
			.filter((iban) => !UNREGISTERED.has(iban.slice(0, 2)))
			.filter((iban) => ibanLength(iban.charCodeAt(0), iban.charCodeAt(1)) !== iban.length);
		expect(wrong).toEqual([]);
	});

	it('holds the registry countries only, in either case', () => {
		expect(ibanLength(68, 69)).toBe(22); // DE
		expect(ibanLength(100, 101)).toBe(22); // de
		expect(ibanLength(110, 111)).toBe(15); // no
		expect(ibanLength(73, 82)).toBe(26); // IR, a national IBAN outside the registry
		expect(ibanLength(65, 66)).toBe(0); // AB
		expect(ibanLength(48, 48)).toBe(0); // 00
	});
});

describe('faker IBANs written in lower case or with dashes', () => {
	it(`are redacted in text, URLs and property values (${IBANS.length} IBANs, ${LOCALES.length} locales)`, () => {
		const missed: string[] = [];
		for (const iban of IBANS)
			for (const written of writtenForms(iban)) {
				const text = sanitizeText(`Please pay to ${written}, thanks.`);
				const url = sanitizeUrl(`/pay/${encodeURIComponent(written)}?to=${encodeURIComponent(written)}&x=1`);
				const data = sanitizeData({note: written, msg: `iban ${written} ok`});
				if (text !== 'Please pay to [REDACTED_IBAN], thanks.') missed.push(`text ${text}`);
				if (url !== '/pay/[REDACTED_IBAN]?to=[REDACTED_IBAN]&x=1') missed.push(`url ${url}`);
				if (data['note'] !== '[REDACTED_IBAN]' || data['msg'] !== 'iban [REDACTED_IBAN] ok')
					missed.push(`data ${JSON.stringify(data)}`);
			}
		expect(missed).toEqual([]);
	});

	it.each([
		['de89 3704 0044 0532 0130 00', '[REDACTED_IBAN]'],
		['DE89-3704-0044-0532-0130-00', '[REDACTED_IBAN]'],
		['de89-3704-0044-0532-0130-00', '[REDACTED_IBAN]'],
		['gb29 nwbk 6016 1331 9268 19', '[REDACTED_IBAN]'],
		['no9386011117947', '[REDACTED_IBAN]'],
		['refund to acct_de89370400440532013000.', 'refund to acct_[REDACTED_IBAN].'],
		['(De89 3704 0044 0532 0130 00)', '([REDACTED_IBAN])'],
		// The words after it are no part of it, though a 4-letter one reads as one more group.
		['pay es3303700192983610042319 okay', 'pay [REDACTED_IBAN] okay'],
		['es33 0370 0192 9836 1004 2319 from now on', '[REDACTED_IBAN] from now on'],
		['es33-0370-0192-9836-1004-2319-done', '[REDACTED_IBAN]-done'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
	});

	it('are reported as iban by detect', () => {
		expect(detectPii({v: 'de89 3704 0044 0532 0130 00'})).toEqual(['iban']);
		expect(detectPii('DE89-3704-0044-0532-0130-00')).toEqual(['iban']);
	});

	it('the ibans switch turns them off', () => {
		const s = createSanitizer({ibans: false});
		expect(s.text('de89 3704 0044 0532 0130 00')).toBe('de89 3704 0044 0532 0130 00');
	});

	it('are never taken for inert by the prefilters of values and short strings', () => {
		const isInert = createInertTest(compileRules(normalizeOptions({})));
		const proven: string[] = [];
		for (const iban of IBANS)
			for (const written of writtenForms(iban))
				if (isInert(written) !== NOT_PROVEN || isPlainShort(written, 0, written.length)) proven.push(written);
		expect(proven).toEqual([]);
		// Norway's 15 characters, compact and in lower case, with letters where its digits would be: no digit run
		// long enough for the number rules, so the IBAN head alone must keep the short-string test away.
		const noLetters = `no${checkDigits('NO', 'abcdefghijk')}abcdefghijk`;
		expect(isPlainShort(noLetters, 0, noLetters.length)).toBe(false);
		expect(isPlainShort(`x${noLetters}`, 1, noLetters.length + 1)).toBe(false);
		expect(sanitizeText(noLetters)).toBe('[REDACTED_IBAN]');
	});
});

describe('lower-case codes of the same shape are kept', () => {
	const keep = [
		// Short commit hashes and order ids.
		'commit ab12cd3 fixed it',
		'see 9fceb02d0ae598e95dc970b74767f19372d61af8'.slice(0, 14),
		'order de12-3456-7890 shipped',
		'sku at12-ab34-cd56-ef78',
		// `de` + digits product codes that fail mod-97, of the German length.
		'product de12345678901234567890',
		'de00 1234 5678 9012 3456 78',
		'part de99-1234-5678-9012-3456-78',
		// mod-97-valid, but not of the country's length.
		`de${checkDigits('DE', '12345678901234567')}12345678901234567`,
		`nl${checkDigits('NL', 'abna04171643001')}abna04171643001`.toLowerCase(),
		// mod-97-valid and of a registered length, but no IBAN country.
		`ab${checkDigits('AB', '370400440532013000')}370400440532013000`.toLowerCase(),
		// Glued to letters that follow a digit: an id, not a label and an IBAN.
		'a1bde89370400440532013000',
	];
	it.each(keep)('%s', (v) => {
		expect(sanitizeText(v)).toBe(v);
		// In a phrase: a whole property value of 16+ mixed letters and digits is a token (`[REDACTED_API_KEY]`).
		expect(sanitizeData({v: `code ${v}`})).toEqual({v: `code ${v}`});
	});

	it('the keep cases that are mod-97-valid are so', () => {
		expect(checkDigits('DE', '370400440532013000')).toBe('89');
	});
});
