/**
 * A bounded set of strings already proven clean, so that values which repeat on every call (event names,
 * routes, property keys and values) are scanned once instead of twice per call. Two generations of at most
 * `size` entries each: when the young one is full it becomes the old one and the previous old one is
 * forgotten; a hit in the old generation moves the string back into the young one, so the values in use
 * stay while one-off values age out. Memory is bounded by `2 × size` strings of at most the caller's cap.
 */
export class ProvenSet {
	readonly #size: number;
	#young = new Set<string>();
	#old = new Set<string>();

	constructor(size: number) {
		this.#size = size;
	}

	has(value: string): boolean {
		if (this.#young.has(value)) return true;
		if (!this.#old.has(value)) return false;
		this.add(value);
		return true;
	}

	add(value: string): void {
		if (this.#young.size >= this.#size) {
			this.#old = this.#young;
			this.#young = new Set();
		}
		this.#young.add(value);
	}
}
