/**
 * Over-redaction to stop (issue 15, family 6): image density names, PEM armour and public PEM blocks, the
 * non-secret parameters of pre-signed URLs, Cookie headers judged pair by pair, shipment and postal numbers,
 * the status and size of access log lines.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies([
	'keep/retina-asset',
	'keep/public-certificate',
	'keep/public-key',
	'keep/tracking-ups',
	'keep/tracking-dhl',
	'secret/pem-private-key',
	'secret/connect-sid-cookie',
]);

describe('kept by hand', () => {
	it.each([
		'icons/logo@2x.png',
		'hero@3x.webp',
		'avatar@1.5x.jpg',
		'-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2x5\n-----END CERTIFICATE-----',
		'-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZI\n-----END PUBLIC KEY-----',
		'Cookie: theme=dark; lang=de',
		'UPS 1Z999AA10123456784',
		'DHL 1234567891',
		'ship to 94105-1234',
	])('%s', (s) => {
		expect(sanitizeText(s)).toBe(s);
		expect(isPiiDetected(s)).toBe(false);
	});

	it('keeps the non-secret pre-signed parameters and redacts the rest', () => {
		const u =
			'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240126%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240126T193300Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr8Kx9aZQ&X-Amz-Signature=165e4eb2b9eecdc59a0d126fcb4a725421427656892835c736e1cfbac4d55fbc';
		const out = sanitizeUrl(u);
		for (const kept of [
			'X-Amz-Algorithm=AWS4-HMAC-SHA256',
			'X-Amz-Date=20240126T193300Z',
			'X-Amz-Expires=900',
			'X-Amz-SignedHeaders=host',
		])
			expect(out).toContain(kept);
		for (const gone of ['AKIAIOSFODNN7EXAMPLE', 'IQoJb3JpZ2luX2VjEJr8Kx9aZQ', '165e4eb2b9eecdc5']) {
			expect(out).not.toContain(gone);
			expect(sanitizeText(`GET ${u}`)).not.toContain(gone);
		}
		expect(sanitizeText(`GET ${u}`)).toContain('X-Amz-Date=20240126T193300Z');
	});

	it('keeps the version, permissions and expiry of an Azure SAS link and redacts its signature', () => {
		const sig = 'lJM5LKJ4Dya01MkSpBrJ6mtYt%2BoxH6aRRIzCH1pMncw%3D';
		const u = `https://acct.blob.core.windows.net/c/report.pdf?sv=2022-11-02&ss=b&srt=o&sp=rl&se=2025-01-01T00:00:00Z&st=2024-12-01T00:00:00Z&spr=https&sig=${sig}`;
		for (const out of [sanitizeUrl(u), sanitizeText(`GET ${u}`)]) {
			for (const kept of [
				'sv=2022-11-02',
				'sp=rl',
				'se=2025-01-01T00:00:00Z',
				'st=2024-12-01T00:00:00Z',
				'spr=https',
			])
				expect(out).toContain(kept);
			expect(out).not.toContain(sig.slice(0, 12));
		}
	});
});

describe('redacted by hand', () => {
	it('keeps PEM armour lines and redacts a private body, also when escaped in JSON text', () => {
		expect(
			sanitizeText('k: -----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAbC=\n-----END RSA PRIVATE KEY-----'),
		).toBe('k: -----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n-----END RSA PRIVATE KEY-----');
		expect(sanitizeText('{"k":"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n"}')).toBe(
			'{"k":"-----BEGIN PRIVATE KEY-----\\n[REDACTED]\\n-----END PRIVATE KEY-----\\n"}',
		);
		// No end line: everything after the begin line goes.
		expect(sanitizeText('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU')).toBe(
			'-----BEGIN OPENSSH PRIVATE KEY-----\n[REDACTED]',
		);
	});

	it('redacts only the secret pairs of a Cookie header', () => {
		expect(
			sanitizeText('Cookie: theme=dark; connect.sid=s%3Aabc123DEF456ghi.Sq%2BUgsG%2FmzqQs; lang=de'),
		).toBe('Cookie: theme=dark; connect.sid=[REDACTED]; lang=de');
		expect(sanitizeText('set-cookie: sid=s:abcdefgh1234.ZmFrZXNpZ25hdHVyZQ; Path=/; HttpOnly')).toBe(
			'set-cookie: sid=[REDACTED]; Path=/; HttpOnly',
		);
		expect(sanitizeText('Cookie: PHPSESSID=el4ukv0kqbvoirg7nkp4dncpk3; ui=compact')).toBe(
			'Cookie: PHPSESSID=[REDACTED]; ui=compact',
		);
		expect(sanitizeData({cookie: 'theme=dark; session_token=abc'})).toEqual({
			cookie: 'theme=dark; session_token=[REDACTED]',
		});
	});

	it('still finds what merely resembles the kept shapes', () => {
		expect(sanitizeText('mail bob@2x.com')).toBe('mail [REDACTED_EMAIL]');
		expect(sanitizeText('Total: 1Z999AA10123456785x7Kq')).not.toContain('1Z999AA10123456785x7Kq');
		expect(sanitizeText('call 415-555-0132')).toBe('call [REDACTED_PHONE]');
	});
});

describe('access log lines (NCSA common and combined format)', () => {
	// Apache's documented examples, and the shapes nginx writes; the status and size stay, the client IP goes.
	it.each([
		['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', '200 2326'],
		[
			'10.1.2.3 - - [06/Dec/2026:23:20:06 +0000] "POST /api/send HTTP/1.1" 429 119004 "-" "Mozilla/5.0"',
			'429 119004',
		],
		['"GET /orders?page=2 HTTP/2.0" 503 1234567 "https://example.org/" "curl/8.5.0"', '503 1234567'],
	])('%s keeps its status and size', (line, statusAndSize) => {
		const out = sanitizeText(line);
		expect(out).toContain(`" ${statusAndSize}`);
		expect(out).not.toContain('REDACTED_PHONE');
	});

	it('still redacts a phone number that follows a status and size, or that is not one', () => {
		expect(sanitizeText('"GET / HTTP/1.1" 200 512 call +44 20 7946 0958')).toContain('[REDACTED_PHONE]');
		expect(sanitizeText('"GET / HTTP/1.1" 0171 2345678')).toContain('[REDACTED_PHONE]');
		expect(sanitizeText('the request HTTP/1.1 was slow, call 0171 2345678')).toContain('[REDACTED_PHONE]');
	});
});
