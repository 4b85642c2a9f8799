/**
 * The command line of scripts/diff-sanitizer.ts: the reference build is read wherever it stands, alone, before or
 * after `--random N`. Before, a reference given without `--random` was skipped as if it were `--random`'s count,
 * and the default reference was compared instead.
 */
import {describe, expect, it} from 'vitest';
import {parseDiffArgs} from '../../scripts/diff-sanitizer.js';

const REF = '/work/main/dist/sanitize.js';

describe('diff-sanitizer arguments', () => {
	it.each([
		[[REF], {refPath: REF, randomCount: 30_000}],
		[[REF, '--random', '5'], {refPath: REF, randomCount: 5}],
		[['--random', '5', REF], {refPath: REF, randomCount: 5}],
		[[`--random=5`, REF], {refPath: REF, randomCount: 5}],
		[['--random', '0'], {refPath: '/work/wt-bench/dist/sanitize.js', randomCount: 0}],
		[[], {refPath: '/work/wt-bench/dist/sanitize.js', randomCount: 30_000}],
	])('%j', (argv, expected) => {
		expect(parseDiffArgs(argv)).toEqual(expected);
	});

	it.each([[['--random']], [['--random', 'many']], [['--randm', '5']], [['a.js', 'b.js']]])(
		'refuses %j',
		(argv) => {
			expect(() => parseDiffArgs(argv)).toThrow();
		},
	);
});
