/**
 * The containers of the object walk: arrays and Sets, Maps, records, Errors — each entry capped, forbidden keys
 * dropped, sensitive keys' values redacted, every other value handed back to the walk.
 */
import {FORBIDDEN_KEYS} from '../object-keys.js';
import {isCredentialEnvName} from './cli-credentials.js';
import {isCookieName, redactCookiePairs} from './cookies.js';
import type {KeyVerdict, KeyVerdicts} from './key-verdicts.js';
import {isSecretTuple, secretPairField} from './name-value-pairs.js';
import {TRUNCATED} from './options.js';
import {isPhoneValue} from './phone-keys.js';
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

/** `o[k]`, or undefined when a getter or Proxy trap throws. */
function readSafe(o: object, k: string): unknown {
	try {
		return (o as Record<string, unknown>)[k];
	} catch {
		return undefined;
	}
}

/** The value under a sensitive key: a string is judged by `TextScanner.redactSensitiveString`, others become a marker. */
function redactAny(v: unknown, via: ScanSet): unknown {
	if (v === null || v === undefined) return v;
	if (typeof v === 'string') return via.text.redactSensitiveString(v, false);
	if (typeof v === 'function' || typeof v === 'symbol') return undefined;
	return via.tally.mark('secret');
}

/** A name in the name/value-pair form (`{name: 'otp', value: …}`) that makes its value secret. */
function isSecretPairName(rules: Rules, name: string): boolean {
	return (
		(rules.dataKeyIsSensitive(name) || isCredentialEnvName(name)) && !rules.allowKeys.has(name.toLowerCase())
	);
}

/** `out[k]` = the redacted `item`; false when nothing is stored (a function or symbol). */
function setRedacted(out: Record<string, unknown>, k: string, item: unknown, via: ScanSet): boolean {
	const r = redactAny(item, via);
	if (r === undefined) return false;
	out[k] = r;
	return true;
}

/** The value under a sensitive key `k`: kept when allowed, a cookie string pair by pair, else redacted. */
function secretEntryValue(rules: Rules, k: string, item: unknown, via: ScanSet): unknown {
	if (typeof item !== 'string') return redactAny(item, via);
	if (rules.hasAllowValues && rules.allowValues.has(item)) return item;
	if (item.includes('=') && isCookieName(k))
		return redactCookiePairs(item, rules.dataKeyIsSensitive, () => via.tally.mark('secret'));
	return redactAny(item, via);
}

/** The phone marker for a phone number (not an allowed value) under a phone-like key, else undefined. */
function phoneMarker(rules: Rules, verdict: KeyVerdict, item: unknown, via: ScanSet): string | undefined {
	if (verdict.action !== 'phone' || !isPhoneValue(item)) return undefined;
	return rules.hasAllowValues && rules.allowValues.has(item as string) ? undefined : via.tally.mark('phone');
}

/** Compiles the container walks; `walk` handles each entry's value, `verdicts` judges each key. */
export function createContainerWalk(rules: Rules, walk: WalkValue, verdicts: KeyVerdicts): ContainerWalk {
	const {o} = rules;
	const pairNameIsSensitive = (name: string): boolean => isSecretPairName(rules, name);

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
					const w =
						!raw && o.tokens && isSecretTuple(item, pairNameIsSensitive)
							? [walk(item[0], depth + 2, stack, false, via), redactAny(item[1], via) ?? null]
							: walk(item, depth + 1, stack, raw, via);
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
		// `{name: 'password', value: …}`: the name is a value, so the value's key alone does not tell.
		const pairField =
			raw || !o.tokens ? undefined : secretPairField(keys, (k) => readSafe(v, k), pairNameIsSensitive);
		for (let i = 0; i < keys.length; i++) {
			const k = keys[i] as string;
			const cached = raw ? undefined : verdicts.cachedVerdict(k); // one lookup clears and judges most keys
			if (cached === undefined && FORBIDDEN_KEYS.has(k)) continue;
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
			const stored =
				k === pairField
					? setRedacted(out, k, item, via)
					: setEntry(out, k, item, depth, stack, raw, via, cached);
			if (stored) kept++;
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
			const cached = raw ? undefined : verdicts.cachedVerdict(k);
			if (cached === undefined && FORBIDDEN_KEYS.has(k)) continue;
			if (kept >= o.maxKeys) {
				out[TRUNCATED] = TRUNCATED;
				break;
			}
			if (setEntry(out, k, item, depth, stack, raw, via, cached)) kept++;
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
		cached: KeyVerdict | undefined,
	): boolean {
		let value: unknown;
		let outKey = k;
		if (raw) value = walk(item, depth + 1, stack, true, via);
		else {
			const verdict = cached ?? verdicts.judgeKey(k, via);
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
					value = secretEntryValue(rules, k, item, via);
					break;
				}
				default: {
					value = phoneMarker(rules, verdict, item, via) ?? walk(item, depth + 1, stack, false, via);
				}
			}
		}
		if (value === undefined) return false;
		out[outKey] = value;
		return true;
	}

	return {walkList, walkRecord, walkEntries};
}
