/**
 * The patterns `patterns.ts` builds at their first use (`builtOnFirstUse`): each is one regex, built once and
 * then the same object, and it passes the same ReDoS lint as the literals of `patterns.ts` (the lint reads only
 * literals, so each is linted here as one). What they find is the same on the first use and every later one.
 */
import {resolve} from 'node:path';
import {ESLint} from 'eslint';
import {describe, expect, it, vi} from 'vitest';
import * as patterns from '../../src/sanitize/patterns.js';

const built = Object.entries(patterns).filter(
	(entry): entry is [string, () => RegExp] => typeof entry[1] === 'function',
);

describe('patterns built at first use', () => {
	it('are the Unicode-property patterns, each one regex built once', () => {
		expect(built.map(([name]) => name).sort()).toEqual(
			[
				'CARD_CODE',
				'CHECKED_ID',
				'CITY_NAME',
				'EMAIL',
				'EMAIL_OBFUSCATED',
				'EMAIL_QUOTED',
				'EMAIL_SPELLED',
				'INTL_KEY_VALUE',
				'NATIONAL_ID',
				'NINO_CONTEXT',
				'NOT_PROSE',
				'PHONE_CONTEXT',
				'PHONE_CONTEXT_FAR',
				'PLAIN_WORD',
				'SSN_CONTEXT',
			].sort(),
		);
		for (const [, pattern] of built) {
			expect(pattern()).toBeInstanceOf(RegExp);
			expect(pattern()).toBe(pattern());
		}
	});

	it('pass the regexp lint', async () => {
		const root = resolve(import.meta.dirname, '../..');
		const eslint = new ESLint({cwd: root});
		const code = built
			.map(([name, pattern]) => `export const ${name} = /${pattern().source}/${pattern().flags};\n`)
			.join('');
		const [result] = await eslint.lintText(code, {filePath: resolve(root, 'src/sanitize/built-patterns.ts')});
		expect(result?.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([]);
	});

	it('find the same on the first use as later', async () => {
		vi.resetModules(); // a fresh patterns.ts: none of its patterns built yet
		const {createSanitizer} = await import('../../src/sanitize/sanitizer.js');
		const text =
			'mail jörg@exämple.de or "j d"@example.org, jane [at] example [dot] com, bob at mail dot com; ' +
			'mot de passe: hunter22 cvc 123, DNI 12345678Z, NINO: AB 12 34 56 C, SSN: 123456789, Mobil 030 1234567';
		const first = createSanitizer().text(text);
		expect(first).toBe(
			'mail [REDACTED_EMAIL] or [REDACTED_EMAIL], [REDACTED_EMAIL], [REDACTED_EMAIL]; mot de passe: [REDACTED], ' +
				'DNI [REDACTED_SSN], NINO: [REDACTED_SSN], SSN: [REDACTED], Mobil [REDACTED_PHONE]',
		);
		expect(createSanitizer().text(text)).toBe(first);
		expect(createSanitizer().text(text)).toBe(first);
	});
});
