/**
 * The client's per-call scrubbing: sanitizer, then Umami's limits, then the final PII gate, with a memo of
 * what is already proven clean so that the strings every call repeats are not scanned twice per call.
 *
 * What the memo holds, and the proof each entry needs (all of it checked with this instance's sanitizer):
 * - `fields`: strings that `text()` and the field limits give back unchanged and in which `isPii` finds
 *   nothing;
 * - `urls`: the same for `url()` and the URL limits;
 * - `keys`: data keys `key()` gives back unchanged, that are neither sensitive (`{[key]: 1}` is not PII:
 *   a sensitive key redacts any number) nor in `allowKeys`, and that Umami's limits keep;
 * - `values`: data strings seen unchanged, with no redaction in the whole call and no limit adjusted,
 *   under a key of `keys`.
 * A flat object whose every key and value is proven is the sanitizer's own output already (a copy is
 * queued); anything else goes through the sanitizer. The gate skips only proven strings, and event data
 * it may trust (see {@link Scrubber.leaks}); it checks every other entry on its own.
 */
import type {Sanitizer} from '../sanitize/index.js';
import type {EventData, UmamiPayload} from '../types.js';
import {
	fitsAsIs,
	isStorable,
	LIMITS,
	limitData,
	limitField,
	limitUrl,
	type NoteAdjustment,
} from './limits.js';
import {ProvenSet} from './proven.js';
import {isRevenueAmount} from './revenue.js';

/** The short text fields of a payload. */
export type TextField = 'name' | 'title' | 'language' | 'screen' | 'tag' | 'userAgent' | 'hostname';

/** Complete options of a {@link Scrubber}. */
export interface ScrubberOptions {
	readonly sanitizer: Sanitizer;
	readonly note: NoteAdjustment;
	/** Redactions so far (every `onRedact` of the sanitizer). */
	readonly hits: () => number;
	/** Limit adjustments so far (every `note`). */
	readonly adjustments: () => number;
	/** The sanitizer's `allowKeys` (values under them are not scanned: they prove nothing about a value). */
	readonly allowKeys: readonly string[];
	/** The sanitizer's `maxKeys`. */
	readonly maxKeys: number;
}

/** Strings remembered per generation and kind. */
const MEMO_SIZE = 2048;
/** Longest string remembered (the limits of data strings and URLs are 500). */
const MAX_VALUE = 256;
/** Longest key remembered. */
const MAX_KEY = 128;
/**
 * Most keys of a data object that may skip the sanitizer: 64 × (128 + 256) characters stay far below the
 * 64 KiB data budget of the limits, which the skip therefore cannot exceed.
 */
const MAX_FAST_KEYS = 64;
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A data value the sanitizer and the limits give back unchanged whatever the (plain) key. */
function isPlainPrimitive(value: unknown): boolean {
	// Integers from 1e12 up may be card numbers; smaller numbers pass every detector and Umami's numeric(19,4).
	return (
		value === null ||
		typeof value === 'boolean' ||
		(typeof value === 'number' && value > -1e12 && value < 1e12)
	);
}

/** Sanitizes, limits and gates the fields of one instance's events. */
export class Scrubber {
	readonly #sanitizer: Sanitizer;
	readonly #note: NoteAdjustment;
	readonly #hits: () => number;
	readonly #adjustments: () => number;
	readonly #allowKeys: ReadonlySet<string>;
	readonly #maxFastKeys: number;
	readonly #fields = new ProvenSet(MEMO_SIZE);
	readonly #urls = new ProvenSet(MEMO_SIZE);
	readonly #keys = new ProvenSet(MEMO_SIZE);
	readonly #values = new ProvenSet(MEMO_SIZE);
	/** The last data object whose every entry is proven clean (the gate may skip it). */
	#proven: EventData | undefined;
	/**
	 * The keys and values (by position) of the last data proven clean, copied: an event tracked again with
	 * the same pairs needs no memo lookup (same pair, same scan, same verdict).
	 */
	#lastKeys: readonly string[] = [];
	readonly #lastValues: unknown[] = [];

	constructor(options: ScrubberOptions) {
		this.#sanitizer = options.sanitizer;
		this.#note = options.note;
		this.#hits = options.hits;
		this.#adjustments = options.adjustments;
		this.#allowKeys = new Set(options.allowKeys.map((key) => key.toLowerCase()));
		this.#maxFastKeys = Math.min(MAX_FAST_KEYS, options.maxKeys);
	}

