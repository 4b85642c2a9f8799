import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {loadCorpus} from '../../scripts/score-sanitizer.js';
import {realisticLines, uniqueEvents} from '../../bench/realistic-lines.js';
import {generateCorpus} from '../corpus/index.js';
import {isHighEntropy} from '../../src/sanitize/checks.js';
import {createInertTest, INERT, NOT_PROVEN} from '../../src/sanitize/inert.js';
import {createSanitizer, type SanitizerOptions} from '../../src/sanitize/index.js';
import {normalizeOptions} from '../../src/sanitize/options.js';
import {compileRules} from '../../src/sanitize/rules.js';

/**
 * The walk skips the text scan for values that `createInertTest` accepts; the test must never accept a string the
 * scan would change or report. Checked against the full scan (`Sanitizer.text`, the same `scrub(cut(s), true)` the
 * walk runs) on every string of the corpora, their fragments, and random strings built from the fragments that
 * start each family.
 */

function harness(options: SanitizerOptions = {}): {
	isInert: (s: string) => boolean;
	scanChanges: (s: string) => boolean;
} {
	let hits = 0;
	const sanitizer = createSanitizer({...options, onRedact: () => hits++});
	const inertness = createInertTest(compileRules(normalizeOptions(options)));
	const isInert = (s: string): boolean => inertness(s) !== NOT_PROVEN;
	return {
		isInert,
		// What the walk does after the test: the text scan, then the high-entropy check on what it kept.
		scanChanges: (s) => {
			hits = 0;
			return sanitizer.text(s) !== s || hits > 0 || (inertness(s) === INERT && isHighEntropy(s));
		},
	};
}

/** Every string leaf and key of a value. */
function stringsOf(value: unknown, out: string[]): void {
	if (typeof value === 'string') out.push(value);
	else if (typeof value === 'object' && value !== null)
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			out.push(k);
			stringsOf(v, out);
		}
}

/** The string, its runs of 1 to 3 space-separated words, and its `&`/`?`/`,` separated parts. */
function withFragments(s: string, out: Set<string>): void {
	out.add(s);
	const words = s.split(' ');
	for (let i = 0; i < words.length; i++)
		for (let k = 1; k <= 3 && i + k <= words.length; k++) out.add(words.slice(i, i + k).join(' '));
	for (const part of s.split(/[&?,]/)) out.add(part);
}

function corpusStrings(): Set<string> {
	const raw: string[] = [];
	for (const c of generateCorpus('dev')) stringsOf(c.input, raw);
	for (const c of loadCorpus()) stringsOf(c.input, raw);
	const {logs, urls} = realisticLines(1000);
	raw.push(...logs, ...urls);
	for (const e of uniqueEvents(1000)) stringsOf(e, raw);
	const out = new Set<string>();
	for (const s of raw) withFragments(s, out);
	return out;
}

/** Pieces that start or feed a detection family, and the word-ish filler between them. */
const PIECES = [
	'a',
	'Z',
	'q',
	'e',
	'f',
	'0',
	'5',
	'9',
	'_',
	'-',
	'.',
	',',
	'/',
	'?',
	'&',
	'=',
	'#',
	'%20',
	'%40',
	'%2F',
	' ',
	' is',
	' was',
	'is ',
	'key',
	'token',
	'password',
	'pass',
	'otp',
	'pin',
	'email',
	'code',
	'state',
	'session_id',
	'PGPASSWORD',
	'Bearer ',
	'basic ',
	'Token ',
	'eyJ',
	'eyJhbGciOiJIUzI1NiJ9',
	'hooks',
	'.me/',
	'wa',
	'home',
	'Users',
	'users',
	'0301',
	'030',
	'12',
	'123',
	'1234',
	'4242',
	'0049',
	'ab-cd-ef-01-23-45',
	'aa',
	'bb-',
	'aabb.ccdd.eeff',
	'1.2.3.4',
	'10.0.0',
	'DE89',
	'GB',
	'3704',
	'de89',
	'no',
	'-3704',
	'sk-',
	'key-',
	'hf_',
	're_',
	'AKIA',
	'ghp_',
	'x'.repeat(16),
	'AbC123xyz987QwE5',
	'a1B2c3D4e5F6g7H8',
	'550e8400-e29b-41d4-a716-446655440000',
	'deadbeef',
	'cafe',
	'-----',
	'-p',
	'-u',
	'--password',
	'mysql',
	'pro_yearly',
	'Sleek Steel Soap',
	'/api/v1/',
	'page',
	'utm_source',
	'far-off',
];

