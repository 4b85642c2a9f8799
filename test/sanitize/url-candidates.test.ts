import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {MARKERS, createSanitizer, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {isPlainUrlWord} from '../../src/sanitize/url-candidates.js';

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

describe('URL parts', () => {
	it('a built-in marker in a path is left as it is, as the text passes leave it', () => {
		for (const marker of Object.values(MARKERS)) {
			expect(sanitizeText(marker)).toBe(marker);
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
