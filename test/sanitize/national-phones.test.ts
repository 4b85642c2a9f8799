/**
 * National phone formats (issue 15, family 1 of the issue): the slash after a trunk-prefixed area code, trunk-0
 * numbers with dots, the `00` prefix, `+CC (0)…`, and numbers in messaging links.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {scoreFamilies} from './generated-families.js';

describe('generated dev families (libphonenumber-js example numbers)', () => {
	it.each([
		['phone/idd-00', 1],
		['phone/url-wa.me', 1],
		['phone/url-wa.me-plus', 0.97],
		['phone/url-telegram', 1],
		['phone/national-slash', 0.97],
		['phone/national-slash-spaced', 0.97],
		['phone/international-paren0', 0.95],
		['phone/national-dots', 0.55],
	] as const)('%s: recall at least %s', (family, floor) => {
		const r = scoreFamilies([family]);
		expect(r.cases).toBeGreaterThan(0);
		expect(r.recall).toBeGreaterThanOrEqual(floor);
		expect(r.keepRate).toBe(1);
	});
});

describe('by hand', () => {
	it.each([
		['Tel. 030/1234567', 'Tel. [REDACTED_PHONE]'],
		['unter 030 / 123 4567 erreichbar', 'unter [REDACTED_PHONE] erreichbar'],
		['0664/121461', '[REDACTED_PHONE]'],
		['Rappelez-moi au 06.12.34.56.78', 'Rappelez-moi au [REDACTED_PHONE]'],
		['050.41.58.48', '[REDACTED_PHONE]'],
		['0086 131 2345 2989', '[REDACTED_PHONE]'],
		['00355 67 212 3422', '[REDACTED_PHONE]'],
		['+49 (0)30 123 4567 or 2 items', '[REDACTED_PHONE] or 2 items'],
		['050 196 368', '[REDACTED_PHONE]'],
		['https://wa.me/4915112345678?text=hi', 'https://wa.me/[REDACTED_PHONE]?text=hi'],
		['chat: wa.me/+4915112345678', 'chat: wa.me/[REDACTED_PHONE]'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it('in URLs', () => {
		expect(sanitizeUrl('https://wa.me/4915112345678')).toBe('https://wa.me/[REDACTED_PHONE]');
		expect(sanitizeUrl('https://t.me/+4915112345678')).toBe('https://t.me/+[REDACTED_PHONE]');
	});

	it.each([
		'05/12/2024',
		'1/2/2024 12:00',
		'score 3/10',
		'/api/v1/users/1234567',
		'ratio 0/1234',
		'https://wa.me/message/ABCDEF123',
		'https://t.me/durov',
		'v0.12.3',
		'1 299 000 EUR',
		'page 12/345',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});
});

describe('phone words before a number', () => {
	it.each([
		['mobile 6113.4275', 'mobile [REDACTED_PHONE]'],
		['Mon numéro : 050.41.58.48', 'Mon numéro : [REDACTED_PHONE]'],
		['Мой номер: 8473 7252', 'Мой номер: [REDACTED_PHONE]'],
		['الهاتف 400.9.49445', 'الهاتف [REDACTED_PHONE]'],
		['Tel. 040 0813244697 zurück', 'Tel. [REDACTED_PHONE] zurück'],
		['can be reached at 9-518-0144.', 'can be reached at [REDACTED_PHONE].'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
	});

	it.each(['label 1234567', 'total: 1234.5678', 'Bestellung 2024-07-07', 'contact us about order #1234567'])(
		'keeps %s',
		(s) => {
			expect(sanitizeText(s)).toBe(s);
		},
	);
});