	/** A short text field, sanitized and cut to its limit (undefined when nothing is left). */
	text(value: string, field: TextField): string | undefined {
		if (value.length <= LIMITS[field] && this.#fields.has(value)) return value;
		const clean = limitField(this.#sanitizer.text(value), field, this.#note);
		if (clean === value && value.length <= MAX_VALUE && !this.#sanitizer.isPii(value))
			this.#fields.add(value);
		return clean;
	}

	/**
	 * A host name already validated (`cleanHostname`): not sanitized (a redaction marker is no host), but
	 * remembered as proven once the gate's own scan finds nothing in it, so that the host every request
	 * repeats is scanned once, not per event. A host with PII (a public IP) is never remembered: the gate
	 * still finds it.
	 */
	host(name: string): string {
		if (name.length <= MAX_VALUE && !this.#fields.has(name) && !this.#sanitizer.isPii(name))
			this.#fields.add(name);
		return name;
	}

	/** A URL or path, sanitized and fitted to Umami (undefined when nothing usable is left). */
	url(value: string, field: 'url' | 'referrer'): string | undefined {
		if (this.#urls.has(value)) return value;
		const clean = limitUrl(this.#sanitizer.url(value), field, this.#note);
		if (clean === value && value.length <= MAX_VALUE && !this.#sanitizer.isPii(value)) this.#urls.add(value);
		return clean;
	}

	/** Event data, sanitized and fitted to Umami's limits; always a new object. */
	data(properties: unknown): EventData {
		this.#proven = undefined;
		const copy = this.#flatCopy(properties);
		if (copy === undefined) return limitData(this.#sanitizer.data(properties) as EventData, this.#note);
		const maxFastKeys = this.#maxFastKeys;
		const lastKeys = this.#lastKeys;
		const lastValues = this.#lastValues;
		let proven = true;
		let same = true;
		let looked = false;
		let count = 0;
		// `for…in`, not `Object.keys`: no array per call. Inherited enumerable keys (a polluted prototype) are
		// checked like own ones, which only makes the check stricter; serialization never sees them.
		for (const key in copy) {
			const value = copy[key];
			if (typeof value === 'object' && value !== null) {
				// Nested objects: the sanitizer walks the caller's own object (its cycle detection needs the root).
				return limitData(this.#sanitizer.data(properties) as EventData, this.#note);
			}
			const index = count++;
			if (!proven) continue;
			if (index >= maxFastKeys) {
				proven = false;
				continue;
			}
			if (same && key === lastKeys[index]) {
				if (value === lastValues[index]) continue;
			} else same = false;
			if (!this.#keys.has(key)) {
				proven = false;
				looked = true;
			} else if (typeof value === 'string') {
				looked = true;
				if (!this.#values.find(value)) proven = false;
			} else if (!isPlainPrimitive(value)) proven = false;
		}
		// The values memo pays off only when the whole event skips the sanitizer: one lookup per call that needed
		// one (an event whose changed values are all numbers proves itself without the memo).
		if (looked) this.#values.tally(proven);
		if (proven) {
			// Same keys: the pairs remembered are still proven; a value that changed is looked up next time too.
			if (!same || count !== lastKeys.length) this.#remember(Object.keys(copy), copy);
			this.#proven = copy as EventData;
			return copy as EventData;
		}
		const hits = this.#hits();
		const adjustments = this.#adjustments();
		const sanitized = this.#sanitizer.data(copy) as EventData;
		const data = fitsAsIs(sanitized) ? sanitized : limitData(sanitized, this.#note);
		if (this.#hits() === hits && this.#adjustments() === adjustments) this.#vouch(copy, data);
		return data;
	}

	/**
	 * The final gate: true when personal data is left in the payload (the website id is a UUID by design,
	 * `ip` is sent only when the identity policy says so, `id` was checked or is the anonymous hash).
	 * `trustData`: nothing but this client touched the payload since {@link Scrubber.data} built it (no
	 * `beforeSend`), so data it proved clean is not scanned again.
	 */
	leaks(payload: UmamiPayload, trustData: boolean): boolean {
		const sanitizer = this.#sanitizer;
		for (const key in payload) {
			if (key === 'website' || key === 'timestamp' || key === 'ip' || key === 'id') continue;
			const value = payload[key as keyof UmamiPayload];
			if (typeof value === 'string') {
				const url = key === 'url' || key === 'referrer';
				if ((url ? this.#urls : this.#fields).has(value) || (url ? this.#fields : this.#urls).has(value))
					continue;
			} else if (key === 'data' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
				if (trustData && value === this.#proven) continue;
				if (this.#dataLeaks(value)) return true;
				continue;
			}
			if (sanitizer.isPii(value)) return true;
		}
		return false;
	}

	/** Each entry on its own (at least as strict as the whole object: no shared node budget or key cap). */
	#dataLeaks(data: Readonly<Record<string, unknown>>): boolean {
		const sanitizer = this.#sanitizer;
		for (const key of Object.keys(data)) {
			const value = data[key];
			if (this.#keys.has(key) && this.#provenValue(value)) continue;
			// A money amount the client checked (≤ 15 digits, ≤ 4 decimals) is not a card number, whatever Luhn says.
			if (key === 'revenue' && isRevenueAmount(value)) continue;
			const entry = Object.create(null) as Record<string, unknown>;
			entry[key] = value;
			if (sanitizer.isPii(entry)) return true;
		}
		return false;
	}

	#provenValue(value: unknown): boolean {
		return typeof value === 'string' ? this.#values.has(value) : isPlainPrimitive(value);
	}

	/** A copy of a plain object's own enumerable string-keyed properties (each read once), or undefined. */
	#flatCopy(properties: unknown): Record<string, unknown> | undefined {
		if (typeof properties !== 'object' || properties === null) return undefined;
		try {
			const prototype = Object.getPrototypeOf(properties) as unknown;
			if (prototype !== Object.prototype && prototype !== null) return undefined;
			// Symbol-keyed properties may ride along in the copy: no serialization (batch body, outbox) sees them.
			return {...properties} as Record<string, unknown>;
		} catch {
			// A hostile Proxy: the sanitizer reads it defensively.
			return undefined;
		}
	}

	/**
	 * The call made no redaction and adjusted no limit, so every entry that came out exactly as it went in
	 * was scanned by the sanitizer as it is now, which is the scan the gate would repeat: it is clean.
	 */
	#vouch(copy: Readonly<Record<string, unknown>>, data: EventData): void {
		let all = true;
		// While the values memo does not learn (every value new), nothing of this call would be looked up
		// again: only the comparison is made. Keys are learned in the windows that learn (the first one
		// included); the memo forgets only when it learns, so the keys stay meanwhile.
		const learning = this.#values.learning;
		// `for…in`: no array per call; an inherited key is in no copy, which only withholds the proof.
		for (const key in data) {
			const value = data[key];
			if (!Object.hasOwn(copy, key) || copy[key] !== value) {
				all = false;
				continue;
			}
			if (learning && this.#learnKey(key) && typeof value === 'string' && value.length <= MAX_VALUE)
				this.#values.add(value);
		}
		if (all) {
			if (learning) this.#remember(Object.keys(data), data);
			this.#proven = data;
		}
	}

	/** Copies the pairs of data just proven clean (before anything else can touch it). */
	#remember(keys: readonly string[], data: Readonly<Record<string, unknown>>): void {
		if (keys.length > MAX_FAST_KEYS) return;
		this.#lastKeys = keys;
		for (let index = 0; index < keys.length; index++) this.#lastValues[index] = data[keys[index]!];
	}

	/** Remembers `key` when it is a plain data key (see the file comment); true when it is one. */
	#learnKey(key: string): boolean {
		if (this.#keys.has(key)) return true;
		if (
			key === '' ||
			key.length > MAX_KEY ||
			FORBIDDEN_KEYS.has(key) ||
			this.#allowKeys.has(key.toLowerCase()) ||
			!isStorable(key)
		)
			return false;
		const probe = Object.create(null) as Record<string, unknown>;
		probe[key] = 1;
		// `isPii` first: it reports nothing to `onRedact`, and when it finds nothing `key()` redacts nothing.
		if (this.#sanitizer.isPii(probe) || this.#sanitizer.key(key) !== key) return false;
		this.#keys.add(key);
		return true;
	}
}
