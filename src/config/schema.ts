import {ConfigError, describeSource, type ConfigSource} from '../errors.js';

/** A value after interpolation, with where it came from. */
export interface SourcedValue {
	readonly value: unknown;
	readonly source: ConfigSource;
	/** The key as the user wrote it (`umami.apps.shop.website_id`), where it is not `umami.<key>`. */
	readonly key?: string;
}

/** How one configuration key is checked and converted. */
export interface KeySpec {
	/** What the error message says was expected. */
	readonly expected: string;
	/** Converts a raw value (from YAML, env or options) or returns `undefined` when it does not fit. */
	readonly parse: (raw: unknown) => unknown;
	/** What is wrong with a raw value `parse` refused, more precisely than its type (default: `got <type>`). */
	readonly explain?: (raw: unknown) => string | undefined;
}

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

function booleanValue(raw: unknown): boolean | undefined {
	if (typeof raw === 'boolean') return raw;
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim().toLowerCase();
	if (text === 'true' || text === '1' || text === 'yes' || text === 'on') return true;
	if (text === 'false' || text === '0' || text === 'no' || text === 'off') return false;
	return undefined;
}

/** A number written in decimal digits, with an optional sign and fraction: `50`, `2.5`, `-1`. */
const DECIMAL = /^[+-]?\d{1,16}(?:\.\d{1,16})?$/;

/**
 * A number, or a string that holds one in decimal digits (surrounding spaces ignored, as for booleans): env vars
 * and `${VAR}` values are strings, and so is a quoted YAML value (`batch_size: "50"`), so each source may give
 * one. Anything else `Number()` would read — `0x32`, `5e1`, `Infinity`, `1_000` — is not a setting's number.
 */
export function numberValue(raw: unknown): number | undefined {
	if (typeof raw === 'number') return raw;
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	return DECIMAL.test(text) ? Number(text) : undefined;
}

/** Boolean (`true/false`, and `1/0/yes/no/on/off` as strings from env vars). */
export const bool: KeySpec = {expected: 'a boolean (true or false)', parse: booleanValue};

