/**
 * The name/value-pair form of form builders, header lists and key-value arrays: `{name: 'password', value: …}`,
 * `{key: 'email', value: …}`, `[{name, value}]`, `[['apiKey', …]]`. The sensitive key is a *value* there, so
 * the key rules that judge property names never see it; these helpers find the value that the name makes secret.
 */

/** Properties that name the pair. */
const NAME_FIELDS = new Set([
	'name',
	'key',
	'field',
	'fieldName',
	'field_name',
	'header',
	'param',
	'parameter',
	'attribute',
	'attr',
]);

/** Properties that hold the pair's value: `value`, `val` (two compares; this runs on every record the walk sees). */
function isValueField(k: string): boolean {
	return k === 'value' || k === 'val';
}

/** Records with more properties than this are not pairs (and are not searched). */
const MAX_PAIR_KEYS = 8;

/**
 * For a record in the pair form whose name is sensitive by `isSensitive`, the property holding the value to
 * redact (`'value'`); otherwise undefined. `keys` are the record's own keys; `read` reads one safely.
 */
export function secretPairField(
	keys: readonly string[],
	read: (k: string) => unknown,
	isSensitive: (name: string) => boolean,
): string | undefined {
	if (keys.length < 2 || keys.length > MAX_PAIR_KEYS) return undefined;
	let valueKey: string | undefined;
	for (const k of keys) if (isValueField(k)) valueKey = k;
	if (valueKey === undefined) return undefined;
	for (const k of keys) {
		if (!NAME_FIELDS.has(k)) continue;
		const name = read(k);
		if (typeof name === 'string' && name.length > 0 && name.length <= 64 && isSensitive(name))
			return valueKey;
	}
	return undefined;
}

/** True for a `[name, value]` tuple whose name is sensitive by `isSensitive`. */
export function isSecretTuple(
	item: unknown,
	isSensitive: (name: string) => boolean,
): item is [string, unknown] {
	if (!Array.isArray(item) || item.length !== 2) return false;
	const name: unknown = item[0];
	return typeof name === 'string' && name.length > 0 && name.length <= 64 && isSensitive(name);
}
