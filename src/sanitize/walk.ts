/**
 * The object walk of `data()`: every key and value of a user object, with the caps (depth, keys, items, nodes),
 * cycle detection, and what each special value (Date, Map, Set, Error, typed arrays, NaN) becomes.
 */
import {FORBIDDEN_KEYS} from '../object-keys.js';
import {isPlainShort} from './chars.js';
import {isCard, isHighEntropy} from './checks.js';
import {CIRCULAR, TRUNCATED, type NormalizedOptions} from './options.js';
import {MARKER_IN_KEY} from './patterns.js';
import type {Tally} from './reporter.js';
import type {Rules} from './rules.js';
import {safeString, type TextScanner} from './text.js';

/** The object walk of one sanitizer, compiled for one reporter. */
export interface Walker {
	/** `Sanitizer.data`. */
	data(value: unknown): Record<string, unknown>;
	/** `Sanitizer.key`. */
	key(k: string): string;
}

/** Budget of values visited per data() call, against DAGs that share sub-objects many times over. */
const MAX_NODES = 10_000;

/** What `setEntry` does with a key: its scrubbed form, and whether the value is dropped, kept raw, or redacted. */
interface KeyVerdict {
	out: string;
	action: 'drop' | 'raw' | 'secret' | 'walk';
}

/** The object walk of one sanitizer over its text scans; hits and removals go to `tally`. */
export class ObjectWalker implements Walker {
	readonly #o: NormalizedOptions;
	readonly #rules: Rules;
	readonly #tally: Tally;
	readonly #text: TextScanner;
	#budget = 0;
	/** Verdicts on keys seen before (property keys repeat from event to event); bounded, cleared when full. */
	#keyVerdicts = new Map<string, KeyVerdict>();

	constructor(rules: Rules, tally: Tally, text: TextScanner) {
		this.#o = rules.o;
		this.#rules = rules;
		this.#tally = tally;
		this.#text = text;
	}

