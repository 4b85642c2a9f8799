/**
 * Session cookie names (`connect.sid`, `PHPSESSID`, `JSESSIONID`, `koa.sess`…) mark their value secret wherever
 * they appear: as a property key, as `key=value` in text, as a query key. Inside a `Cookie:` header they already
 * did; a new user's trial stored `{'connect.sid': 's%3A…'}` as it was. Values: express-session's signed form,
 * `s:` + id + `.` + the unpadded base64 HMAC-SHA256 of the id (cookie-signature's documented format).
 */
import {createHmac, randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';

/** A signed session id as express-session sets it, percent-encoded as it travels in a Cookie header. */
function signedSessionId(): string {
	const id = randomBytes(24).toString('base64url');
	const mac = createHmac('sha256', 'keyboard cat').update(id).digest('base64').replaceAll('=', '');
	return encodeURIComponent(`s:${id}.${mac}`);
}

const NAMES = [
	'connect.sid',
	'express.sid',
	'sid',
	'PHPSESSID',
	'JSESSIONID',
	'ASPSESSIONID',
	'koa.sess',
	'koa:sess',
];

describe('session cookie names outside a Cookie header', () => {
	it.each(NAMES)('%s as a property key: the value goes', (name) => {
		const value = signedSessionId();
		expect(sanitizeData({[name]: value, theme: 'dark'})).toEqual({[name]: '[REDACTED]', theme: 'dark'});
	});

	it.each(NAMES.filter((name) => !name.includes(':')))(
		'%s=… in text and in a query: the value goes',
		(name) => {
			const value = signedSessionId();
			expect(sanitizeText(`request with ${name}=${value} from a tab`)).toBe(
				`request with ${name}=[REDACTED] from a tab`,
			);
			expect(sanitizeUrl(`/dashboard?${name}=${value}&tab=2`)).toBe(`/dashboard?${name}=[REDACTED]&tab=2`);
		},
	);

	it('names that only contain sid stay ordinary keys', () => {
		const data = {account_sid: 'AC123', sidebar: 'open', side: 'left', considered: 'yes'};
		expect(sanitizeData(data)).toEqual(data);
	});
});
