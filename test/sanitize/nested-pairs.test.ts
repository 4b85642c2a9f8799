/**
 * A `key=value` pair that the `key=value` pass first reads as the value of an earlier key (`user updated:
 * password=hunter2`, log lines' usual shape) is judged on its own: the earlier key took the whole pair as its
 * value, so the sensitive key inside was never seen and its value leaked.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeText} from '../../src/sanitize/index.js';

describe('a pair inside the value of another key', () => {
	it.each([
		['user updated: password=hunter2x', 'user updated: password=[REDACTED]'],
		['login ok: token=abcd1234efgh', 'login ok: token=[REDACTED]'],
		['done step=4 mfa: otp=482913', 'done step=4 mfa: otp=[REDACTED]'],
		['changed: passwort=Geheim123!', 'changed: passwort=[REDACTED]'],
		['retry: api_key=abc123 (attempt 2)', 'retry: api_key=[REDACTED] (attempt 2)'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each([
		['step=3 auth:secret=s3cr3t-v4lue', 's3cr3t-v4lue'],
		['msg=client_secret=Zm9vYmFyYmF6cXV4', 'Zm9vYmFyYmF6cXV4'],
		['event: ref=Zk9xR2pLd0N3eTh2UnFtT1pXbHlIcA', 'Zk9xR2pLd0N3eTh2UnFtT1pXbHlIcA'],
	])('%s: the outer pair already goes', (input, secret) => {
		expect(sanitizeText(input)).not.toContain(secret);
	});

	it.each(['build: target=es2022', 'route: page=2', 'time: 12:30', 'mode: a=b', 'url: /x?a=1'])(
		'keeps %s',
		(input) => {
			expect(sanitizeText(input)).toBe(input);
		},
	);
});
