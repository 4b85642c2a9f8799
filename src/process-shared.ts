/**
 * State the integrations share across every copy of the library loaded in one process (the ESM and the
 * CommonJS build, or two installs): a global registered symbol holds it, so that a middleware from one copy and
 * `skipTracking` or `trackRoute` from another still see the same requests.
 */

/** The value `key` holds on `globalThis`, created on first use by whichever copy of the library comes first. */
export function processShared<Value>(key: symbol, create: () => Value): Value {
	const global = globalThis as Record<symbol, Value | undefined>;
	return (global[key] ??= create());
}
