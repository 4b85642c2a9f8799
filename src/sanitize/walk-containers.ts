/**
 * The containers of the object walk: arrays and Sets, Maps, records, Errors — each entry capped, forbidden keys
 * dropped, sensitive keys' values redacted, every other value handed back to the walk.
 */
import {FORBIDDEN_KEYS} from '../object-keys.js';
import type {KeyVerdict} from './key-verdicts.js';
import {TRUNCATED} from './options.js';
import type {Rules} from './rules.js';
import type {ScanSet} from './walk.js';

/** Walks one value: the cleaned value, or `undefined` to drop it. */
export type WalkValue = (v: unknown, depth: number, stack: object[], raw: boolean, via: ScanSet) => unknown;

/** The container walks of one sanitizer, compiled for one reporter. */
export interface ContainerWalk {
	walkList(
		v: unknown[] | Set<unknown>,
		depth: number,
		stack: object[],
		raw: boolean,
		via: ScanSet,
	): unknown[];
	walkRecord(v: object, depth: number, stack: object[], raw: boolean, via: ScanSet): Record<string, unknown>;
	walkEntries(
		entries: readonly (readonly [string, unknown])[],
		depth: number,
		stack: object[],
		raw: boolean,
		via: ScanSet,
	): Record<string, unknown>;
}

/** A Map's entries with string keys (object keys as `'[object]'`), at most `maxKeys + 1` of them. */
export function mapEntries(v: Map<unknown, unknown>, maxKeys: number): [string, unknown][] {
	const entries: [string, unknown][] = [];
	try {
		for (const [k, val] of v) {
			if (entries.length > maxKeys) break;
			if (typeof k === 'symbol' || typeof k === 'function') continue;
			entries.push([typeof k === 'object' && k !== null ? '[object]' : String(k), val]);
		}
	} catch {
		/* hostile Map */
	}
	return entries;
}

/** The value under a sensitive key: a string is judged by `TextScanner.redactSensitiveString`, others become a marker. */
function redactAny(v: unknown, via: ScanSet): unknown {
	if (v === null || v === undefined) return v;
	if (typeof v === 'string') return via.text.redactSensitiveString(v, false);
	if (typeof v === 'function' || typeof v === 'symbol') return undefined;
	return via.tally.mark('secret');
}

/** Compiles the container walks; `walk` handles each entry's value, `keyVerdict` judges each key. */
export function createContainerWalk(
	rules: Rules,
	walk: WalkValue,
	keyVerdict: (k: string, via: ScanSet) => KeyVerdict,
): ContainerWalk {
	const {o, hasAllowValues, allowValues} = rules;

	function walkList(
		v: unknown[] | Set<unknown>,
		depth: number,
		stack: object[],
		raw: boolean,
		via: ScanSet,
	): unknown[] {
		const out: unknown[] = [];
		const max = o.maxArrayLength;
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
					const w = walk(item, depth + 1, stack, raw, via);
					out.push(w === undefined ? null : w);
				}
				if (n > max) out.push(TRUNCATED);
			} else {
				for (const item of v) {
					if (seen++ >= max) {
						out.push(TRUNCATED);
						break;
					}
					const w = walk(item, depth + 1, stack, raw, via);
					if (w !== undefined) out.push(w);
				}
			}
		} catch {
			/* hostile iterable: keep what we have */
		}
		return out;
	}

	function walkRecord(
		v: object,
		depth: number,
		stack: object[],
		raw: boolean,
		via: ScanSet,
	): Record<string, unknown> {
		let keys: string[];
		try {
			keys = Object.keys(v);
		} catch {
			return {};
		}
		const out: Record<string, unknown> = {};
		const max = o.maxKeys;
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
			if (setEntry(out, k, item, depth, stack, raw, via)) kept++;
		}
		return out;
	}

	function walkEntries(
		entries: readonly (readonly [string, unknown])[],
		depth: number,
		stack: object[],
		raw: boolean,
		via: ScanSet,
	): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		let kept = 0;
		for (const [k, item] of entries) {
			if (FORBIDDEN_KEYS.has(k)) continue;
			if (kept >= o.maxKeys) {
				out[TRUNCATED] = TRUNCATED;
				break;
			}
			if (setEntry(out, k, item, depth, stack, raw, via)) kept++;
		}
		return out;
	}

	function setEntry(
		out: Record<string, unknown>,
		k: string,
		item: unknown,
		depth: number,
		stack: object[],
		raw: boolean,
		via: ScanSet,
	): boolean {
		let value: unknown;
		let outKey = k;
		if (raw) {
			if (FORBIDDEN_KEYS.has(k)) return false;
			value = walk(item, depth + 1, stack, true, via);
		} else {
			const verdict = keyVerdict(k, via);
			outKey = verdict.out;
			switch (verdict.action) {
				case 'drop': {
					return false;
				}
				case 'raw': {
					value = walk(item, depth + 1, stack, true, via);
					break;
				}
				case 'secret': {
					value =
						typeof item === 'string' && hasAllowValues && allowValues.has(item) ? item : redactAny(item, via);
					break;
				}
				default: {
					value = walk(item, depth + 1, stack, false, via);
				}
			}
		}
		if (value === undefined) return false;
		out[outKey] = value;
		return true;
	}

	return {walkList, walkRecord, walkEntries};
}
