/**
 * The object walk of `data()`: every key and value of a user object, with the caps (depth, keys, items, nodes),
 * cycle detection, and what each special value (Date, Map, Set, Error, URL, binary data and streams, NaN) becomes. Keys are
 * judged in `key-verdicts.ts`, containers walked in `walk-containers.ts`.
 */
import {isPlainShort} from './chars.js';
import {isCard, isHighEntropy} from './checks.js';
import {createInertTest, INERT, NOT_PROVEN, type Inertness} from './inert.js';
import {createKeyVerdicts} from './key-verdicts.js';
import {CIRCULAR, TRUNCATED} from './options.js';
import type {Tally} from './reporter.js';
import type {Rules} from './rules.js';
import type {TextScanner} from './text.js';
import type {UrlScanner} from './url.js';
import {opaqueMarker} from './opaque.js';
import {createContainerWalk, mapEntries} from './walk-containers.js';

/** The text and URL scans and the tally of one reporter: what the walk scrubs strings with and reports hits to. */
export interface ScanSet {
	readonly text: TextScanner;
	readonly urls: UrlScanner;
	readonly tally: Tally;
}

/**
 * The object walk of one sanitizer. It is compiled once and told, per call, which reporter's scans to use, so
 * that `data()` and `detect()` run the same closures (V8 optimizes a closure created once best).
 */
export interface Walker {
	/** `Sanitizer.data`, reporting through `via`. */
	data(value: unknown, via: ScanSet): Record<string, unknown>;
	/** `Sanitizer.key`, reporting through `via`. */
	key(k: string, via: ScanSet): string;
}

/** Budget of values visited per data() call, against DAGs that share sub-objects many times over. */
const MAX_NODES = 10_000;

/** Compiles the object walk of one sanitizer. */
export function createWalker(rules: Rules): Walker {
	const {o, fastPlain, hasAllowValues, allowValues} = rules;
	const verdicts = createKeyVerdicts(rules);
	let budget = 0;
	// Containers and values call each other: `walk` is a hoisted declaration of this closure.
	const {walkList, walkRecord, walkEntries} = createContainerWalk(rules, walk, verdicts);

	// Without custom patterns, most values are proven clean without the text scan.
	const inertness = fastPlain ? createInertTest(rules) : (): Inertness => NOT_PROVEN;

	function scrubString(v: string, via: ScanSet): string {
		if (fastPlain && isPlainShort(v, 0, v.length)) return v;
		if (hasAllowValues && allowValues.has(v)) return v;
		const inert = inertness(v);
		if (inert === INERT) return v;
		const r = inert === NOT_PROVEN ? via.text.scrub(via.text.cut(v), true) : v;
		if (r === v && o.apiKeys && v.length >= 16 && isHighEntropy(v)) return via.tally.mark('api_key');
		return r;
	}

	/** Returns the cleaned value, or `undefined` to drop it. `stack` holds the objects on the current path. */
	function walk(v: unknown, depth: number, stack: object[], raw: boolean, via: ScanSet): unknown {
		if (--budget < 0) return TRUNCATED;
		switch (typeof v) {
			case 'string': {
				return raw ? v : scrubString(v, via);
			}
			case 'number': {
				if (!Number.isFinite(v)) {
					via.tally.removed(Number.isNaN(v) ? 'NaN removed' : 'infinite number removed');
					return undefined;
				}
				if (!raw && o.cards && Number.isInteger(v) && v >= 1e12 && isCard(String(v)))
					return via.tally.mark('card');
				return v;
			}
			case 'boolean': {
				return v;
			}
			case 'bigint': {
				const s = v.toString();
				return raw
					? s
					: scrubString(s.length >= 13 && o.cards && isCard(s) ? via.tally.mark('card') : s, via);
			}
			case 'object': {
				if (v === null) return null;
				return walkObject(v, depth, stack, raw, via);
			}
			default: {
				return undefined; // undefined, symbol, function
			}
		}
	}

	function walkObject(v: object, depth: number, stack: object[], raw: boolean, via: ScanSet): unknown {
		if (stack.includes(v)) return CIRCULAR;
		if (v instanceof Date) {
			const t = v.getTime();
			return Number.isNaN(t) ? undefined : v.toISOString();
		}
		if (depth >= o.maxDepth) return TRUNCATED;
		if (v instanceof RegExp) return raw ? String(v) : scrubString(String(v), via);
		const opaque = opaqueMarker(v);
		if (opaque !== undefined) {
			via.tally.removed(`${opaque} in place of its content`);
			return opaque;
		}
		if (v instanceof URL) return raw ? v.href : via.urls.url(v.href);
		stack.push(v);
		try {
			if (Array.isArray(v) || v instanceof Set) return walkList(v, depth, stack, raw, via);
			if (v instanceof Map) return walkEntries(mapEntries(v, o.maxKeys), depth, stack, raw, via);
			if (v instanceof Error)
				return walkEntries(
					[
						['name', v.name],
						['message', v.message],
					],
					depth,
					stack,
					raw,
					via,
				);
			return walkRecord(v, depth, stack, raw, via);
		} finally {
			stack.pop();
		}
	}

	function data(value: unknown, via: ScanSet): Record<string, unknown> {
		budget = MAX_NODES;
		try {
			if (
				typeof value === 'object' &&
				value !== null &&
				!Array.isArray(value) &&
				!(value instanceof Date) &&
				!(value instanceof Set)
			) {
				const r = walk(value, -1, [], false, via);
				if (typeof r === 'object' && r !== null && !Array.isArray(r)) return r as Record<string, unknown>;
				return r === undefined ? {} : {value: r};
			}
			if (value === undefined || value === null) return {};
			const r = walk(value, 0, [], false, via);
			return r === undefined ? {} : {value: r};
		} catch {
			return {};
		}
	}

	return {data, key: verdicts.key};
}