/** A number within [min, max]; `integer` demands whole numbers. */
export function num(min: number, max: number, integer = true): KeySpec {
	return {
		expected: `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
		parse(raw) {
			const value = numberValue(raw);
			if (value === undefined || value < min || value > max || (integer && !Number.isInteger(value)))
				return undefined;
			return value;
		},
	};
}

/** A non-empty string of at most `max` characters. */
export function str(max = 2048): KeySpec {
	return {
		expected: `a non-empty string of at most ${max} characters`,
		parse: (raw) => (typeof raw === 'string' && raw.length > 0 && raw.length <= max ? raw : undefined),
	};
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[]): KeySpec {
	return {
		expected: `one of ${values.map((value) => `"${value}"`).join(', ')}`,
		parse: (raw) =>
			typeof raw === 'string' && (values as readonly string[]).includes(raw) ? raw : undefined,
	};
}

/** An Umami website id: a UUID. */
export const websiteId: KeySpec = {
	expected:
		'a website id in UUID form (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), as shown in Umami → Settings → Websites',
	parse: (raw) => (typeof raw === 'string' && UUID.test(raw.trim()) ? raw.trim().toLowerCase() : undefined),
};

/**
 * An absolute http(s) URL with no user name, password, query or fragment (they would travel with every
 * request; the API key has its own setting); returned without a trailing slash, and without a trailing
 * `/api/send` or `/api/batch` (the transport adds the endpoint: kept, it would ask `/api/send/api/send`).
 */
export const httpUrl: KeySpec = {
	expected:
		'an absolute http:// or https:// URL without user:password@, ?query or #fragment, such as https://cloud.umami.is (an API key goes in UMAMI_API_KEY)',
	parse(raw) {
		if (typeof raw !== 'string') return undefined;
		let url: URL;
		try {
			url = new URL(raw.trim());
		} catch {
			return undefined;
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
		if (url.username || url.password || url.search || url.hash) return undefined;
		let href = url.href;
		while (href.endsWith('/')) href = href.slice(0, -1);
		for (const endpoint of ['/api/send', '/api/batch'])
			if (href.toLowerCase().endsWith(endpoint)) return href.slice(0, -endpoint.length);
		return href;
	},
};

/** A list of non-empty strings. */
export const stringList: KeySpec = {
	expected: 'a list of non-empty strings',
	parse: (raw) =>
		Array.isArray(raw) && raw.every((item) => typeof item === 'string' && item.length > 0)
			? [...raw]
			: undefined,
};

/** The keys of a custom pattern entry in the file. */
const PATTERN_FIELDS = ['name', 'regex', 'marker'];

/**
 * The first entry of a custom pattern list with a wrong or missing key, named with the key (never a regex's
 * text); `pattern`, the option's name for a `RegExp`, is meant as `regex` in the file.
 */
function patternListProblem(raw: unknown): string | undefined {
	if (!Array.isArray(raw)) return undefined;
	for (const [index, item] of raw.entries()) {
		const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
		const at = `entry ${index + 1}${typeof entry['name'] === 'string' ? ` ("${entry['name']}")` : ''}`;
		const unknown = Object.keys(entry).find((key) => !PATTERN_FIELDS.includes(key));
		if (unknown !== undefined) {
			const near = unknown === 'pattern' ? 'regex' : suggest(unknown, PATTERN_FIELDS);
			return `${at} has an unknown key "${unknown}"${near === undefined ? '' : ` — did you mean "${near}"?`}`;
		}
		const missing = ['name', 'regex'].find((key) => typeof entry[key] !== 'string');
		if (missing !== undefined) return `${at} has no "${missing}" string`;
	}
	return undefined;
}

/** A list of custom patterns `{name, regex, marker?}`; regexes are compiled here, once. */
export const patternList: KeySpec = {
	expected: 'a list of {name, regex, marker?} entries with valid regular expressions',
	explain: patternListProblem,
	parse(raw) {
		if (!Array.isArray(raw)) return undefined;
		const patterns: {name: string; pattern: RegExp; marker?: string}[] = [];
		for (const item of raw) {
			if (typeof item !== 'object' || item === null) return undefined;
			const {name, regex, marker} = item as Record<string, unknown>;
			if (typeof name !== 'string' || typeof regex !== 'string') return undefined;
			if (marker !== undefined && typeof marker !== 'string') return undefined;
			let pattern: RegExp;
			try {
				pattern = new RegExp(regex, 'gu');
			} catch {
				return undefined;
			}
			patterns.push(marker === undefined ? {name, pattern} : {name, pattern, marker});
		}
		return patterns;
	},
};

/** Throws the {@link ConfigError} for a value that did not parse. */
export function invalid(key: string, spec: KeySpec, value: SourcedValue): never {
	throw new ConfigError({
		key,
		source: value.source,
		expected: spec.expected,
		problem: spec.explain?.(value.value) ?? `got ${describeValue(value.value, key.endsWith('api_key'))}`,
	});
}

/** Applies `spec` to a sourced value; throws a {@link ConfigError} naming key and source when it does not fit. */
export function check<T>(key: string, spec: KeySpec, value: SourcedValue): T {
	const parsed = spec.parse(value.value);
	if (parsed === undefined) invalid(key, spec, value);
	return parsed as T;
}

/**
 * Whether a short value of word characters may be a credential or a number that identifies someone, and so must
 * not be shown: six or more digits (a phone or account number, a numeric token), or a token (letters, digits,
 * `_`, `-`) of eight or more characters that mixes letters and digits (`api_Kx8mZq2L…`, `ghp_16C7…`, a hex
 * digest) or holds capitals inside (a generated password), or of 24 or more. Words, paths, hosts and ports
 * (`not-a-uuid`, `http://localhost:3000`, `1.5`) stay readable.
 */
function mayBeSecret(value: string): boolean {
	let digits = 0;
	let token = 0;
	let tokenDigits = 0;
	let tokenLetters = 0;
	let innerCapitals = 0;
	for (let i = 0; i <= value.length; i++) {
		const c = i < value.length ? value.charCodeAt(i) : 0;
		if (c >= 48 && c <= 57) {
			token++;
			tokenDigits++;
			if (++digits >= 6) return true;
		} else if ((c | 32) >= 97 && (c | 32) <= 122) {
			if (c <= 90 && token > 0) innerCapitals++;
			token++;
			tokenLetters++;
		} else if (c === 95 || c === 45) {
			token++;
		} else {
			const mixed = (tokenDigits > 0 && tokenLetters > 0) || innerCapitals >= 2;
			if (token >= 24 || (token >= 8 && mixed)) return true;
			token = 0;
			tokenDigits = 0;
			tokenLetters = 0;
			innerCapitals = 0;
		}
	}
	return false;
}

/** A short, secret-free description of a bad value for error messages. */
export function describeValue(value: unknown, secret = false): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	switch (typeof value) {
		case 'string': {
			if (value.length === 0) return 'an empty string';
			// Values are shown only when short and not secret: an API key or a pasted token never reaches a log,
			// also one pasted under a key that expects no secret (an API key in UMAMI_WEBSITE_ID).
			return secret || value.length > 40 || /[^\w .:/-]/.test(value) || mayBeSecret(value)
				? `a string of ${value.length} characters`
				: JSON.stringify(value);
		}
		case 'number':
		case 'boolean': {
			return `${typeof value} ${String(value)}`;
		}
		case 'object': {
			return 'a mapping';
		}
		default: {
			return typeof value;
		}
	}
}

/**
 * The error of a key no source knows, the same wherever it was found (file, env var, option): a "did you
 * mean …?" when a known key is close, else the list of known keys.
 */
export function unknownKey(
	key: string,
	source: ConfigSource,
	name: string,
	known: readonly string[],
): ConfigError {
	const hint = suggest(name, known);
	return new ConfigError({
		key,
		source,
		expected: hint === undefined ? `one of: ${known.join(', ')}` : `a known key — did you mean "${hint}"?`,
		problem: 'unknown key',
	});
}

/**
 * The one warning about the unknown keys a configuration ignored: each key as written, its source and the
 * nearest known key — never a value (a key pasted with a token in it is a key, its value stays unread).
 */
export function unknownKeysWarning(unknown: readonly ConfigError[]): string {
	const each = unknown.map(
		(error) => `"${error.key}" (${describeSource(error.source)}): expected ${error.expected}`,
	);
	return each.length === 1
		? `ignored an unknown configuration key, the rest applies: ${each[0] ?? ''}`
		: `ignored ${each.length} unknown configuration keys, the rest applies:\n${each.map((line) => `- ${line}`).join('\n')}`;
}

/**
 * The one warning about the file keys whose `${VAR}` is set but empty: each key as written, its line and the
 * variables — never a value — and that the key counts as not set, so its env var or default applies.
 */
export function emptyKeysWarning(empty: readonly ConfigError[]): string {
	const each = empty.map((error) => `"${error.key}" (${describeSource(error.source)}): ${error.problem}`);
	const one = each.length === 1;
	return `took ${one ? 'a configuration key' : `${each.length} configuration keys`} whose \${VAR} is empty as not set (an empty value counts as none; the env var or the default applies):${one ? ` ${each[0] ?? ''}` : `\n${each.map((line) => `- ${line}`).join('\n')}`}`;
}

/** A name compared without case, `_` or `-`: `website_id`, `websiteID` and `website-id` are one spelling. */
function folded(name: string): string {
	return name.toLowerCase().replaceAll('_', '').replaceAll('-', '');
}

/**
 * Closest known key to `name` by edit distance, ignoring case, `_` and `-` (for "did you mean …?"), or
 * undefined when nothing is close. `maxDistance` caps the distance (default: a third of the name, at least 2).
 */
export function suggest(name: string, known: readonly string[], maxDistance?: number): string | undefined {
	let best: string | undefined;
	let bestDistance = (maxDistance ?? Math.max(2, Math.floor(name.length / 3))) + 1;
	for (const candidate of known) {
		const distance = editDistance(folded(name), folded(candidate));
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}
