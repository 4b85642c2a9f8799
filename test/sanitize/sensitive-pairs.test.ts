/**
 * Sensitive keys the key rules missed (issue 15, family 3 of the issue): numbers under sensitive keys, more
 * spellings of one-time codes, and the name/value-pair form.
 */
import {describe, expect, it} from 'vitest';
import {createSanitizer, isPiiDetected, sanitizeData} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies([
	'keys/number-under-key',
	'keys/code-spelling',
	'pairs/name-value',
	'pairs/key-value',
	'pairs/header-list',
	'pairs/tuples',
]);

describe('by hand', () => {
	it.each(['one_time_code', 'oneTimeCode', 'twoFactorCode', 'totpCode', 'mfa_pin_code', 'onetimepassword'])(
		'%s as a number and a string',
		(key) => {
			expect(sanitizeData({[key]: 123456, step: 2})).toEqual({[key]: '[REDACTED]', step: 2});
			expect(sanitizeData({[key]: '123456'})[key]).not.toBe('123456');
		},
	);

	it('redacts the value of a sensitive pair and keeps the others', () => {
		expect(
			sanitizeData({
				fields: [
					{name: 'password', value: 'hunter2'},
					{name: 'plan', value: 'pro'},
				],
			}),
		).toEqual({
			fields: [
				{name: 'password', value: '[REDACTED]'},
				{name: 'plan', value: 'pro'},
			],
		});
		expect(sanitizeData({attrs: [{key: 'otp', value: 123456}]})).toEqual({
			attrs: [{key: 'otp', value: '[REDACTED]'}],
		});
		expect(sanitizeData({headers: [{header: 'X-Auth-Token', val: 'abc'}]})).toEqual({
			headers: [{header: 'X-Auth-Token', val: '[REDACTED]'}],
		});
		expect(
			sanitizeData({
				entries: [
					['apiKey', 'abc123'],
					['plan', 'pro'],
				],
			}),
		).toEqual({
			entries: [
				['apiKey', '[REDACTED]'],
				['plan', 'pro'],
			],
		});
		expect(isPiiDetected({fields: [{name: 'pin', value: 1234}]})).toBe(true);
	});

	it.each([
		[{tags: ['email', 'newsletter']}],
		[{fields: [{name: 'plan', value: 'pro'}]}],
		[{name: 'password', strength: 3}],
		[{field: 'email', value: 'x', a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7}],
		[{country_code: '+49', zip_code: '10115', promo_code: 'SPRING24'}],
	])('keeps %j', (input) => {
		expect(sanitizeData(input)).toEqual(input);
	});

	it('honours allowKeys in the pair form', () => {
		const s = createSanitizer({allowKeys: ['pin']});
		expect(s.data({fields: [{name: 'pin', value: 1234}]})).toEqual({fields: [{name: 'pin', value: 1234}]});
	});
});