describe('createInertTest', () => {
	const {isInert, scanChanges} = harness();

	it('accepts the values of a typical event', () => {
		for (const v of [
			'basic_yearly_777',
			'deduce-membership',
			'Sleek Steel Soap',
			'Automotive',
			'/admin/hippodrome/52621?utm_source=far-off-yarmulke&q=Recycled%20Metal%20Mouse',
			'/shop/barba-enim/56329/43379?sort=price',
		])
			expect(isInert(v), v).toBe(true);
	});

	it('refuses what a family starts with', () => {
		for (const v of [
			'token=abc',
			'password is hunter2x',
			'me@x.io',
			'call 555 0123 456',
			'030/1234567',
			'/home/bob/x',
			'Bearer abcdefgh12',
			'1.2.3.4',
			'ab-cd-ef-01-23-45',
			'x -p secret',
			'DE89 3704',
			'q=a1B2c3D4e5F6g7H8',
			`sk-${'a'.repeat(20)}`,
			// The families of the recall round: a bare AWS secret (base64 with `/`), a Discord bot token, a
			// spelled-out email.
			'used J02Kt7/3PMwiWumpl84yhP/i5fNrsViWnJ9KlIEO for build',
			'NTMxMTIxMTMxMjQzNzgyOTk3OQ.LWK3IM.7IE3TrS0EnzvwpzQDbF4ahc6zfu',
			'reply to Jackson58 AT gmail DOT com',
		])
			expect(isInert(v), v).toBe(false);
	});

	it('accepts no string of the corpora and their fragments that the text scan changes', () => {
		let accepted = 0;
		const wrong: string[] = [];
		for (const s of corpusStrings()) {
			if (!isInert(s)) continue;
			accepted++;
			if (scanChanges(s)) wrong.push(s);
		}
		expect(wrong).toEqual([]);
		expect(accepted).toBeGreaterThan(10_000);
	});

	it('accepts no random string of family pieces that the text scan changes', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...PIECES), {minLength: 1, maxLength: 14}), (parts) => {
				const s = parts.join('');
				return !isInert(s) || !scanChanges(s);
			}),
			{numRuns: 30_000, seed: 15},
		);
	});

	it('remembers only plain keys: a sensitive key of the same length is still refused', () => {
		// `limit`/`token`, `utm_source`/`secret_key`, `page`/`pass`: the remembered keys are compared in place.
		const {isInert: fresh} = harness();
		for (let round = 0; round < 2; round++) {
			expect(fresh('/x?limit=5&utm_source=mail&page=2')).toBe(true);
			expect(fresh('/x?limit=5&token=abc')).toBe(false);
			expect(fresh('/x?utm_source=mail&secret_key=abc')).toBe(false);
			expect(fresh('/x?page=2&pass=abc')).toBe(fresh('pass=abc'));
		}
	});

	it('refuses an auth scheme before a space in any case, glued to a word too', () => {
		for (const v of ['Bearer abc', 'BASIC abc', 'my token abc', 'xdigest abc', 'auth bearer x y'])
			expect(isInert(v), v).toBe(false);
		for (const v of ['bearers abc', 'basics of x', 'tokens left', 'bear er x'])
			expect(isInert(v), v).toBe(true);
	});

	it('follows the options: extra sensitive keys and a short maxStringLength', () => {
		const custom = harness({sensitiveKeys: ['plan'], maxStringLength: 20});
		expect(custom.isInert('plan=pro_yearly')).toBe(false);
		expect(custom.isInert('sort=asc&page=2')).toBe(true);
		expect(custom.isInert('Handcrafted Granite Chair')).toBe(false);
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...PIECES, 'plan'), {minLength: 1, maxLength: 10}), (parts) => {
				const s = parts.join('');
				return !custom.isInert(s) || !custom.scanChanges(s);
			}),
			{numRuns: 5000, seed: 16},
		);
	});
});

describe('data() with inert values', () => {
	const sanitizer = createSanitizer();

	it('still applies the sensitive-key rules to values the scan would keep', () => {
		expect(
			sanitizer.data({
				otp: 'sleek',
				pin: 4821,
				one_time_code: 'steel',
				fields: [{name: 'password', value: 'Sleek Steel Soap'}],
				pairs: [['apiKey', 'pro_yearly']],
				plan: 'pro_yearly_42',
			}),
		).toEqual({
			otp: '[REDACTED]',
			pin: '[REDACTED]',
			one_time_code: '[REDACTED]',
			fields: [{name: 'password', value: '[REDACTED]'}],
			pairs: [['apiKey', '[REDACTED]']],
			plan: 'pro_yearly_42',
		});
	});

	it('still redacts a high-entropy value the text scan keeps', () => {
		expect(sanitizer.data({ref: 'a1B2c3D4e5F6g7H8'})['ref']).toBe('[REDACTED_API_KEY]');
	});
});
