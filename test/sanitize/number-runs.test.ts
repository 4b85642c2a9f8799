import {describe, expect, it} from 'vitest';
import {replaceNumberRuns} from '../../src/sanitize/numbers.js';
import {NUMBER_RUN} from '../../src/sanitize/patterns.js';
import {replaceBetween} from '../../src/sanitize/replace.js';

/** Every call of the replacer, and a replacement that marks each run, so both the calls and the output compare. */
function record(find: (fn: (run: string, offset: number, whole: string) => string) => string): string {
	const calls: string[] = [];
	const out = find((run, offset) => {
		calls.push(`${offset}:${run}`);
		return `<${run.length}>`;
	});
	return `${out} | ${calls.join(' ')}`;
}

/** A seeded stream of digits, number separators and the characters around runs. */
function soup(seed: number, count: number): string[] {
	const alphabet = '0123456789012345678901234567890123456789 ().-+:x_/,';
	let state = seed;
	const out: string[] = [];
	for (let k = 0; k < count; k++) {
		let s = '';
		state = (state * 1_103_515_245 + 12_345) >>> 0;
		const len = 1 + (state % 90);
		for (let i = 0; i < len; i++) {
			state = (state * 1_103_515_245 + 12_345) >>> 0;
			s += alphabet[(state >>> 8) % alphabet.length];
		}
		out.push(s);
	}
	return out;
}

const EDGES = [
	'+44 20 7946 0958',
	'(+44) 20 7946 0958',
	'(0)30 1234 5678',
	'+(12) 345 6789',
	'1.2.3.4567890',
	'v1.2.3-4567890 and 12:3456789',
	'0-1234567',
	`${'1-'.repeat(30)}1`,
	`${'1'.repeat(30)} ${'1 '.repeat(40)}`,
	'1234567890123456789012345678',
	`${'12 '.repeat(24)}12`,
	`${'1 '.repeat(24)}12`,
	'+1234567',
	'++1234567',
	'((1234567',
	'1  2  3  4  5  6  7',
	'1   2 3 4 5 6 7',
	'',
];

describe('number runs walked in code', () => {
	it('finds the matches of NUMBER_RUN, with the same offsets, over the whole string', () => {
		for (const s of [...EDGES, ...soup(7, 4000)]) {
			expect(record((fn) => replaceNumberRuns(s, 0, s.length, fn))).toBe(
				record((fn) => s.replace(NUMBER_RUN, fn)),
			);
		}
	});

	it('reads a stretch as replaceBetween does (the string cut at `to`, the search from `from`)', () => {
		for (const s of [...EDGES, ...soup(11, 3000)]) {
			const from = Math.floor(s.length / 5);
			const to = s.length - Math.floor(s.length / 4);
			expect(record((fn) => replaceNumberRuns(s, from, to, fn))).toBe(
				record((fn) => replaceBetween(s, NUMBER_RUN, from, to, fn)),
			);
		}
	});
});
