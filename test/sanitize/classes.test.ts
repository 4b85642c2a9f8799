import {describe, expect, it} from 'vitest';
import {detectPii, isPiiDetected, sanitizeText} from '../../src/sanitize/index.js';

const J =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** [class, input, expected output] */
const positives: [string, string, string][] = [
	['email', 'mail john.doe+tag@mail.example.co.uk now', 'mail [REDACTED_EMAIL] now'],
	['email', 'IDN jürgen@exämple.de', 'IDN [REDACTED_EMAIL]'],
	['email', 'enc john%40example.com', 'enc [REDACTED_EMAIL]'],
	['email', 'dbl john%2540example.com', 'dbl [REDACTED_EMAIL]'],
	['email', 'JOHN@EXAMPLE.COM', '[REDACTED_EMAIL]'],
	['uuid', 'id 550e8400-e29b-41d4-a716-446655440000.', 'id [REDACTED_UUID].'],
	['uuid', '{3F2504E0-4F89-11D3-9A0C-0305E82C3301}', '[REDACTED_UUID]'],
	['jwt', `Bearer ${J}`, 'Bearer [REDACTED_JWT]'],
	['jwt', 'alg none eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTQyIn0.', 'alg none [REDACTED_JWT]'],
	['api_key', 'AKIAIOSFODNN7EXAMPLE', '[REDACTED_API_KEY]'],
	['api_key', 'token ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'token [REDACTED_API_KEY]'],
	['api_key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', '[REDACTED_API_KEY]'],
	['api_key', 'xoxb-2048357918-4096715836-AbCdEfGhIjKlMnOpQrStUvWx', '[REDACTED_API_KEY]'],
	['api_key', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', '[REDACTED_API_KEY]'],
	['api_key', 'api_key=7Hq2Lm9Pz4Rt8Vx1Cb6Nk3Wj5Yd0Fg', 'api_key=[REDACTED_API_KEY]'],
	['secret', 'password=hunter2 for the next login', 'password=[REDACTED] for the next login'],
	['secret', '{"client_secret": "abc"}', '{"client_secret": "[REDACTED]"}'],
	['secret', 'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Authorization: Basic [REDACTED]'],
	// RFC 6750's example token: no run of token characters longer than five.
	['secret', 'Bearer mF_9.B5f-4.1JqM', 'Bearer [REDACTED]'],
	['secret', 'postgres://app:s3cret@db.internal:5432/app', 'postgres://[REDACTED]@db.internal:5432/app'],
	[
		'secret',
		'-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\nok',
		'-----BEGIN PRIVATE KEY-----\n[REDACTED]\n-----END PRIVATE KEY-----\nok',
	],
	['phone', 'call +1 (555) 123-4567', 'call [REDACTED_PHONE]'],
	['phone', 'UK 020 7946 0958', 'UK [REDACTED_PHONE]'],
	['phone', 'DE +49 30 12345678', 'DE [REDACTED_PHONE]'],
	['phone', 'FR 06 12 34 56 78', 'FR [REDACTED_PHONE]'],
	['phone', 'IN +91 98765 43210', 'IN [REDACTED_PHONE]'],
	['phone', 'BR (11) 91234-5678', 'BR [REDACTED_PHONE]'],
	['card', 'visa 4242 4242 4242 4242', 'visa [REDACTED_CARD]'],
	['card', 'amex 3782-822463-10005', 'amex [REDACTED_CARD]'],
	['card', 'mc2 2223003122003222', 'mc2 [REDACTED_CARD]'],
	['hex', 'sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', 'sha1 [REDACTED_HEX]'],
	['ip', 'from 203.0.113.9', 'from [REDACTED_IP]'],
	['ip', 'v6 2001:4860:4860::8888', 'v6 [REDACTED_IP]'],
	['iban', 'GB82 WEST 1234 5698 7654 32', '[REDACTED_IBAN]'],
	['ssn', 'ssn 078-05-1120', 'ssn [REDACTED_SSN]'],
	['mac', 'mac 3C:5A:B4:12:9F:E0', 'mac [REDACTED_MAC]'],
];

/** Strings that must pass untouched. */
const negatives = [
	'Chrome/120.0.6099.109 Safari/537.36',
	'v1.2.3 and 1.2.3.4.5',
	'2024-03-15T10:30:00Z and 15/03/2024',
	'ts=1710498153 ms=1710498153123',
	'$1,299.99 and €1.199,00',
	'status 404 in 87 ms',
	'/api/v1/users/42/orders',
	'commit a1b2c3d rev 3e4f5a6b7c8d',
	'#ff5733 #FFF rgb(1, 2, 3)',
	'plan pro_monthly model flux-dev claude-3-5-sonnet-20241022',
	'order 4111111111111112',
	'private 10.0.0.1 192.168.1.1 127.0.0.1 ::1 fe80::1',
	'token_count=1500 max_tokens=4096 password_strength=weak',
	'author: Jane, authority: high, email_verified: true, has_phone: false',
	'Basic plan; bearer token expired; password is required',
	'@channel npm i @scope/pkg@1.2.3',
	'12:30:45 16:9 1920x1080',
	'ISBN 978-3-16-148410-0',
	'span 00f067aa0ba902b7',
	'sk-learn hf_model key-value',
];

describe('per-class detection', () => {
	it.each(positives)('%s: %s', (cls, input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(detectPii(input)).toContain(cls);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each(negatives)('keeps %s', (input) => {
		expect(sanitizeText(input)).toBe(input);
		expect(isPiiDetected(input)).toBe(false);
	});

	it('rejects cards that fail Luhn and IBANs that fail mod-97', () => {
		expect(sanitizeText('4111 1111 1111 1112')).toBe('4111 1111 1111 1112');
		expect(sanitizeText('GB82 WEST 1234 5698 7654 33')).toBe('GB82 WEST 1234 5698 7654 33');
	});

	it('never throws on odd input', () => {
		for (const v of [undefined, null, 42, {}, Symbol('x'), '\u0000\uffff\ud800']) {
			expect(() => sanitizeText(v as unknown as string)).not.toThrow();
		}
	});
});

describe('rules added after the independent corpus', () => {
	it('redacts values of command-line flags with sensitive names', () => {
		expect(sanitizeText('psql --password=Zq9!xk2Lp -U admin')).toBe('psql --password=[REDACTED] -U admin');
		expect(sanitizeText('run -token=4bXk29Qa1 now')).toBe('run -token=[REDACTED] now');
		expect(sanitizeText('tar --verbose --file=backup.tar')).toBe('tar --verbose --file=backup.tar');
	});

	it('treats a trailing `base` as a qualifier (`SECRET_KEY_BASE`)', () => {
		expect(sanitizeText('export SECRET_KEY_BASE=abc123def')).toBe('export SECRET_KEY_BASE=[REDACTED]');
		expect(sanitizeText('API_BASE=https://api.example.com')).toBe('API_BASE=https://api.example.com');
	});

	it('keeps 4-3 splits of seven digits, catches trunk-0 numbers split once', () => {
		expect(sanitizeText('Invoice 2023-481 paid')).toBe('Invoice 2023-481 paid');
		expect(sanitizeText('/items/5512 200 OK')).toBe('/items/5512 200 OK');
		expect(sanitizeText('reach me at 079123 45678')).toBe('reach me at [REDACTED_PHONE]');
		expect(sanitizeText('order 123456 7890')).toBe('order 123456 7890');
	});
});
