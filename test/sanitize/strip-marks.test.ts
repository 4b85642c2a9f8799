/**
 * `stripMarks` must give exactly what `/\p{M}/gu` gives: every BMP code point its plain classes claim to know is
 * checked against the pattern, and so are words from every faker locale (names, cities, words of dozens of scripts,
 * NFD-split) and the key word lists it folds when the module loads.
 */
import {allFakers} from '@faker-js/faker';
import {describe, expect, it} from 'vitest';
import {GLUED_HEADS, INTL_HEAD_WORDS, INTL_QUALIFIERS} from '../../src/sanitize/intl-keys.js';
import {KNOWN_MARKS, OUTSIDE_KNOWN_MARKS} from '../../src/sanitize/patterns.js';
import {stripMarks} from '../../src/sanitize/strip-marks.js';

const MARK = /\p{M}/u;
const byPattern = (nfd: string): string => nfd.replace(/\p{M}/gu, '');

describe('stripMarks', () => {
	it('on every BMP code point that is not outside its known ranges, KNOWN_MARKS has the verdict of /\\p{M}/u', () => {
		const wrong: string[] = [];
		let known = 0;
		for (let code = 0; code <= 0xffff; code++) {
			const char = String.fromCharCode(code);
			if (OUTSIDE_KNOWN_MARKS.test(char)) continue;
			known++;
			KNOWN_MARKS.lastIndex = 0;
			if (KNOWN_MARKS.test(char) !== MARK.test(char)) wrong.push(code.toString(16));
		}
		expect(wrong).toEqual([]);
		expect(known).toBeGreaterThan(20_000);
	});

	it('equals the pattern on words of every faker locale, NFD-split (unknown scripts fall back to it)', () => {
		let checked = 0;
		const scripts = new Set<number>();
		for (const [locale, faker] of Object.entries(allFakers)) {
			faker.seed(7);
			for (let i = 0; i < 30; i++) {
				for (const make of [
					() => faker.person.fullName(),
					() => faker.location.city(),
					() => faker.word.sample(),
				]) {
					let word: string;
					try {
						word = make();
					} catch {
						continue;
					}
					const nfd = word.normalize('NFD');
					for (const char of nfd) scripts.add(char.codePointAt(0)! >> 8);
					expect(stripMarks(nfd), `${locale}: ${word}`).toBe(byPattern(nfd));
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(5000);
		// Hebrew, Devanagari, Thai and others lie outside the known ranges: the fallback is exercised.
		expect(scripts.has(0x05)).toBe(true);
	});

	it('equals the pattern on the key word lists folded at load, and on marks outside the known ranges', () => {
		for (const word of [...INTL_HEAD_WORDS, ...GLUED_HEADS, ...INTL_QUALIFIERS]) {
			const nfd = word.normalize('NFD');
			expect(stripMarks(nfd), word).toBe(byPattern(nfd));
		}
		for (const odd of ['שָׁלוֹם', 'नमस्ते', 'a\uFE0Fb', 'x\u20DDy', '\u{1D167}z', 'é\uD800', 'パスワード']) {
			const nfd = odd.normalize('NFD');
			expect(stripMarks(nfd), odd).toBe(byPattern(nfd));
		}
	});

	it('returns the same string when nothing is stripped', () => {
		const ascii = 'password';
		expect(stripMarks(ascii)).toBe(ascii);
		expect(stripMarks('cafe\u0301s')).toBe('cafes');
	});
});
