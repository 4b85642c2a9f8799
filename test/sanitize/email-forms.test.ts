/**
 * Obfuscated and quoted email addresses (issue 15, family 5).
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies(['email/obfuscated-brackets', 'email/obfuscated-parens', 'email/quoted-local']);

describe('by hand', () => {
	it.each([
		['write to jane.doe [at] example [dot] com.', 'write to [REDACTED_EMAIL].'],
		['jane(at)example.org', '[REDACTED_EMAIL]'],
		['jane (AT) mail (DOT) example (DOT) de', '[REDACTED_EMAIL]'],
		['j.doe{at}example.co.uk, thanks', '[REDACTED_EMAIL], thanks'],
		['From: "Jane Doe"@example.com', 'From: [REDACTED_EMAIL]'],
		['"ياسين الرصاع"@hotmail.com', '[REDACTED_EMAIL]'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it('in objects and URL values', () => {
		expect(sanitizeData({note: 'mail bob(at)example.com'})).toEqual({note: 'mail [REDACTED_EMAIL]'});
		expect(sanitizeUrl('/c?to=bob%20%5Bat%5D%20example%20%5Bdot%5D%20com')).not.toContain('bob');
	});

	it.each([
		'meet me at home dot com',
		'(at least 3 items)',
		'[at] 5 pm',
		'he said "hello" @ noon',
		'price (at) 5.00',
		'see [at] the docs',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});
});
