/**
 * Cloud credentials without a vendor prefix, bare in prose (issue 15): Azure storage account keys, AWS secret
 * access keys, Discord bot tokens, Entra client secrets; and the words, paths and hashes of the same lengths that
 * must stay.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeData, sanitizeText} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

// The bare forms leaked on main; the connection string and SAS forms were already handled and stay so.
describeCleanFamilies([
	'api_key/azure-connection-string',
	'api_key/azure-sas-signature',
	'api_key/azure-storage-key-bare',
	'api_key/discord-bot-bare',
	'api_key/entra-client-secret',
	'secret/aws-secret-access-key-bare',
	'api_key/azure-storage-key',
	'api_key/discord-bot',
]);

describe('by hand', () => {
	it.each([
		// AWS's documented example secret access key.
		['used wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY for deploy.', 'used [REDACTED_API_KEY] for deploy.'],
		// detect-secrets' Discord test token.
		['MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs', '[REDACTED_API_KEY]'],
		[
			'Azurite key Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw== ok',
			'Azurite key [REDACTED_API_KEY] ok',
		],
		['secret abc8Q~aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456 x', 'secret [REDACTED_API_KEY] x'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it('in an object value', () => {
		expect(sanitizeData({note: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'})).toEqual({
			note: '[REDACTED_API_KEY]',
		});
	});

	it.each([
		'path api/v2/OrganizationMembershipsControl ok',
		'see src/components/HeaderNavigationMenuItems ok',
		'Module.Component.render.thisIsAVeryLongNameForAThing',
		'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn',
		'https://example.com/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});
});
