/**
 * A growable ring buffer: O(1) push/shift/unshift at both ends, no `Array#shift` on big arrays.
 * Capacity is a power of two and grows by doubling; it never shrinks (the queue is bounded anyway).
 * @internal
 */
export class Deque<T> {
	#buffer: (T | undefined)[];
	#mask: number;
	#head = 0;
	#length = 0;

	constructor(initialCapacity = 16) {
		let capacity = 16;
		while (capacity < initialCapacity) capacity *= 2;
		this.#buffer = new Array<T | undefined>(capacity);
		this.#mask = capacity - 1;
	}

	get length(): number {
		return this.#length;
	}

	/** The element at position `index` from the front, or `undefined`. */
	at(index: number): T | undefined {
		if (index < 0 || index >= this.#length) return undefined;
		return this.#buffer[(this.#head + index) & this.#mask];
	}

	push(value: T): void {
		if (this.#length === this.#buffer.length) this.#grow();
		this.#buffer[(this.#head + this.#length) & this.#mask] = value;
		this.#length++;
	}

	unshift(value: T): void {
		if (this.#length === this.#buffer.length) this.#grow();
		this.#head = (this.#head - 1) & this.#mask;
		this.#buffer[this.#head] = value;
		this.#length++;
	}

	shift(): T | undefined {
		if (this.#length === 0) return undefined;
		const value = this.#buffer[this.#head];
		this.#buffer[this.#head] = undefined;
		this.#head = (this.#head + 1) & this.#mask;
		this.#length--;
		return value;
	}

	/** Removes every element for which `keep` returns false, preserving order. O(n). */
	retain(keep: (value: T) => boolean): void {
		let write = 0;
		for (let read = 0; read < this.#length; read++) {
			const index = (this.#head + read) & this.#mask;
			const value = this.#buffer[index] as T;
			if (keep(value)) {
				this.#buffer[(this.#head + write) & this.#mask] = value;
				write++;
			}
		}
		for (let index = write; index < this.#length; index++) {
			this.#buffer[(this.#head + index) & this.#mask] = undefined;
		}
		this.#length = write;
	}

	/** Removes and returns every element, front first. */
	drain(): T[] {
		const out: T[] = [];
		for (let value = this.shift(); value !== undefined; value = this.shift()) out.push(value);
		return out;
	}

	#grow(): void {
		const old = this.#buffer;
		const next = new Array<T | undefined>(old.length * 2);
		for (let index = 0; index < this.#length; index++) next[index] = old[(this.#head + index) & this.#mask];
		this.#buffer = next;
		this.#mask = next.length - 1;
		this.#head = 0;
	}
}
