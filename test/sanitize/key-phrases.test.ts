/**
 * A key of two or three words in free text (new-user trial: `api key: abc123secret` leaked while `api_key: x`,
 * `apiKey: x` and `password: x` were redacted). The `key=value` pass read only the last word (`key`), which alone
 * is not sensitive; the words before it are now read with it, so `api key`, `secret key`, `client secret` and
 * `the secret key` are judged as `api_key` is. Ordinary prose whose words form no sensitive key stays.
 */
import {describe, expect, it} from 'vitest';
import {createSanitizer, isPiiDetected, sanitizeText} from '../../src/sanitize/index.js';

describe('a key of several words is judged as a whole', () => {
	it.each([
		['api key: abc123secret', 'api key: [REDACTED]'],
		['API Key = hunter2', 'API Key = [REDACTED]'],
		['secret key: wJalrXUtnFEMI', 'secret key: [REDACTED]'],
		['private key: hunter2', 'private key: [REDACTED]'],
		['client secret = hunter2', 'client secret = [REDACTED]'],
		['access token: hunter2', 'access token: [REDACTED]'],
		['session id: 8f3a9c', 'session id: [REDACTED]'],
		['Your api key: hunter2 (keep it safe)', 'Your api key: [REDACTED] (keep it safe)'],
		['rotated the secret key: hunter2', 'rotated the secret key: [REDACTED]'],
		['api key value: hunter2', 'api key value: [REDACTED]'],
		['Login with api key=abc123secret and retry', 'Login with api key=[REDACTED] and retry'],
		['the api key is s3cr3t99', 'the api key is [REDACTED]'],
		['license key: "AB12-CD34"', 'license key: "[REDACTED]"'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each([
		'the key: value',
		'Note: this',
		'Status: ok',
		'primary key: id',
		'foreign key: user_id',
		'sort key: created_at',
		'status code: 200',
		'error code: E42',
		'order id: 1234',
		'the api key is required',
		'the secret key was rotated',
		'api key: [REDACTED]',
		'a.b key: x',
		'version number: 3',
		// A key of its own words keeps its verdict; the value of an earlier pair is no word of the key.
		'microphone_enabled=true has_phone=true',
		'x: true isPhone=1',
		'mode=api key=abc',
	])('keeps %s', (input) => {
		expect(sanitizeText(input)).toBe(input);
		expect(isPiiDetected(input)).toBe(false);
	});

	it('an allowed key stays, whether the phrase or its last two words are allowed', () => {
		expect(createSanitizer({allowKeys: ['api key']}).text('my api key: hunter2')).toBe('my api key: hunter2');
		expect(createSanitizer({allowKeys: ['api key']}).text('api key: hunter2')).toBe('api key: hunter2');
	});

	it('only single spaces join words to the key', () => {
		expect(sanitizeText('api\tkey: hunter2')).toBe('api\tkey: hunter2');
		expect(sanitizeText('api\nkey: hunter2')).toBe('api\nkey: hunter2');
	});
});
