import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {fitsAsIs, isStorable, limitData, MAX_DATA_CHARS} from '../../src/gate/limits.js';
import type {EventData} from '../../src/types.js';

const text = fc.oneof(
	fc.string({maxLength: 20}),
	fc.constantFrom('', '\u0000', 'a\uD800b', '\uDC00', '__proto__', 'x'.repeat(499), 'x'.repeat(501)),
	fc.string({minLength: 400, maxLength: 600}),
);
const value = fc.oneof(
	text,
	fc.double(),
	fc.constantFrom(1e15, -1e15, 999_999_999_999_999, Number.NaN, Number.POSITIVE_INFINITY),
	fc.boolean(),
	fc.constant(null),
);

describe('fitsAsIs', () => {
	it('says true only when limitData would give the same data back without adjusting anything', () => {
		fc.assert(
			fc.property(fc.dictionary(text, value, {maxKeys: 12}), (data) => {
				if (!fitsAsIs(data)) return;
				const notes: string[] = [];
				expect(limitData(data as EventData, (field, what) => notes.push(`${field}: ${what}`))).toEqual(data);
				expect(notes).toEqual([]);
			}),
		);
	});

	it('accepts typical event data and refuses what the limits would change', () => {
		expect(fitsAsIs({plan: 'pro', price: 29.99, ok: true, none: null})).toBe(true);
		expect(fitsAsIs({'': 1})).toBe(false);
		expect(fitsAsIs({a: 'x\u0000'})).toBe(false);
		expect(fitsAsIs({a: 'x'.repeat(501)})).toBe(false);
		expect(fitsAsIs({a: Number.NaN})).toBe(false);
		expect(fitsAsIs({a: 1e16})).toBe(false);
		expect(fitsAsIs({a: {b: 1}})).toBe(false);
		expect(fitsAsIs({a: [1]})).toBe(false);
		const big: Record<string, string> = {};
		for (let index = 0; index * 500 < MAX_DATA_CHARS; index++) big[`k${index}`] = 'v'.repeat(500);
		expect(fitsAsIs(big)).toBe(false);
		expect(isStorable('a\uD800')).toBe(false);
	});
});
