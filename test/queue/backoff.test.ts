import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {DEFAULT_BACKOFF, backoffCeiling, fullJitterDelay} from '../../src/queue/index.js';

describe('backoff', () => {
	it('doubles from baseMs up to maxMs', () => {
		expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffCeiling(attempt, 100, 1000))).toEqual([
			100, 200, 400, 800, 1000, 1000,
		]);
	});

	it('stays finite for huge attempts and sane for odd input', () => {
		expect(backoffCeiling(10_000, 100, 1000)).toBe(1000);
		expect(backoffCeiling(-3, 100, 1000)).toBe(100);
		expect(backoffCeiling(3, -1, 1000)).toBe(0);
	});

	it('full jitter is uniform in [0, ceiling)', () => {
		fc.assert(
			fc.property(fc.nat(100), fc.double({min: 0, max: 0.999_999, noNaN: true}), (attempt, random) => {
				const delay = fullJitterDelay(attempt, DEFAULT_BACKOFF.baseMs, DEFAULT_BACKOFF.maxMs, () => random);
				expect(delay).toBeGreaterThanOrEqual(0);
				expect(delay).toBeLessThan(backoffCeiling(attempt, DEFAULT_BACKOFF.baseMs, DEFAULT_BACKOFF.maxMs));
			}),
		);
	});

	it('the default lets a recovered server be noticed within 1 s', () => {
		expect(DEFAULT_BACKOFF.maxMs).toBeLessThanOrEqual(1000);
	});
});
