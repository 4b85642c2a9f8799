/**
 * Session cookie names (`connect.sid`, `PHPSESSID`, `JSESSIONID`, `koa.sess`…) mark their value secret wherever
 * they appear: as a property key, as `key=value` in text, as a query key. Inside a `Cookie:` header they already
 * did; a new user's trial stored `{'connect.sid': 's%3A…'}` as it was. Values: express-session's signed form,
 * `s:` + id + `.` + the unpadded base64 HMAC-SHA256 of the id (cookie-signature's documented format). The same
 * value under a key that says nothing (`{v: 's%3A…'}`) or in text goes by its exact shape (`SIGNED_SESSION`).
 */
import {createHmac, randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {detectPii, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies(['secret/signed-session-bare']);

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

	// A CI run drew this value: `2F` + the 38 characters after `%2F` made 40 base64 characters, which the bare AWS
	// secret pass took for a key before the key=value pass ran, leaving `sid=[REDACTED][REDACTED_API_KEY]`.
	it('a value whose %2F escape is followed by 38 token characters is still one value', () => {
		const value = 's%3AISD0n9v0ydVbhNULGab1PSUG0Q6LyToG.3Ckd%2F1Ym9DkW235dfZCpcovM4C1rzRlUYekkhSeZl1o';
		expect(sanitizeText(`request with ASPSESSIONID=${value} from a tab`)).toBe(
			'request with ASPSESSIONID=[REDACTED] from a tab',
		);
		expect(sanitizeText(`sid=abcdefgh%2F1Ym9DkW235dfZCpcovM4C1rzRlUYekkhSeZl1o`)).toBe('sid=[REDACTED]');
	});

	it('names that only contain sid stay ordinary keys', () => {
		const data = {account_sid: 'AC123', sidebar: 'open', side: 'left', considered: 'yes'};
		expect(sanitizeData(data)).toEqual(data);
	});
});

/** The same id, decoded: as express-session signs it, before the Cookie header's encoding. */
function decodedSessionId(): string {
	return decodeURIComponent(signedSessionId());
}

describe('a signed session id under an innocent key or in text', () => {
	// On main these stayed whole, or lost only the part after `s:` (`s:[REDACTED_API_KEY]`).
	it('goes whole as a property value, encoded or not', () => {
		for (let i = 0; i < 50; i++) {
			const encoded = signedSessionId();
			const decoded = decodeURIComponent(encoded);
			expect(sanitizeData({v: encoded, w: decoded, theme: 'dark'})).toEqual({
				v: '[REDACTED]',
				w: '[REDACTED]',
				theme: 'dark',
			});
		}
	});

	it('goes in text, in a JSON dump and in a URL path or query value', () => {
		for (let i = 0; i < 50; i++) {
			const encoded = signedSessionId();
			const decoded = decodedSessionId();
			expect(sanitizeText(`restored ${encoded} for tab 2`)).toBe('restored [REDACTED] for tab 2');
			expect(sanitizeText(`{"v":"${decoded}","n":2}`)).toBe('{"v":"[REDACTED]","n":2}');
			expect(sanitizeText(`v: ${decoded}, n: 2`)).toBe('v: [REDACTED], n: 2');
			expect(sanitizeUrl(`/resume/${encoded}?v=${encoded}&tab=2`)).toBe(
				'/resume/[REDACTED]?v=[REDACTED]&tab=2',
			);
		}
	});

	it('is a secret for detect', () => {
		expect(detectPii({v: signedSessionId()})).toEqual(['secret']);
	});

	it.each([
		's:1',
		'aliases:foo.bar',
		'status:ok.done',
		's:abcdefghij.short',
		// Glued to a word: `classes:…` is no `s:`.
		`classes:${'x'.repeat(8)}.${'y'.repeat(43)}`,
	])('keeps %s', (v) => {
		expect(sanitizeText(`see ${v} now`)).toBe(`see ${v} now`);
	});

	it('leaves a signature of 42 or 44 characters, or with its padding, to the other rules', () => {
		const id = 'ISD0n9v0ydVbhNULGab1PSUG0Q6LyToG';
		for (const sig of ['ab'.repeat(21), 'ab'.repeat(22), `${'ab'.repeat(21)}a=`])
			expect(sanitizeText(`see s:${id}.${sig} now`)).not.toBe('see [REDACTED] now');
	});
});
