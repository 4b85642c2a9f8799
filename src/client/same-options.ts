/**
 * Whether two `getAnalytics` option objects say the same thing, so that a second call can tell "the same
 * options again" (silently fine) from "other options" (ignored, worth a warning).
 */
import type {AnalyticsOptions} from '../config/options.js';

/**
 * Deep equality of option values: plain objects and arrays key by key, RegExps by source and flags;
 * anything else (functions, class instances) only when it is the same value, since
 * two distinct hooks or loggers can behave differently however alike they look.
 */
export function sameOptions(a: AnalyticsOptions, b: AnalyticsOptions): boolean {
	return sameValue(a, b, 0);
}

/** Deeper than any real options object; a cycle stops here instead of overflowing the stack. */
const MAX_DEPTH = 32;

function sameValue(a: unknown, b: unknown, depth: number): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || !a || !b || depth > MAX_DEPTH) return false;
	if (a instanceof RegExp) return b instanceof RegExp && String(a) === String(b);
	const prototype: unknown = Object.getPrototypeOf(a);
	if (
		prototype !== Object.getPrototypeOf(b) ||
		![Object.prototype, Array.prototype, null].includes(prototype as object)
	)
		return false;
	const keys = definedKeys(a);
	return (
		keys.length === definedKeys(b).length &&
		keys.every(
			(key) =>
				Object.hasOwn(b, key) &&
				sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1),
		)
	);
}

/** Own keys (array indices too) whose value is not `undefined`: `{debug: undefined}` says what `{}` says. */
function definedKeys(value: object): string[] {
	return Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
}
