/**
 * A bounded set of strings already proven clean, so that values which repeat on every call (event names,
 * routes, property keys and values) are scanned once instead of twice per call. Two generations of at most
 * `size` entries each: when the young one is full it becomes the old one and the previous old one is
 * forgotten; a hit in the old generation moves the string back into the young one, so the values in use
 * stay while one-off values age out. Memory is bounded by `2 × size` strings of at most the caller's cap.
 *
 * Learning adapts: over each window of `size` lookups, when fewer than 1 in 16 hit (every value unique,
 * e.g. ids; a caller may count a group of lookups as one, see `find`), the next window neither learns (`add`
 * would only churn) nor looks up (`has` answers false without hashing a string it would not find), except every
 * 8th window, which learns again in case the values started to repeat.
 */
export class ProvenSet {
	readonly #size: number;
	#young = new Set<string>();
	#old = new Set<string>();
	#lookups = 0;
	#hits = 0;
	#windows = 0;
	#learning = true;

	constructor(size: number) {
		this.#size = size;
	}

	/** Whether this window learns (and looks up); false while lookups keep missing. */
	get learning(): boolean {
		return this.#learning;
	}

	/** Whether `value` is held; counted as one lookup of the window. */
	has(value: string): boolean {
		this.tally(false);
		if (!this.find(value)) return false;
		this.#hits++;
		return true;
	}

	/**
	 * {@link ProvenSet.has} without counting, for a caller whose lookups pay off only all together (an event
	 * skips the sanitizer only when every value is proven): it counts the outcome with {@link ProvenSet.tally},
	 * so that values which repeat among unique ones (a currency, a plan) do not keep a useless memo learning.
	 */
	find(value: string): boolean {
		if (!this.#learning) return false;
		if (this.#young.has(value)) return true;
		if (!this.#old.has(value)) return false;
		this.#insert(value);
		return true;
	}

	/** Counts one lookup of the window, a hit when `hit` (see {@link ProvenSet.find}). */
	tally(hit: boolean): void {
		if (++this.#lookups >= this.#size) this.#nextWindow();
		if (hit) this.#hits++;
	}

	add(value: string): void {
		if (this.#learning) this.#insert(value);
	}

	#insert(value: string): void {
		if (this.#young.size >= this.#size) {
			this.#old = this.#young;
			this.#young = new Set();
		}
		this.#young.add(value);
	}

	#nextWindow(): void {
		const explore = ++this.#windows % 8 === 0;
		this.#learning = explore || this.#hits * 16 >= this.#lookups;
		this.#lookups = 0;
		this.#hits = 0;
	}
}
