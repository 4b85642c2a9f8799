/**
 * The phone words are one list (`src/sanitize/phone-words.ts`) for keys and for text: every word the list gives
 * to keys names a phone key, every word it gives to text marks a number after it as a phone, and the text
 * patterns built from it pass the same ReDoS lint as the regex literals of `patterns.ts` (the lint reads only
 * literals, so the built patterns are linted here as literals).
 */
import {resolve} from 'node:path';
import {ESLint} from 'eslint';
import {describe, expect, it} from 'vitest';
import {PHONE_CONTEXT, PHONE_CONTEXT_FAR} from '../../src/sanitize/patterns.js';
import {isPhoneKey} from '../../src/sanitize/phone-keys.js';
import {isGluedWord, PHONE_WORDS} from '../../src/sanitize/phone-words.js';

const {keysAndText, keysAndNearText, textOnly, keysOnly} = PHONE_WORDS;
const all = [...keysAndText, ...keysAndNearText, ...textOnly, ...keysOnly];

describe('phone words', () => {
	it('are letters only, each once', () => {
		expect(all.filter((word) => !/^\p{L}+$/u.test(word))).toEqual([]);
		expect(new Set(all).size).toBe(all.length);
	});

	it('name phone keys, alone and with a number word', () => {
		const keys = [...keysAndText, ...keysAndNearText, ...keysOnly];
		expect(keys.filter((word) => !isPhoneKey(word))).toEqual([]);
		expect(keys.filter((word) => !isPhoneKey(`${word}_nr`))).toEqual([]);
		expect(textOnly.filter((word) => isPhoneKey(word))).toEqual([]);
	});

	it('mark a number after them in text, three words away unless near only', () => {
		const text = [...keysAndText, ...keysAndNearText, ...textOnly];
		expect(text.filter((word) => !PHONE_CONTEXT().test(`${word}: `))).toEqual([]);
		const far = [...keysAndText, ...textOnly].filter((word) => !isGluedWord(word));
		expect(far.filter((word) => !PHONE_CONTEXT_FAR().test(`${word} me back on `))).toEqual([]);
		expect(keysAndNearText.filter((word) => PHONE_CONTEXT_FAR().test(`${word} me back on `))).toEqual([]);
	});

	it('start a word in text unless glued (Arabic, Chinese, Japanese)', () => {
		expect(PHONE_CONTEXT().test('hotel: ')).toBe(false);
		expect(PHONE_CONTEXT().test('الهاتف: ')).toBe(true);
		expect(PHONE_CONTEXT().test('联系电话：')).toBe(true);
	});

	it('build text patterns that pass the regexp lint', async () => {
		const root = resolve(import.meta.dirname, '../..');
		const eslint = new ESLint({cwd: root});
		const code = [PHONE_CONTEXT(), PHONE_CONTEXT_FAR()]
			.map((pattern, i) => `export const P${i} = /${pattern.source}/${pattern.flags};\n`)
			.join('');
		const [result] = await eslint.lintText(code, {filePath: resolve(root, 'src/sanitize/built-patterns.ts')});
		expect(result?.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([]);
	});
});
