/**
 * Obfuscated and quoted email addresses (issue 15, family 5).
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

// The spelled, IDN-punycode and other bracket forms below leaked on main (faker's generators in every locale).
describeCleanFamilies([
	'email/obfuscated-brackets',
	'email/obfuscated-parens',
	'email/quoted-local',
	'email/faker-default',
	'email/faker-example',
	'email/faker-special',
	'email/idn',
	'email/idn-punycode',
	'email/obfuscated-other',
	'email/plus-tag',
	'email/spelled',
]);

describe('by hand', () => {
	it.each([
		['write to jane.doe [at] example [dot] com.', 'write to [REDACTED_EMAIL].'],
		['jane(at)example.org', '[REDACTED_EMAIL]'],
		['jane (AT) mail (DOT) example (DOT) de', '[REDACTED_EMAIL]'],
		['j.doe{at}example.co.uk, thanks', '[REDACTED_EMAIL], thanks'],
		['From: "Jane Doe"@example.com', 'From: [REDACTED_EMAIL]'],
		['"ياسين الرصاع"@hotmail.com', '[REDACTED_EMAIL]'],
		['mail john.doe at example dot com', 'mail [REDACTED_EMAIL]'],
		['jane AT mail DOT example DOT org!', '[REDACTED_EMAIL]!'],
		['reply to olga at mail.example dot co dot uk, thanks', 'reply to [REDACTED_EMAIL], thanks'],
		['Rusanka60@xn--e1agebstf.xn--d1alf', '[REDACTED_EMAIL]'],
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
		'available at github.com',
		'docs at docs.python.org',
		'all at once dot com',
		'look at this dot',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});
});
