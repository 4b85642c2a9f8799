import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {MARKERS, createSanitizer, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {isBareNumber, isPlainUrlWord} from '../../src/sanitize/url-candidates.js';

/**
 * The URL scan leaves a segment, key or value as written, without scanning it, when `isPlainUrlWord` says no text
 * pass can change it, and skips our own markers. These shortcuts must never hide what the text passes find: if a
 * new detection family can match a plain word, these properties fail and the shortcut has to learn of it.
 */

/** Letters weighted to hex ones (UUID, MAC and hex shapes), `-` and `_`, after an API key head at times. */
const HEADS = [
	'',
	'sk-',
	'key-',
	'xoxb-',
	'xapp-',
	'AKIA',
	'AIza',
	'glpat-',
	'pypi-',
	'EAAA',
	'hf_',
	'secret_',
];
const word = fc
	.tuple(
		fc.constantFrom(...HEADS),
		fc.array(fc.constantFrom(...'abcdefABCDEFabcdefgzGZ-_-'), {minLength: 1, maxLength: 80}),
	)
	.map(([head, chars]) => head + chars.join(''));

describe('isPlainUrlWord', () => {
	it('holds only where the text passes find nothing', () => {
		fc.assert(
			fc.property(word, (w) => {
				if (isPlainUrlWord(w, 0, w.length)) expect(sanitizeText(w)).toBe(w);
			}),
			{numRuns: 3000},
		);
	});

	it('takes slugs, campaign tags and parameter names; not digits, hex groups or key heads', () => {
		for (const w of ['utm_campaign', 'thalassinus-decipio', 'X-Amz-SignedHeaders', 'sort'])
			expect(isPlainUrlWord(w, 0, w.length)).toBe(true);
		for (const w of [
			'order-42',
			'aa-bb-cc-dd-ee-ff',
			'deadbeef',
			'sk-abcdefghijklmnopqrstuvwxyz',
			'a.b',
			'a%40b',
		])
			expect(isPlainUrlWord(w, 0, w.length)).toBe(false);
	});

	it('judges the range it is given, not the whole string', () => {
		const s = '/42/plain-word/7';
		expect(isPlainUrlWord(s, 4, 14)).toBe(true);
		expect(isPlainUrlWord(s, 0, 14)).toBe(false);
	});
});

describe('isBareNumber', () => {
	const bare = fc
		.tuple(
			fc.constantFrom('', '+'),
			fc.array(fc.constantFrom(...'0123456789'), {minLength: 1, maxLength: 30}),
		)
		.map(([plus, digits]) => plus + digits.join(''));

	it('a bare number in a path or under a sensitive key is judged as the text scan judges it', () => {
		fc.assert(
			fc.property(bare, (n) => {
				const text = sanitizeText(n);
				expect(sanitizeUrl(`/p/${n}`)).toBe(`/p/${text}`);
				const whole = text !== n && /^\[[A-Z_]+\]$/.test(text) ? text : '[REDACTED]';
				expect(sanitizeUrl(`/send?phone=${n}`)).toBe(`/send?phone=${whole}`);
			}),
			{numRuns: 2000},
		);
	});

	it('takes 7 to 25 digits after at most one plus sign, nothing else', () => {
		for (const n of ['+4930123456', '12684640361', '1234567', '1'.repeat(25)])
			expect(isBareNumber(n)).toBe(true);
		for (const n of ['123456', '1'.repeat(26), '++1234567', '+49 30 123456', '12345678a'])
			expect(isBareNumber(n)).toBe(false);
	});
});

describe('URL parts', () => {
	it('a built-in marker in a path is left as it is, as the text passes leave it', () => {
		for (const marker of Object.values(MARKERS)) {
			expect(sanitizeText(marker)).toBe(marker);
			expect(sanitizeText(`+${marker}`)).toBe(`+${marker}`);
			expect(sanitizeUrl(`https://t.me/+${marker}`)).toBe(`https://t.me/+${marker}`);
			expect(sanitizeUrl(`/a/${marker}/b?x=${marker}#${marker}`)).toBe(
				`/a/${marker}/b?x=${marker}#${marker}`,
			);
		}
	});

	it('plain words are still scanned when a custom pattern could match them', () => {
		const s = createSanitizer({
			patterns: [{name: 'codename', pattern: /internal-[a-z]+/g, marker: '[CODENAME]'}],
		});
		expect(s.url('/docs/internal-zephyr?ref=internal-gazelle')).toBe('/docs/[CODENAME]?ref=[CODENAME]');
	});
});

describe('URL parts the inertness proof keeps', () => {
	/** Every shortcut off: a custom pattern (that never matches) makes the URL scan run the text scan on every part. */
	function pairOf(): {fast: (u: string) => [string, string[]]; full: (u: string) => [string, string[]]} {
		const make = (patterns: boolean): ((u: string) => [string, string[]]) => {
			const hits: string[] = [];
			const s = createSanitizer({
				onRedact: (cls) => hits.push(cls),
				...(patterns ? {patterns: [{name: 'none', pattern: /never-matches-\(\)/g}]} : {}),
			});
			return (u) => {
				hits.length = 0;
				const out = s.url(u);
				return [out, [...hits]];
			};
		};
		return {fast: make(false), full: make(true)};
	}
	// The alphabet of `createInertTest`, weighted to the shapes it has to refuse (digit runs, dotted quads, `.me/`),
	// and short whole items a sensitive value can be (its own marker, not `[REDACTED]`).
	const part = fc
		.array(
			fc.constantFrom(
				...'abzAZ09012345_-. %=&,eyJme'.split(''),
				'home',
				'Users',
				'2021-08-06',
				'sk-',
				'8.8.8.8',
				'+49 30 1234567',
				'123-45-6789',
				'a@b.co',
			),
			{
				maxLength: 12,
			},
		)
		.map((xs) => xs.join(''));
	const key = fc.constantFrom('code', 'state', 'token', 'sv', 'se', 'sp', 'sig', 'q', 'page');

	it('come out, and are reported, as the full text scan gives them', () => {
		const {fast, full} = pairOf();
		fc.assert(
			fc.property(fc.array(part, {maxLength: 3}), key, part, (segs, k, v) => {
				const u = `/${segs.map(encodeURIComponent).join('/')}?${k}=${encodeURIComponent(v)}#${encodeURIComponent(v)}`;
				expect(fast(u)).toEqual(full(u));
			}),
			{numRuns: 3000},
		);
		for (const u of [
			'/docs/index.html?sp=r&sv=2021-08-06',
			'/a/report-2024.pdf?code=abc&state=x1',
			'/x?token=a%20b',
		])
			expect(fast(u)).toEqual(full(u));
	});
});
