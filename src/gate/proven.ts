/**
 * A bounded set of strings already proven clean, so that values which repeat on every call (event names,
 * routes, property keys and values) are scanned once instead of twice per call. Two generations of at most
 * `size` entries each: when the young one is full it becomes the old one and the previous old one is
 * forgotten; a hit in the old generation moves the string back into the young one, so the values in use
 * stay while one-off values age out. Memory is bounded by `2 × size` strings of at most the caller's cap.
 *
 * Learning adapts: over each window of `size` lookups, when fewer than 1 in 16 hit (every value unique,
 * e.g. ids), the next window neither learns (`add` would only churn) nor looks up (`has` answers false
 * without hashing a string it would not find), except every 8th window, which learns again in case the
 * values started to repeat.
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

	has(value: string): boolean {
		if (++this.#lookups >= this.#size) this.#nextWindow();
		if (!this.#learning) return false;
		if (this.#young.has(value)) {
			this.#hits++;
			return true;
		}
		if (!this.#old.has(value)) return false;
		this.#hits++;
		this.#insert(value);
		return true;
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
