/**
 * A seeded PRNG for the generated corpora: the same seed gives byte-identical cases on every machine, so a
 * dev figure can be reproduced and a holdout figure compared across commits.
 */

/** The dev split: tune on it, print its failures. */
export const DEV_SEED = 0x0de5_2026;
/** The holdout split: scored in aggregate only, never opened case by case. */
export const HOLDOUT_SEED = 0x401d_0ff5;

/** Seeded random choices (mulberry32). */
export class Rng {
	#state: number;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.#state = (this.#state + 0x6d2b79f5) >>> 0;
		let t = this.#state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	}

	/** An integer in [lo, hi]. */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}

	/** A 31-bit seed for a third-party generator (faker), so its output follows ours. */
	seed(): number {
		return this.int(1, 0x7fff_ffff);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(xs: readonly T[]): T {
		if (xs.length === 0) throw new Error('pick from an empty list');
		return xs[Math.floor(this.next() * xs.length)] as T;
	}

	/** `n` characters drawn from `alphabet`. */
	string(n: number, alphabet: string): string {
		let s = '';
		for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
		return s;
	}
}

export const DIGITS = '0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const ALNUM = UPPER + LOWER + DIGITS;
export const BASE64URL = ALNUM + '-_';
export const BASE64 = ALNUM + '+/';
export const HEX = '0123456789abcdef';
