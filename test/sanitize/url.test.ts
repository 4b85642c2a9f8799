import {describe, expect, it} from 'vitest';
import {sanitizeUrl} from '../../src/sanitize/index.js';

const parses = (v: string): boolean => {
	try {
		new URL(v, 'https://localhost');
		return true;
	} catch {
		return false;
	}
};

describe('sanitizeUrl', () => {
	it.each([
		['/user/john@example.com/reset?token=abc123', '/user/[REDACTED_EMAIL]/reset?token=[REDACTED]'],
		['https://admin:pw@example.com/x', 'https://[REDACTED]@example.com/x'],
		['/a?email=john%40example.com&x=1', '/a?email=[REDACTED_EMAIL]&x=1'],
		['/a/john%2540example.com', '/a/[REDACTED_EMAIL]'],
		['/cb?code=abc&state=xyz&scope=openid', '/cb?code=[REDACTED]&state=[REDACTED]&scope=openid'],
		['/cb#access_token=abc&token_type=Bearer', '/cb#access_token=[REDACTED]&token_type=Bearer'],
		['/#/users/mary@example.com', '/#/users/[REDACTED_EMAIL]'],
		['/api/v1/users/42/orders?page=2', '/api/v1/users/42/orders?page=2'],
		['http://203.0.113.5:8080/p', 'http://REDACTED_IP:8080/p'],
		['mailto:john@example.com', 'mailto:[REDACTED_EMAIL]'],
		['/o/550e8400-e29b-41d4-a716-446655440000', '/o/[REDACTED_UUID]'],
		['/d?sig=Zm9vYmFy&expires=1710498153', '/d?sig=[REDACTED]&expires=1710498153'],
		['/p?token_count=5&max_tokens=10', '/p?token_count=5&max_tokens=10'],
	])('%s → %s', (input, expected) => {
		const out = sanitizeUrl(input);
		expect(out).toBe(expected);
		expect(parses(out)).toBe(true);
	});

	it('keeps ordinary URLs byte for byte', () => {
		const u = 'https://shop.example.com/products/flux-dev?plan=pro_monthly&utm_campaign=spring_2024#reviews';
		expect(sanitizeUrl(u)).toBe(u);
	});

	it('repairs input that would not parse, and never throws', () => {
		for (const bad of [
			'http://[bad',
			'https://exa mple.com/x',
			'//[::1',
			'http://',
			'ht!tp://x',
			'%',
			'%E0%A4%A',
			'\\\\evil',
		]) {
			let out = '';
			expect(() => (out = sanitizeUrl(bad))).not.toThrow();
			expect(parses(out)).toBe(true);
		}
	});
});

describe('unpaired surrogates', () => {
	it('a changed segment holding one is encoded, never thrown on', () => {
		const out = sanitizeUrl('/x\ud800a%40test.in_');
		expect(out).toBe('/x%EF%BF%BD[REDACTED_EMAIL]_');
		expect(() => new URL(out, 'https://localhost')).not.toThrow();
	});
});
