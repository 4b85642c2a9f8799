/**
 * Sensitive keys written with Greek or Cyrillic look-alikes of their Latin letters (issue 15): `pаssword=hunter2`
 * with a Cyrillic `а` was judged as an unknown word, in text, URL queries and object keys alike. Keys of Greek and
 * Cyrillic words keep their verdicts, and text around the keys is never folded.
 */
import {describe, expect, it} from 'vitest';
import {CONFUSABLE_LETTERS, foldConfusables} from '../../src/sanitize/confusables.js';
import {createSanitizer, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies([
	'secret/homoglyph-key',
	'keep/greek-cyrillic-key',
	'secret/compat-letter-key',
	'keep/compat-letter-key',
]);

describe('keys in mathematical or circled letters', () => {
	it('folds them with NFKC, once, and Greek or Cyrillic look-alikes after it', () => {
		expect(foldConfusables('𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝')).toBe('password');
		expect(foldConfusables('ⓣⓞⓚⓔⓝ')).toBe('token');
		expect(foldConfusables('𝐩а𝐬𝐬')).toBe('pass');
		// An unassigned code point of the block (U+1D455, italic small h's hole) stays as it is.
		expect(foldConfusables('\u{1D455}')).toBe('\u{1D455}');
	});

	it.each([
		['𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝: hunter2x', '𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝: [REDACTED]'],
		['𝘵𝘰𝘬𝘦𝘯=abc123xyz', '𝘵𝘰𝘬𝘦𝘯=[REDACTED]'],
	])('%s', (input, output) => {
		expect(sanitizeText(input)).toBe(output);
	});

	it('in object and URL keys', () => {
		expect(sanitizeData({'ⓟⓐⓢⓢⓦⓞⓡⓓ': 'hunter2x', '𝐜𝐢𝐭𝐲': 'Berlin'})).toEqual({
			'ⓟⓐⓢⓢⓦⓞⓡⓓ': '[REDACTED]',
			'𝐜𝐢𝐭𝐲': 'Berlin',
		});
		expect(sanitizeUrl(`/a?${encodeURIComponent('𝐬𝐞𝐜𝐫𝐞𝐭')}=hunter2x&b=1`)).toContain('=[REDACTED]&b=1');
	});
});

describe('foldConfusables', () => {
	it('returns an ASCII key itself', () => {
		const key = 'user_password';
		expect(foldConfusables(key)).toBe(key);
	});

	it('folds every look-alike to a Latin letter of the same case and leaves other letters', () => {
		for (const [c, latin] of CONFUSABLE_LETTERS) {
			expect(latin, c).toMatch(/^[a-z]$/i);
			expect(c.toLowerCase() === c, c).toBe(latin.toLowerCase() === latin);
			expect(foldConfusables(`x${c}y`)).toBe(`x${latin}y`);
		}
		expect(foldConfusables('пароль')).toBe('пapoль');
		expect(foldConfusables('λ')).toBe('λ');
	});
});

describe('keys with look-alike letters', () => {
	const keys = [
		'p\u0430ssword',
		't\u03bfk\u0435n',
		'\u0455ecret',
		'p\u0430sswd',
		'api_k\u0435y',
		'P\u0410SSWORD',
		'\u03c1in',
	];

	it.each(keys)('%s in text, URL queries, JSON text and objects', (key) => {
		expect(sanitizeText(`${key}=hunter2`)).toBe(`${key}=[REDACTED]`);
		expect(sanitizeText(`login failed ${key}: hunter2 retry`)).toBe(`login failed ${key}: [REDACTED] retry`);
		expect(sanitizeText(`{"${key}": "hunter2", "step": 2}`)).toBe(`{"${key}": "[REDACTED]", "step": 2}`);
		expect(sanitizeUrl(`https://a.example/?${key}=hunter2&step=2`)).toBe(
			`https://a.example/?${key}=[REDACTED]&step=2`,
		);
		expect(sanitizeUrl(`/?${encodeURIComponent(key)}=hunter2`)).toBe(
			`/?${encodeURIComponent(key)}=[REDACTED]`,
		);
		expect(sanitizeData({[key]: 'hunter2', step: 2})).toEqual({[key]: '[REDACTED]', step: 2});
	});

	it('reads a look-alike phone key as a phone key', () => {
		expect(sanitizeData({'\u0440hone': '015123456789'})).toEqual({'\u0440hone': '[REDACTED_PHONE]'});
	});

	it('keeps the verdicts of Greek and Cyrillic keys and the text around them', () => {
		expect(sanitizeData({пароль: 'x', город: 'Москва', πόλη: 'Σπάρτη'})).toEqual({
			пароль: '[REDACTED]',
			город: 'Москва',
			πόλη: 'Σπάρτη',
		});
		const prose = 'Привет, это сообщение: всё хорошо';
		expect(sanitizeText(prose)).toBe(prose);
		expect(sanitizeText('сор=мир аех: 1')).toBe('сор=мир аех: 1');
	});

	it('honours allowKeys written in Latin letters only for that spelling', () => {
		const s = createSanitizer({allowKeys: ['password']});
		expect(s.data({password: 'x', 'p\u0430ssword': 'y'})).toEqual({
			password: 'x',
			'p\u0430ssword': '[REDACTED]',
		});
	});
});
