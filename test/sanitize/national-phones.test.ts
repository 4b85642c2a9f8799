/**
 * National phone formats (issue 15, family 1 of the issue): the slash after a trunk-prefixed area code, trunk-0
 * numbers with dots, the `00` prefix, `+CC (0)…`, numbers in messaging links, phone words a few words before
 * the number, and the short numbers of small regions written with their country code.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

// Every phone family of the dev split, every region and number type: the trunk-less national numbers, the
// non-trunk dotted ones, the date-shaped dashed ones and the short numbers written with their country code leaked
// on main.
describeCleanFamilies([
	'phone/e164',
	'phone/idd-00',
	'phone/idd-00-bracketed',
	'phone/idd-00-compact',
	'phone/idd-00-short',
	'phone/idd-00-spaced',
	'phone/international',
	'phone/international-dashes',
	'phone/international-dots',
	'phone/international-paren0',
	'phone/national',
	'phone/national-compact',
	'phone/national-dashes',
	'phone/national-dots',
	'phone/national-pairs',
	'phone/national-slash',
	'phone/national-slash-spaced',
	'phone/rfc3966',
	'phone/url-sms',
	'phone/url-tel',
	'phone/url-tel-rfc3966',
	'phone/url-telegram',
	'phone/url-wa.me',
	'phone/url-wa.me-plus',
	'phone/url-whatsapp-send',
]);

describe('by hand', () => {
	it.each([
		['Tel. 030/1234567', 'Tel. [REDACTED_PHONE]'],
		['unter 030 / 123 4567 erreichbar', 'unter [REDACTED_PHONE] erreichbar'],
		['0664/121461', '[REDACTED_PHONE]'],
		['Rappelez-moi au 06.12.34.56.78', 'Rappelez-moi au [REDACTED_PHONE]'],
		['050.41.58.48', '[REDACTED_PHONE]'],
		['0086 131 2345 2989', '[REDACTED_PHONE]'],
		['00355 67 212 3422', '[REDACTED_PHONE]'],
		['call 00 44 20 7946 0958 today', 'call [REDACTED_PHONE] today'],
		['dial 00496912345678 now', 'dial [REDACTED_PHONE] now'],
		['Me liga no 005511961234655', 'Me liga no [REDACTED_PHONE]'],
		['number 00683 7522', 'number [REDACTED_PHONE]'],
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
		'order no 00496912345678',
		'00 12 34',
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

	it.each([
		['Call me back on 22609317 please.', 'Call me back on [REDACTED_PHONE] please.'],
		[
			'Bitte rufen Sie mich unter 040 0813244697 zurück.',
			'Bitte rufen Sie mich unter [REDACTED_PHONE] zurück.',
		],
		['Bel me terug op 801.3692 alstublieft.', 'Bel me terug op [REDACTED_PHONE] alstublieft.'],
		['Erreichbar werktags: 040.0813244697', 'Erreichbar werktags: [REDACTED_PHONE]'],
		['Contato: 923.124.405', 'Contato: [REDACTED_PHONE]'],
		['Proszę oddzwonić pod 512 347 312.', 'Proszę oddzwonić pod [REDACTED_PHONE].'],
	])('three short words away: %s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each([
		'label 1234567',
		'total: 1234.5678',
		'Bestellung 2024-07-07',
		'contact us about order #1234567',
		'contact us about order 12345678',
		'call me about ticket 12345678',
		'Call booked for 1718000000',
		'SMS sent 1718000000123',
		'Call booked for 20240925',
		'SMS sent 20240925T184544Z',
		'Contact form received 07.09.24 14:05',
		'Call booked for 2024. 09. 07. 14:05',
		'Phone the office in 5 days, 1234567 views',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
		expect(isPiiDetected(s)).toBe(false);
	});
});

describe('short numbers with their country code (regions whose numbers have 4–6 digits)', () => {
	it.each([
		['reached at +98 9602.', 'reached at [REDACTED_PHONE].'],
		['mobile +989602, wants a demo', 'mobile [REDACTED_PHONE], wants a demo'],
		['Order 2024-06-18: reached at +98.9602.', 'Order 2024-06-18: reached at [REDACTED_PHONE].'],
		['Ring mig på +47 09728 tack.', 'Ring mig på [REDACTED_PHONE] tack.'],
		['+683 7522', '[REDACTED_PHONE]'],
		['+290-8990', '[REDACTED_PHONE]'],
		['sms:+6907297?body=Hallo', 'sms:[REDACTED_PHONE]?body=Hallo'],
		['https://wa.me/989602', 'https://wa.me/[REDACTED_PHONE]'],
		['+383 (0)38 5660661754', '[REDACTED_PHONE]'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each(['+123456 users', 'score +271234', 'delta +100000', 'https://wa.me/123456', 'up +15 %'])(
		'keeps %s',
		(s) => {
			expect(sanitizeText(s)).toBe(s);
		},
	);
});

describe('dates, times and postal codes beside the phone rules', () => {
	it.each([
		['Call me back on 0890-04-33-32.', 'Call me back on [REDACTED_PHONE].'],
		['Mitt nummer är 0582.10.75.92', 'Mitt nummer är [REDACTED_PHONE]'],
		['New lead, mobile 0867 / 4 42 61, wants a demo', 'New lead, mobile [REDACTED_PHONE], wants a demo'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
	});

	it.each([
		'24-03-25 08:59',
		'09.07.23 20:27:01',
		'Telefontermin: 24.01.22 01:19:31',
		'Status alterado: 0329-249',
		'2024-06-18 12:30',
		'18.06.2024 14:05',
		'2024. 09. 07. 14:05',
		'20230207T070409Z',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
		expect(sanitizeData({detail: s})).toEqual({detail: s});
		expect(isPiiDetected(s)).toBe(false);
	});
});
