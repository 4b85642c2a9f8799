import {describe, expect, it} from 'vitest';
import {createSanitizer, sanitizeData} from '../../src/sanitize/index.js';

describe('sanitizeData', () => {
	it('scrubs by content and by key, and returns a new object', () => {
		const input = {
			email: 'user@test.com',
			action: 'login',
			nested: {note: 'call +1 415 555 2671', password: 12345},
		};
		const copy = structuredClone(input);
		const out = sanitizeData(input);
		expect(out).toEqual({
			email: '[REDACTED_EMAIL]',
			action: 'login',
			nested: {note: 'call [REDACTED_PHONE]', password: '[REDACTED]'},
		});
		expect(input).toEqual(copy);
		expect(out).not.toBe(input);
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
	});

	it('redacts anything under sensitive keys, keeps look-alikes', () => {
		const out = sanitizeData({
			apiKey: {nested: 'x'},
			'x-api-key': 42,
			user_password: ['a'],
			token_count: 1500,
			max_tokens: 512,
			password_strength: 'weak',
			password_updated_at: '2024-01-01',
			email_verified: true,
			has_phone: false,
			auth_method: 'oauth',
			author: 'Jane',
			authority: 'high',
			session_duration_ms: 3000,
			card_last4: '4242',
			microphone_enabled: true,
			passenger_count: 2,
			keyboard_layout: 'qwerty',
		});
		expect(out['apiKey']).toBe('[REDACTED]');
		expect(out['x-api-key']).toBe('[REDACTED]');
		expect(out['user_password']).toBe('[REDACTED]');
		expect(out).toMatchObject({
			token_count: 1500,
			max_tokens: 512,
			password_strength: 'weak',
			email_verified: true,
			has_phone: false,
			author: 'Jane',
			authority: 'high',
			card_last4: '4242',
			keyboard_layout: 'qwerty',
		});
	});

	it('scrubs keys', () => {
		expect(sanitizeData({contacts: {'john@example.com': true}})).toEqual({
			contacts: {'[REDACTED_EMAIL]': true},
		});
	});

	it('wraps non-objects', () => {
		expect(sanitizeData('a@b.co x')).toEqual({value: '[REDACTED_EMAIL] x'});
		expect(sanitizeData(5)).toEqual({value: 5});
		expect(sanitizeData([1, 'x'])).toEqual({value: [1, 'x']});
		expect(sanitizeData(null)).toEqual({});
		expect(sanitizeData(undefined)).toEqual({});
	});

	it('converts special values', () => {
		const fn = (): void => {};
		const out = sanitizeData({
			d: new Date(0),
			bad: new Date(Number.NaN),
			big: 10n,
			sym: Symbol('s'),
			fn,
			u: undefined,
			nan: Number.NaN,
			inf: Number.POSITIVE_INFINITY,
			map: new Map<unknown, unknown>([
				['a', 1],
				['mail', 'x@y.io'],
			]),
			set: new Set([1, 2]),
			typed: new Uint8Array([1, 2, 3]),
			err: new Error('boom'),
			n: 4111111111111111,
		});
		expect(out).toEqual({
			d: '1970-01-01T00:00:00.000Z',
			big: '10',
			map: {a: 1, mail: '[REDACTED_EMAIL]'},
			set: [1, 2],
			typed: '[BINARY 3 bytes]',
			err: {name: 'Error', message: 'boom'},
			n: '[REDACTED_CARD]',
		});
	});

	it('survives hostile objects without polluting prototypes', () => {
		const circular: Record<string, unknown> = {a: 1};
		circular['self'] = circular;
		const getter = {
			ok: 1,
			get boom(): never {
				throw new Error('no');
			},
		};
		const proxy = new Proxy(
			{},
			{
				ownKeys: () => {
					throw new Error('trap');
				},
			},
		);
		const polluted = JSON.parse(
			'{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "prototype": 1, "ok": 2}',
		) as unknown;
		expect(sanitizeData(circular)).toEqual({a: 1, self: '[Circular]'});
		expect(sanitizeData(getter)).toEqual({ok: 1});
		expect(sanitizeData(proxy)).toEqual({});
		expect(sanitizeData({p: proxy})).toEqual({p: {}});
		expect(sanitizeData(polluted)).toEqual({ok: 2});
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
	});

	it('caps depth, keys, arrays and strings in bounded time', () => {
		let deep: Record<string, unknown> = {leaf: 'x'};
		for (let i = 0; i < 10_000; i++) deep = {n: deep};
		const wide: Record<string, number> = {};
		for (let i = 0; i < 1000; i++) wide[`k${i}`] = i;
		const big = Array.from({length: 100_000}, (_, i) => i);
		const huge = `${'lorem ipsum '.repeat(900_000)}john@example.com`;
		const start = performance.now();
		const out = sanitizeData({deep, wide, big, huge});
		expect(performance.now() - start).toBeLessThan(5000);
		let d: unknown = out['deep'];
		let depth = 0;
		while (typeof d === 'object' && d !== null) {
			d = (d as Record<string, unknown>)['n'];
			depth++;
		}
		expect(d).toBe('[Truncated]');
		expect(depth).toBeLessThanOrEqual(10);
		expect(Object.keys(out['wide'] as object)).toHaveLength(201);
		expect((out['wide'] as Record<string, unknown>)['[Truncated]']).toBe('[Truncated]');
		expect(out['big']).toHaveLength(201);
		expect((out['huge'] as string).length).toBeLessThanOrEqual(65_536 + 20);
		expect(out['huge']).not.toContain('john@example.com');
	});

	it('cuts long strings on a safe boundary', () => {
		const s = createSanitizer({maxStringLength: 100});
		const input = `${'a'.repeat(90)} 4242 4242 4242 4242 tail`;
		const out = s.text(input);
		expect(out).not.toMatch(/4242/);
		expect(out.endsWith('[Truncated]')).toBe(true);
	});
});

describe('onRemove', () => {
	it('reports each unstorable number data() removes, never the value; detect() reports nothing', () => {
		const removed: string[] = [];
		const sanitizer = createSanitizer({onRemove: (what) => removed.push(what)});
		expect(
			sanitizer.data({a: Number.NaN, b: [1, Number.POSITIVE_INFINITY], c: {d: -Infinity}, e: 2}),
		).toEqual({
			b: [1, null],
			c: {},
			e: 2,
		});
		expect(removed).toEqual(['NaN removed', 'infinite number removed', 'infinite number removed']);
		expect(sanitizer.isPii({a: Number.NaN})).toBe(false);
		expect(removed).toHaveLength(3);
	});

	it('a throwing callback never breaks sanitizing; a non-function is refused at creation', () => {
		const sanitizer = createSanitizer({
			onRemove: () => {
				throw new Error('boom');
			},
		});
		expect(sanitizer.data({a: Number.NaN, b: 1})).toEqual({b: 1});
		expect(() => createSanitizer({onRemove: 'x' as unknown as () => void})).toThrow(/onRemove/);
	});
});
