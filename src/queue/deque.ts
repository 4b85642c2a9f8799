/** The capacity of a ring holding at least `initial` items: a power of two, at least 16 (masks, not modulo). */
export function ringCapacity(initial: number): number {
	let capacity = 16;
	while (capacity < initial) capacity *= 2;
	return capacity;
}

/**
 * A growable ring buffer that items enter at the front and leave from the front (the events put back ahead
 * of the waiting queue): O(1) `unshift`/`shift`, no `Array#shift` on big arrays. Capacity is a power of two
 * and grows by doubling; it never shrinks (the queue is bounded anyway).
 * @internal
 */
export class Deque<T> {
	#buffer: (T | undefined)[];
	#mask: number;
	#head = 0;
	#length = 0;

	constructor(initialCapacity = 16) {
		const capacity = ringCapacity(initialCapacity);
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
