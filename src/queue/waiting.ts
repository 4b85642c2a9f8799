import {Deque, ringCapacity} from './deque.js';

/** An item plus what the queue must know about it; `T` itself is never touched. */
export interface Entry<T> {
	readonly item: T;
	/** Push order; the waiting line is always sorted by it. */
	readonly seq: number;
	readonly enqueuedAt: number;
	/** Failed attempts that count towards `maxAttempts` (item-specific server errors only). */
	attempts: number;
	/** Generation of the flush round in which the entry was last sent (0: none). */
	tried: number;
	/** While delayed: not to be sent before this time. */
	notBefore: number;
}

/**
 * The queue's waiting line, in push order: entries that came back from a send (objects, at the front, since
 * they were pushed before anything still waiting) followed by fresh items that were never sent. Fresh items
 * take no object each: a ring of items beside two `Float64Array`s (push order, push time), so a queue
 * holding 200,000 events costs 24 bytes per event here, and `push` allocates nothing once the ring has
 * grown. Entries for fresh items are built only when they leave (or are looked at).
 * @internal
 */
export class Waiting<T> {
	readonly #front = new Deque<Entry<T>>();
	#items: (T | undefined)[];
	#seqs: Float64Array;
	#times: Float64Array;
	#mask: number;
	#head = 0;
	#fresh = 0;

	constructor(initialCapacity = 16) {
		const capacity = ringCapacity(initialCapacity);
		this.#items = new Array<T | undefined>(capacity);
		this.#seqs = new Float64Array(capacity);
		this.#times = new Float64Array(capacity);
		this.#mask = capacity - 1;
	}

	get length(): number {
		return this.#front.length + this.#fresh;
	}

	/** The entry at `index` from the front (a new object for a fresh item: read it, don't keep it). */
	at(index: number): Entry<T> | undefined {
		const front = this.#front.length;
		if (index < front) return index < 0 ? undefined : this.#front.at(index);
		if (index - front >= this.#fresh) return undefined;
		return this.#entry((this.#head + index - front) & this.#mask);
	}

	/** Appends a fresh item; `seq` must be larger than every seq already waiting. */
	push(item: T, seq: number, enqueuedAt: number): void {
		if (this.#fresh === this.#items.length) this.#grow();
		const slot = (this.#head + this.#fresh) & this.#mask;
		this.#items[slot] = item;
		this.#seqs[slot] = seq;
		this.#times[slot] = enqueuedAt;
		this.#fresh++;
	}

	/** Puts an entry back at the front; its seq must be smaller than every seq already waiting. */
	unshift(entry: Entry<T>): void {
		this.#front.unshift(entry);
	}

	shift(): Entry<T> | undefined {
		if (this.#front.length > 0) return this.#front.shift();
		if (this.#fresh === 0) return undefined;
		const entry = this.#entry(this.#head);
		this.#advance();
		return entry;
	}

	/** Removes the first entry and returns only its item (no object built); undefined when empty. */
	shiftItem(): T | undefined {
		if (this.#front.length > 0) return this.#front.shift()?.item;
		if (this.#fresh === 0) return undefined;
		const item = this.#items[this.#head];
		this.#advance();
		return item;
	}

	/** Removes and returns every entry, front first. */
	drain(): Entry<T>[] {
		const out = this.#front.drain();
		for (let entry = this.shift(); entry !== undefined; entry = this.shift()) out.push(entry);
		return out;
	}

	#entry(slot: number): Entry<T> {
		return {
			item: this.#items[slot] as T,
			seq: this.#seqs[slot]!,
			enqueuedAt: this.#times[slot]!,
			attempts: 0,
			tried: 0,
			notBefore: 0,
		};
	}

	#advance(): void {
		this.#items[this.#head] = undefined;
		this.#head = (this.#head + 1) & this.#mask;
		this.#fresh--;
	}

	#grow(): void {
		const capacity = this.#items.length * 2;
		const items = new Array<T | undefined>(capacity);
		const seqs = new Float64Array(capacity);
		const times = new Float64Array(capacity);
		for (let index = 0; index < this.#fresh; index++) {
			const slot = (this.#head + index) & this.#mask;
			items[index] = this.#items[slot];
			seqs[index] = this.#seqs[slot]!;
			times[index] = this.#times[slot]!;
		}
		this.#items = items;
		this.#seqs = seqs;
		this.#times = times;
		this.#mask = capacity - 1;
		this.#head = 0;
	}
}
