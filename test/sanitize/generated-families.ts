/**
 * The dev split of the generated corpora (test/corpus), scored by family against the sanitizer's source: the
 * family tests assert that a whole family is handled, not a few hand-picked cases. Only dev cases are used
 * here; the holdout stays with test/corpus/holdout.test.ts.
 */
import {describe, expect, it} from 'vitest';
import {breakdown, keepRateOf, recallOf, tprOf, type Failure} from '../../scripts/score-breakdown.js';
import {umamiGuard} from '../../scripts/score-sanitizer.js';
import {createSanitizer} from '../../src/sanitize/index.js';
import {generateCorpus, type GeneratedCase} from '../corpus/index.js';

let dev: GeneratedCase[] | undefined;

/** Recall, keep-rate and isPii TPR of the dev cases of the given families, and the failures to print. */
export function scoreFamilies(families: readonly string[]): {
	cases: number;
	recall: number;
	keepRate: number;
	tpr: number;
	failures: Failure[];
} {
	dev ??= generateCorpus('dev');
	const cases = dev.filter((c) => families.includes(c.family));
	const b = breakdown(umamiGuard(createSanitizer), cases);
	return {
		cases: cases.length,
		recall: recallOf(b.total),
		keepRate: keepRateOf(b.total),
		tpr: tprOf(b.total),
		failures: b.failures,
	};
}

/** One test per family: every labelled span of its dev cases removed and every keep string kept. */
export function describeCleanFamilies(families: readonly string[]): void {
	describe('generated dev families', () => {
		it.each(families.map((f) => [f]))('%s: every span removed, every keep string kept', (family) => {
			const r = scoreFamilies([family]);
			expect(r.cases).toBeGreaterThan(0);
			expect(r.failures.map((f) => `${f.id} ${f.what}`)).toEqual([]);
		});
	});
}
