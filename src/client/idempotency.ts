/**
 * The record of recent idempotency keys: a webhook that its sender delivers again (a timeout, a retry) carries
 * the same key, and its event is dropped as `duplicate` instead of being counted twice.
 *
 * Keys are kept as a 64-bit FNV-1a digest (16 hex characters), never as given: a provider's event id is
 * not personal, but a caller may pass anything, and the outbox writes the record to disk. Bounded: the
 * oldest digest is forgotten when `max` are held (an insertion-ordered `Set`, so both ends are O(1)).
 */

/** Longest idempotency key accepted (provider event ids are far shorter). */
export const MAX_IDEMPOTENCY_KEY = 1000;

const FNV_OFFSET = 0xcb_f2_9c_e4_84_22_23_25n;
const FNV_PRIME = 0x1_00_00_00_01_b3n;

/** The 64-bit FNV-1a digest of `key`'s UTF-16 units, as 16 hex characters. */
export function digestKey(key: string): string {
	let hash = FNV_OFFSET;
	for (let index = 0; index < key.length; index++) {
		hash = BigInt.asUintN(64, (hash ^ BigInt(key.charCodeAt(index))) * FNV_PRIME);
	}
	return hash.toString(16).padStart(16, '0');
}

/** Why `key` cannot be used as an idempotency key, if it cannot. */
export function keyProblem(key: unknown): string | undefined {
	if (typeof key !== 'string' || key === '')
		return 'idempotencyKey must be a non-empty string (the provider event id)';
	if (key.length > MAX_IDEMPOTENCY_KEY)
		return `idempotencyKey is longer than ${MAX_IDEMPOTENCY_KEY} characters`;
	return undefined;
}

/** The digests of the most recent keys, at most `max`. */
export class IdempotencyRecord {
	readonly #max: number;
	readonly #digests = new Set<string>();

	/** `seed`: digests recorded before (the outbox's, oldest first). */
	constructor(max: number, seed: Iterable<string> = []) {
		this.#max = max;
		for (const digest of seed) this.add(digest);
	}

	/** Whether `digest` is recorded. */
	has(digest: string): boolean {
		return this.#digests.has(digest);
	}

	/** Records `digest`, forgetting the oldest beyond the bound. */
	add(digest: string): void {
		// Re-added: moved to the young end, so a key seen again is kept longest.
		this.#digests.delete(digest);
		this.#digests.add(digest);
		if (this.#digests.size > this.#max) this.#digests.delete(this.#digests.values().next().value!);
	}

	/** Digests held. */
	get size(): number {
		return this.#digests.size;
	}
}
