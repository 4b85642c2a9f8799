import {describe, expect, it} from 'vitest';
import {createSanitizer, type PiiClass} from '../../src/sanitize/index.js';
import {isUmamiGuardError} from '../../src/errors.js';

describe('options', () => {
	it('enabled: false passes everything through', () => {
		const s = createSanitizer({enabled: false});
		expect(s.text('a@b.com')).toBe('a@b.com');
		expect(s.url('/u/a@b.com')).toBe('/u/a@b.com');
		expect(s.data({password: 'x'})).toEqual({password: 'x'});
		expect(s.isPii('a@b.com')).toBe(false);
	});

	it('switches classes off one by one', () => {
		expect(createSanitizer({emails: false}).text('a@example.com')).toBe('a@example.com');
		expect(createSanitizer({phones: false}).text('call +1 415 555 2671')).toBe('call +1 415 555 2671');
		expect(createSanitizer({cards: false}).text('4242424242424242')).toBe('4242424242424242');
		expect(createSanitizer({tokens: false}).data({password: 'x'})).toEqual({password: 'x'});
		expect(createSanitizer({ips: false}).text('203.0.113.9')).toBe('203.0.113.9');
		expect(createSanitizer({hex: false}).text('5d41402abc4b2a76b9719d911017c592')).toBe(
			'5d41402abc4b2a76b9719d911017c592',
		);
	});

	it('extends with sensitive keys, allowlists and custom patterns', () => {
		const s = createSanitizer({
			sensitiveKeys: ['member_no', 'nickname'],
			allowKeys: ['support_email'],
			allowValues: ['noreply@example.com'],
			patterns: [{name: 'employee', pattern: /\bEMP-\d{6}\b/, marker: '[REDACTED_EMPLOYEE]'}],
		});
		expect(
			s.data({
				member_no: 12,
				user_nickname: 'z',
				support_email: 'help@example.com',
				from: 'noreply@example.com',
			}),
		).toEqual({
			member_no: '[REDACTED]',
			user_nickname: '[REDACTED]',
			support_email: 'help@example.com',
			from: 'noreply@example.com',
		});
		expect(s.text('by EMP-123456')).toBe('by [REDACTED_EMPLOYEE]');
	});

	it('rejects invalid custom patterns with INVALID_INPUT', () => {
		for (const bad of [
			{name: 'x', pattern: 'abc' as unknown as RegExp},
			{name: 'y', pattern: /a*/},
		]) {
			let caught: unknown;
			try {
				createSanitizer({patterns: [bad]});
			} catch (error) {
				caught = error;
			}
			expect(isUmamiGuardError(caught) && caught.code === 'INVALID_INPUT').toBe(true);
		}
	});

	it('onRedact receives one class per redaction, never the value', () => {
		const seen: unknown[][] = [];
		const s = createSanitizer({onRedact: (...args: unknown[]) => void seen.push(args)});
		s.text('a@example.com b@example.com 4242424242424242');
		expect(seen).toEqual([['email'], ['email'], ['card']]);
		const counts: Partial<Record<PiiClass, number>> = {};
		const t = createSanitizer({
			onRedact: (c) => {
				counts[c] = (counts[c] ?? 0) + 1;
				throw new Error('callbacks cannot break sanitizing');
			},
		});
		expect(t.data({password: 'x', note: 'a@example.com'})).toEqual({
			password: '[REDACTED]',
			note: '[REDACTED_EMAIL]',
		});
		expect(counts).toEqual({secret: 1, email: 1});
	});

	it('detect names the classes', () => {
		const s = createSanitizer();
		expect(s.detect({a: 'x@example.com', b: ['4242424242424242'], url: '/r?token=abc'}).sort()).toEqual([
			'card',
			'email',
			'secret',
		]);
		expect(s.detect(new URL('https://example.com/?code=abc'))).toEqual(['secret']);
		expect(s.detect('plain text')).toEqual([]);
		expect(s.key('john@example.com')).toBe('[REDACTED_EMAIL]');
	});
});
