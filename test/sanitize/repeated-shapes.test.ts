import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createSanitizer, type PiiClass, type SanitizerOptions} from '../../src/sanitize/index.js';

/**
 * The walk remembers key verdicts per key and per record shape (the key list of a record). What it remembers
 * must never change a result: a record sanitized by a sanitizer that has seen its shape many times gives what a
 * fresh sanitizer gives, with the same reports, whatever its keys and values are.
 */

const KEYS = [
	'plan',
	'email',
	'password',
	'phone',
	'user@example.com',
	'__proto__',
	'token',
	'name',
	'value',
	'x',
];
const VALUES: unknown[] = [
	'pro_yearly_42',
	'jane@example.com',
	'+1 415 555 2671',
	'hunter2',
	'4111 1111 1111 1111',
	42,
	4_111_111_111_111_111,
	Number.NaN,
	null,
	undefined,
	true,
	{nested: 'jane@example.com'},
	['a', 'password'],
];

/** `s.data(record)` and the classes it reported, in order. */
function run(options: SanitizerOptions, seen: number, record: Record<string, unknown>): unknown {
	const reports: PiiClass[] = [];
	const s = createSanitizer({...options, onRedact: (c) => reports.push(c)});
	// The same shape, other values first: fills the key cache and the shape memo.
	for (let i = 0; i < seen; i++) s.data(Object.fromEntries(Object.keys(record).map((k) => [k, `v${i}`])));
	reports.length = 0;
	const out = s.data(record);
	return {out, reports};
}

describe('remembered record shapes', () => {
	it('change no result and no report', () => {
		const record = fc
			.uniqueArray(fc.constantFrom(...KEYS), {minLength: 1, maxLength: 6})
			.chain((keys) =>
				fc.tuple(
					fc.constant(keys),
					fc.array(fc.constantFrom(...VALUES), {minLength: keys.length, maxLength: keys.length}),
				),
			)
			.map(([keys, values]) => {
				const r: Record<string, unknown> = {};
				keys.forEach((k, i) =>
					Object.defineProperty(r, k, {value: values[i], enumerable: true, writable: true}),
				);
				return r;
			});
		const options = fc.constantFrom<SanitizerOptions>({}, {allowKeys: ['password']}, {phones: false});
		fc.assert(
			fc.property(record, options, (r, o) => {
				expect(run(o, 3, r)).toEqual(run(o, 0, r));
			}),
			{numRuns: 300},
		);
	});

	it('a key that reports a hit is judged, and reported, every time', () => {
		const reports: PiiClass[] = [];
		const s = createSanitizer({onRedact: (c) => reports.push(c)});
		for (let i = 0; i < 3; i++) s.data({'jane@example.com': 1, plan: 'pro'});
		expect(reports).toEqual(['email', 'email', 'email']);
	});
});