	readonly key = (k: string): string => {
		if (typeof k !== 'string') k = safeString(k);
		if (this.#rules.fastPlain && isPlainShort(k, 0, k.length)) return k;
		if (k.length > 256) k = `${k.slice(0, 256)}${TRUNCATED}`;
		return this.#text.scrub(k, false);
	};

	#scrubString(v: string): string {
		if (this.#rules.fastPlain && isPlainShort(v, 0, v.length)) return v;
		if (this.#rules.hasAllowValues && this.#rules.allowValues.has(v)) return v;
		const r = this.#text.scrub(this.#text.cut(v), true);
		if (r === v && this.#o.apiKeys && v.length >= 16 && isHighEntropy(v)) return this.#tally.mark('api_key');
		return r;
	}

	#redactAny(v: unknown): unknown {
		if (v === null || v === undefined) return v;
		if (typeof v === 'string') return this.#text.redactSensitiveString(v, false);
		if (typeof v === 'function' || typeof v === 'symbol') return undefined;
		return this.#tally.mark('secret');
	}

	/** Returns the cleaned value, or `undefined` to drop it. `stack` holds the objects on the current path. */
	#walk(v: unknown, depth: number, stack: object[], raw: boolean): unknown {
		if (--this.#budget < 0) return TRUNCATED;
		switch (typeof v) {
			case 'string': {
				return raw ? v : this.#scrubString(v);
			}
			case 'number': {
				if (!Number.isFinite(v)) {
					this.#tally.removed(Number.isNaN(v) ? 'NaN removed' : 'infinite number removed');
					return undefined;
				}
				if (!raw && this.#o.cards && Number.isInteger(v) && v >= 1e12 && isCard(String(v)))
					return this.#tally.mark('card');
				return v;
			}
			case 'boolean': {
				return v;
			}
			case 'bigint': {
				const s = v.toString();
				return raw
					? s
					: this.#scrubString(s.length >= 13 && this.#o.cards && isCard(s) ? this.#tally.mark('card') : s);
			}
			case 'object': {
				if (v === null) return null;
				return this.#walkObject(v, depth, stack, raw);
			}
			default: {
				return undefined; // undefined, symbol, function
			}
		}
	}

	#walkObject(v: object, depth: number, stack: object[], raw: boolean): unknown {
		if (stack.includes(v)) return CIRCULAR;
		if (v instanceof Date) {
			const t = v.getTime();
			return Number.isNaN(t) ? undefined : v.toISOString();
		}
		if (depth >= this.#o.maxDepth) return TRUNCATED;
		if (v instanceof RegExp) return raw ? String(v) : this.#scrubString(String(v));
		if (ArrayBuffer.isView(v)) {
			if (v instanceof DataView) return undefined;
			const arr = v as unknown as ArrayLike<number | bigint>;
			const n = Math.min(arr.length, this.#o.maxArrayLength);
			const out: unknown[] = [];
			for (let i = 0; i < n; i++) {
				const item = arr[i];
				out.push(typeof item === 'bigint' ? item.toString() : item);
			}
			if (arr.length > n) out.push(TRUNCATED);
			return out;
		}
		if (v instanceof ArrayBuffer) return undefined;
		stack.push(v);
		try {
			if (Array.isArray(v) || v instanceof Set) return this.#walkList(v, depth, stack, raw);
			if (v instanceof Map) return this.#walkMap(v, depth, stack, raw);
			if (v instanceof Error)
				return this.#walkEntries(
					[
						['name', v.name],
						['message', v.message],
					],
					depth,
					stack,
					raw,
				);
			return this.#walkRecord(v, depth, stack, raw);
		} finally {
			stack.pop();
		}
	}

	#walkList(v: unknown[] | Set<unknown>, depth: number, stack: object[], raw: boolean): unknown[] {
		const out: unknown[] = [];
		const max = this.#o.maxArrayLength;
		let seen = 0;
		try {
			if (Array.isArray(v)) {
				const n = v.length;
				for (let i = 0; i < n && seen < max; i++, seen++) {
					let item: unknown;
					try {
						item = v[i];
					} catch {
						continue;
					}
					const w = this.#walk(item, depth + 1, stack, raw);
					out.push(w === undefined ? null : w);
				}
				if (n > max) out.push(TRUNCATED);
			} else {
				for (const item of v) {
					if (seen++ >= max) {
						out.push(TRUNCATED);
						break;
					}
					const w = this.#walk(item, depth + 1, stack, raw);
					if (w !== undefined) out.push(w);
				}
			}
		} catch {
			/* hostile iterable: keep what we have */
		}
		return out;
	}

	#walkMap(v: Map<unknown, unknown>, depth: number, stack: object[], raw: boolean): Record<string, unknown> {
		const entries: [string, unknown][] = [];
		try {
			for (const [k, val] of v) {
				if (entries.length > this.#o.maxKeys) break;
				if (typeof k === 'symbol' || typeof k === 'function') continue;
				entries.push([typeof k === 'object' && k !== null ? '[object]' : String(k), val]);
			}
		} catch {
			/* hostile Map */
		}
		return this.#walkEntries(entries, depth, stack, raw);
	}

	#walkRecord(v: object, depth: number, stack: object[], raw: boolean): Record<string, unknown> {
		let keys: string[];
		try {
			keys = Object.keys(v);
		} catch {
			return {};
		}
		const out: Record<string, unknown> = {};
		const max = this.#o.maxKeys;
		let kept = 0;
		for (let i = 0; i < keys.length; i++) {
			const k = keys[i] as string;
			if (FORBIDDEN_KEYS.has(k)) continue;
			if (kept >= max) {
				out[TRUNCATED] = TRUNCATED;
				break;
			}
			let item: unknown;
			try {
				item = (v as Record<string, unknown>)[k];
			} catch {
				continue; // throwing getter or Proxy trap
			}
			if (this.#setEntry(out, k, item, depth, stack, raw)) kept++;
		}
		return out;
	}

	#walkEntries(
		entries: readonly (readonly [string, unknown])[],
		depth: number,
		stack: object[],
		raw: boolean,
	): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		let kept = 0;
		for (const [k, item] of entries) {
			if (FORBIDDEN_KEYS.has(k)) continue;
			if (kept >= this.#o.maxKeys) {
				out[TRUNCATED] = TRUNCATED;
				break;
			}
			if (this.#setEntry(out, k, item, depth, stack, raw)) kept++;
		}
		return out;
	}

	#keyVerdict(k: string): KeyVerdict {
		const cached = this.#keyVerdicts.get(k);
		if (cached !== undefined) return cached;
		const before = this.#tally.hits;
		const out = this.key(k);
		let action: KeyVerdict['action'] = 'walk';
		if (FORBIDDEN_KEYS.has(out)) action = 'drop';
		else if (this.#rules.allowKeys.size > 0 && this.#rules.allowKeys.has(k.toLowerCase())) action = 'raw';
		else if (
			this.#o.tokens &&
			this.#rules.dataKeyIsSensitive(k.includes('[REDACTED') ? k.replace(MARKER_IN_KEY, ' ') : k)
		)
			action = 'secret';
		const verdict: KeyVerdict = {out, action};
		// A key whose scrubbing reported a hit is judged again next time, so every occurrence is reported.
		if (this.#tally.hits === before && k.length <= 64) {
			if (this.#keyVerdicts.size >= 1024) this.#keyVerdicts = new Map();
			this.#keyVerdicts.set(k, verdict);
		}
		return verdict;
	}

	#setEntry(
		out: Record<string, unknown>,
		k: string,
		item: unknown,
		depth: number,
		stack: object[],
		raw: boolean,
	): boolean {
		let value: unknown;
		let outKey = k;
		if (raw) {
			if (FORBIDDEN_KEYS.has(k)) return false;
			value = this.#walk(item, depth + 1, stack, true);
		} else {
			const verdict = this.#keyVerdict(k);
			outKey = verdict.out;
			switch (verdict.action) {
				case 'drop': {
					return false;
				}
				case 'raw': {
					value = this.#walk(item, depth + 1, stack, true);
					break;
				}
				case 'secret': {
					value =
						typeof item === 'string' && this.#rules.hasAllowValues && this.#rules.allowValues.has(item)
							? item
							: this.#redactAny(item);
					break;
				}
				default: {
					value = this.#walk(item, depth + 1, stack, false);
				}
			}
		}
		if (value === undefined) return false;
		out[outKey] = value;
		return true;
	}

	readonly data = (value: unknown): Record<string, unknown> => {
		this.#budget = MAX_NODES;
		try {
			if (
				typeof value === 'object' &&
				value !== null &&
				!Array.isArray(value) &&
				!(value instanceof Date) &&
				!(value instanceof Set) &&
				!ArrayBuffer.isView(value)
			) {
				const r = this.#walk(value, -1, [], false);
				if (typeof r === 'object' && r !== null && !Array.isArray(r)) return r as Record<string, unknown>;
				return r === undefined ? {} : {value: r};
			}
			if (value === undefined || value === null) return {};
			const r = this.#walk(value, 0, [], false);
			return r === undefined ? {} : {value: r};
		} catch {
			return {};
		}
	};
}
