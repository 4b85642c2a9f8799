import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';

const word = fc.stringMatching(/^[a-z]{1,8}$/);
const hexd = (n: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const email = fc
	.tuple(
		fc.stringMatching(/^[a-z][a-z0-9._+-]{0,10}[a-z0-9]$/),
		fc.stringMatching(/^[a-z]{2,10}$/),
		fc.constantFrom('com', 'org', 'io', 'co.uk', 'de'),
	)
	.map(([l, d, t]) => `${l}@${d}.${t}`);
const uuid = fc.uuid();
const hex = fc.integer({min: 32, max: 64}).chain((n) => hexd(n));
function luhn(prefix: string, len: number, body: string): string {
	const s = (prefix + body).slice(0, len - 1);
	let sum = 0;
	for (let i = 0; i < s.length; i++) {
		let d = Number(s[s.length - 1 - i]);
		if (i % 2 === 0) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return s + String((10 - (sum % 10)) % 10);
}
const card = fc
	.tuple(
		fc.constantFrom<[string, number]>(['4', 16], ['51', 16], ['2221', 16], ['37', 15], ['6011', 16]),
		fc.stringMatching(/^\d{18}$/),
	)
	.map(([[p, n], body]) => luhn(p, n, body));
const phone = fc
	.tuple(
		fc.integer({min: 200, max: 999}),
		fc.integer({min: 200, max: 999}),
		fc.integer({min: 1000, max: 9999}),
	)
	.map(([a, b, c]) => `+1 (${a}) ${b}-${c}`);
const jwt = fc
	.tuple(
		fc.base64String({minLength: 8, maxLength: 40}),
		fc.base64String({minLength: 8, maxLength: 60}),
		fc.base64String({minLength: 20, maxLength: 43}),
	)
	.map(
		([a, b, c]) =>
			`eyJ${a.replace(/[+/=]/g, 'x')}.eyJ${b.replace(/[+/=]/g, 'y')}.${c.replace(/[+/=]/g, 'z')}`,
	);
const apiKey = fc
	.constantFrom('AKIA', 'ghp_', 'sk_live_', 'npm_')
	.chain((p) => fc.stringMatching(/^[A-Z0-9]{36}$/).map((b) => (p === 'AKIA' ? p + b.slice(0, 16) : p + b)));
const pii = fc.oneof(email, uuid, hex, card, phone, jwt, apiKey);
const surround = fc.constantFrom(' ', ', ', ': ', '(', ')', '"', '\n', ' - ', '; ', '<', '>');
const noise = fc.array(word, {maxLength: 4}).map((ws) => ws.join(' '));

describe('property-based', () => {
	it('generated PII in random surroundings never survives', () => {
		fc.assert(
			fc.property(noise, surround, pii, surround, noise, (a, s1, p, s2, b) => {
				const input = `${a}${s1}${p}${s2}${b}`;
				expect(sanitizeText(input)).not.toContain(p);
				expect(JSON.stringify(sanitizeData({note: input}))).not.toContain(p);
			}),
			{numRuns: 400},
		);
	});

	it('PII survives neither in URL paths nor query values', () => {
		fc.assert(
			fc.property(word, fc.oneof(email, uuid, hex, jwt, apiKey), word, (a, p, b) => {
				const out = sanitizeUrl(
					`https://example.com/${a}/${encodeURIComponent(p)}?${b}=${encodeURIComponent(p)}`,
				);
				expect(out).not.toContain(p);
				expect(out).not.toContain(encodeURIComponent(p));
			}),
			{numRuns: 300},
		);
	});

	it('sanitizing twice changes nothing more (idempotence)', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string(),
					fc.tuple(noise, pii, noise).map((xs) => xs.join(' ')),
				),
				(s) => {
					const once = sanitizeText(s);
					expect(sanitizeText(once)).toBe(once);
					const u = sanitizeUrl(s);
					expect(sanitizeUrl(u)).toBe(u);
				},
			),
			{numRuns: 500},
		);
	});

	it('sanitizeUrl output always parses and never throws', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string(),
					fc.webUrl({withQueryParameters: true, withFragments: true}),
					fc.string({unit: 'binary'}),
				),
				(s) => {
					const out = sanitizeUrl(s);
					expect(() => new URL(out, 'https://localhost')).not.toThrow();
				},
			),
			{numRuns: 1000},
		);
	});

	it('sanitizeData never throws on arbitrary values', () => {
		fc.assert(
			fc.property(
				fc.anything({
					withBigInt: true,
					withDate: true,
					withMap: true,
					withSet: true,
					withTypedArray: true,
					withNullPrototype: true,
				}),
				(v) => {
					expect(typeof sanitizeData(v)).toBe('object');
				},
			),
			{numRuns: 300},
		);
	});
});
