/**
 * Property keys in `data()`: each key's scrubbed form and what becomes of its value, judged once and cached
 * (property keys repeat from event to event).
 */
import {FORBIDDEN_KEYS} from '../object-keys.js';
import {isPlainShort} from './chars.js';
import {foldLookalikes} from './fold.js';
import {TRUNCATED} from './options.js';
import {MARKER_IN_KEY} from './patterns.js';
import {isPhoneKey} from './phone-keys.js';
import type {Rules} from './rules.js';
import {safeString} from './text.js';
import type {ScanSet} from './walk.js';

/**
 * What the walk does with a key: its scrubbed form, and whether the value is dropped, kept raw, redacted, or
 * walked (`phone`: walked, unless it is a phone-shaped number, which the key makes a phone).
 */
export interface KeyVerdict {
	out: string;
	action: 'drop' | 'raw' | 'secret' | 'phone' | 'walk';
}

/** The key judging of one sanitizer, compiled for one reporter. */
export interface KeyVerdicts {
	/** `Sanitizer.key`. */
	key(k: string, via: ScanSet): string;
	/**
	 * The verdict on `k` if it is cached, with no side effect (no scan, no report). `__proto__`, `constructor` and
	 * `prototype` are never cached, so a key with a cached verdict is not one of them.
	 */
	cachedVerdict(k: string): KeyVerdict | undefined;
	/** Judges a key that {@link KeyVerdicts.cachedVerdict} does not know, and caches the verdict when it may. */
	judgeKey(k: string, via: ScanSet): KeyVerdict;
}

/**
 * Compiles the key judging of one sanitizer. A verdict is cached only when judging the key reported nothing, so
 * one cache serves every reporter: every occurrence of a key that holds PII is judged, and reported, again.
 */
export function createKeyVerdicts(rules: Rules): KeyVerdicts {
	const {o, allowKeys, dataKeyIsSensitive, fastPlain} = rules;
	/** Verdicts on keys seen before; bounded, cleared when full. */
	let keyVerdicts = new Map<string, KeyVerdict>();

	function key(k: string, via: ScanSet): string {
		if (typeof k !== 'string') k = safeString(k);
		if (fastPlain && isPlainShort(k, 0, k.length)) return k;
		if (k.length > 256) k = `${k.slice(0, 256)}${TRUNCATED}`;
		return via.text.scrub(k, false);
	}

	function judgeKey(k: string, via: ScanSet): KeyVerdict {
		const before = via.tally.hits;
		const out = key(k, via);
		let action: KeyVerdict['action'] = 'walk';
		if (FORBIDDEN_KEYS.has(out)) action = 'drop';
		else if (allowKeys.size > 0 && allowKeys.has(k.toLowerCase())) action = 'raw';
		else if (o.tokens && dataKeyIsSensitive(k.includes('[REDACTED') ? k.replace(MARKER_IN_KEY, ' ') : k))
			action = 'secret';
		else if (o.phones && isPhoneKey(foldLookalikes(k))) action = 'phone';
		const verdict: KeyVerdict = {out, action};
		// A key whose scrubbing reported a hit is judged again next time, so every occurrence is reported.
		if (via.tally.hits === before && k.length <= 64 && !FORBIDDEN_KEYS.has(k)) {
			if (keyVerdicts.size >= 1024) keyVerdicts = new Map();
			keyVerdicts.set(k, verdict);
		}
		return verdict;
	}

	return {key, judgeKey, cachedVerdict: (k) => keyVerdicts.get(k)};
}
