/**
 * A bounded memo for the per-request work of the integrations (path rules, query filtering, host and
 * language headers): these strings repeat on almost every request, so each is worked out once. Two
 * generations of at most `size` entries: when the young one is full it becomes the old one and the previous
 * old one is forgotten; a hit in the old generation moves the entry back. Keys longer than `maxKeyLength`
 * are never stored, so memory stays bounded by `2 × size × maxKeyLength` characters whatever the traffic.
 */
export class Memo<Value> {
	readonly #size: number;
	readonly #maxKeyLength: number;
	readonly #compute: (key: string) => Value;
	#young = new Map<string, Value>();
	#old = new Map<string, Value>();

	constructor(compute: (key: string) => Value, size = 500, maxKeyLength = 256) {
		this.#compute = compute;
		this.#size = size;
		this.#maxKeyLength = maxKeyLength;
	}

	/** The value for `key`, computed on a miss. */
	get(key: string): Value {
		const young = this.#young.get(key);
		if (young !== undefined || this.#young.has(key)) return young as Value;
		if (key.length > this.#maxKeyLength) return this.#compute(key);
		const value = this.#old.has(key) ? (this.#old.get(key) as Value) : this.#compute(key);
		if (this.#young.size >= this.#size) {
			this.#old = this.#young;
			this.#young = new Map();
		}
		this.#young.set(key, value);
		return value;
	}
}
