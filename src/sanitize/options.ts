/**
 * Public options and their one-time normalisation into a complete internal shape.
 */
import {UmamiGuardError} from '../errors.js';
import {STATEFUL_FLAGS} from './patterns.js';

/** Every kind of personal data the sanitizer knows. `custom` is any user pattern. */
export type PiiClass =
	| 'email'
	| 'uuid'
	| 'jwt'
	| 'api_key'
	| 'secret'
	| 'phone'
	| 'card'
	| 'hex'
	| 'ip'
	| 'iban'
	| 'ssn'
	| 'mac'
	| 'user'
	| 'custom';

/** The marker each class is replaced with. `custom` patterns carry their own (default `[REDACTED]`). */
export const MARKERS: Readonly<Record<Exclude<PiiClass, 'custom'>, string>> = Object.freeze({
	email: '[REDACTED_EMAIL]',
	uuid: '[REDACTED_UUID]',
	jwt: '[REDACTED_JWT]',
	api_key: '[REDACTED_API_KEY]',
	secret: '[REDACTED]',
	phone: '[REDACTED_PHONE]',
	card: '[REDACTED_CARD]',
	hex: '[REDACTED_HEX]',
	ip: '[REDACTED_IP]',
	iban: '[REDACTED_IBAN]',
	ssn: '[REDACTED_SSN]',
	mac: '[REDACTED_MAC]',
	user: '[REDACTED_USER]',
});

/** What replaces containers beyond the depth/size caps. */
export const TRUNCATED = '[Truncated]';
/** What replaces a reference back to an object that is already being walked. */
export const CIRCULAR = '[Circular]';

/** A user-supplied detector. */
export interface CustomPattern {
	/** A short name, for error messages. */
	name: string;
	/** What to find. The global flag is added if missing; it must not match the empty string. */
	pattern: RegExp;
	/**
	 * What to replace each match with.
	 * @default '[REDACTED]'
	 */
	marker?: string;
}

/**
 * Options of {@link createSanitizer}. Every field is optional; YAML names of the config file are given in brackets.
 */
export interface SanitizerOptions {
	/**
	 * Master switch. `false` makes every method a pass-through (`data()` still returns a shallow-copied object).
	 * @default true
	 */
	enabled?: boolean;
	/** Email addresses, including encoded forms [`sanitize_emails`]. @default true */
	emails?: boolean;
	/** UUIDs and GUIDs [`sanitize_uuids`]. @default true */
	uuids?: boolean;
	/**
	 * JWTs, `Bearer`/`Basic` credentials, values under sensitive keys and sensitive query parameters, PEM
	 * blocks and URL userinfo [`sanitize_tokens`].
	 * @default true
	 */
	tokens?: boolean;
	/** Provider API keys and high-entropy tokens in `key=value` context [`sanitize_api_keys`]. @default true */
	apiKeys?: boolean;
	/** Phone numbers [`sanitize_phones`]. @default true */
	phones?: boolean;
	/** Luhn-valid card numbers [`sanitize_cards`]. @default true */
	cards?: boolean;
	/** Hex strings of 32+ digits [`sanitize_hex`]. @default true */
	hex?: boolean;
	/** Public IPv4/IPv6 addresses (private and loopback are kept) [`sanitize_ips`]. @default true */
	ips?: boolean;
	/** mod-97-valid IBANs [`sanitize_ibans`]. @default true */
	ibans?: boolean;
	/** US social security numbers, and national ids with a check character or a label (SIN, NIR, DNI/NIE, NINO) [`sanitize_ssns`]. @default true */
	ssns?: boolean;
	/** MAC addresses [`sanitize_macs`]. @default true */
	macs?: boolean;
	/**
	 * The user name in home directories (`/Users/<name>/`, `/home/<name>/`, `C:\\Users\\<name>\\`, escaped and
	 * URL-encoded too); the rest of the path stays [`sanitize_home_paths`].
	 * @default true
	 */
	homePaths?: boolean;
	/**
	 * Extra sensitive key words or phrases (`'member_no'`, `'pin'`): matched as whole words of the key [`sensitive_keys`].
	 * @default []
	 */
	sensitiveKeys?: readonly string[];
	/** Keys (case-insensitive, exact) whose values pass untouched [`allow_keys`]. @default [] */
	allowKeys?: readonly string[];
	/** Exact string values that pass untouched anywhere [`allow_values`]. @default [] */
	allowValues?: readonly string[];
	/** Custom detectors, applied after the built-in ones [`patterns`]. @default [] */
	patterns?: readonly CustomPattern[];
	/**
	 * Called once per redaction with the class only — never the value. Must be cheap; exceptions are swallowed.
	 * @default undefined
	 */
	onRedact?: (cls: PiiClass) => void;
	/**
	 * Called when `data()` removes a value that cannot be stored (NaN and ±Infinity, which JSON cannot carry)
	 * or replaces one by a marker without its content (binary data: `[BINARY 16 bytes]`; streams:
	 * `[STREAM]`), with a short description — never the value. Exceptions are swallowed.
	 * @default undefined
	 */
	onRemove?: (what: string) => void;
	/** Containers nested deeper than this become `'[Truncated]'`. @default 10 */
	maxDepth?: number;
	/** Keys kept per object; the rest are dropped and `'[Truncated]': '[Truncated]'` is added. @default 200 */
	maxKeys?: number;
	/** Items kept per array/Set/typed array; then one `'[Truncated]'` item. @default 200 */
	maxArrayLength?: number;
	/** Strings longer than this are cut on a safe boundary (plus `'[Truncated]'`) before scanning. @default 65536 */
	maxStringLength?: number;
}

/** The complete internal shape, built once. */
export interface NormalizedOptions {
	readonly enabled: boolean;
	readonly emails: boolean;
	readonly uuids: boolean;
	readonly tokens: boolean;
	readonly apiKeys: boolean;
	readonly phones: boolean;
	readonly cards: boolean;
	readonly hex: boolean;
	readonly ips: boolean;
	readonly ibans: boolean;
	readonly ssns: boolean;
	readonly macs: boolean;
	readonly homePaths: boolean;
	readonly sensitiveKeys: readonly string[];
	readonly allowKeys: ReadonlySet<string>;
	readonly allowValues: ReadonlySet<string>;
	readonly patterns: readonly {readonly name: string; readonly regex: RegExp; readonly marker: string}[];
	readonly onRedact: ((cls: PiiClass) => void) | undefined;
	readonly onRemove: ((what: string) => void) | undefined;
	readonly maxDepth: number;
	readonly maxKeys: number;
	readonly maxArrayLength: number;
	readonly maxStringLength: number;
}

function invalid(message: string): UmamiGuardError {
	return new UmamiGuardError('INVALID_INPUT', `Invalid sanitizer option ${message}`);
}

function flag(options: SanitizerOptions, key: keyof SanitizerOptions): boolean {
	const v = options[key];
	if (v === undefined) return true;
	if (typeof v !== 'boolean') throw invalid(`"${key}": expected a boolean`);
	return v;
}

function cap(
	options: SanitizerOptions,
	key: 'maxDepth' | 'maxKeys' | 'maxArrayLength' | 'maxStringLength',
	fallback: number,
): number {
	const v = options[key];
	if (v === undefined) return fallback;
	if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
		throw invalid(`"${key}": expected a positive integer`);
	return v;
}

function strings(
	options: SanitizerOptions,
	key: 'sensitiveKeys' | 'allowKeys' | 'allowValues',
): readonly string[] {
	const v = options[key];
	if (v === undefined) return [];
	if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
		throw invalid(`"${key}": expected an array of strings`);
	return v;
}

function isRegExp(value: unknown): value is RegExp {
	return Object.prototype.toString.call(value) === '[object RegExp]';
}

/** Validates and completes the options. Throws `UmamiGuardError('INVALID_INPUT')` on a bad value. */
export function normalizeOptions(options: SanitizerOptions = {}): NormalizedOptions {
	if (typeof options !== 'object' || options === null) throw invalid('object: expected an object');
	const patterns = (options.patterns ?? []).map((p, i) => {
		const where = `"patterns[${i}]"`;
		if (typeof p !== 'object' || p === null) throw invalid(`${where}: expected {name, pattern, marker?}`);
		if (!isRegExp(p.pattern)) throw invalid(`${where}.pattern: expected a RegExp`);
		const probeFlags = p.pattern.flags.replace(STATEFUL_FLAGS, '');
		if (new RegExp(p.pattern.source, probeFlags).test(''))
			throw invalid(`${where}.pattern (${String(p.name)}): must not match the empty string`);
		if (p.marker !== undefined && typeof p.marker !== 'string')
			throw invalid(`${where}.marker: expected a string`);
		const flags = p.pattern.flags.includes('g') ? p.pattern.flags : `${p.pattern.flags}g`;
		return {
			name: String(p.name),
			regex: new RegExp(p.pattern.source, flags),
			marker: p.marker ?? MARKERS.secret,
		};
	});
	if (options.onRedact !== undefined && typeof options.onRedact !== 'function')
		throw invalid('"onRedact": expected a function');
	if (options.onRemove !== undefined && typeof options.onRemove !== 'function')
		throw invalid('"onRemove": expected a function');
	return {
		enabled: flag(options, 'enabled'),
		emails: flag(options, 'emails'),
		uuids: flag(options, 'uuids'),
		tokens: flag(options, 'tokens'),
		apiKeys: flag(options, 'apiKeys'),
		phones: flag(options, 'phones'),
		cards: flag(options, 'cards'),
		hex: flag(options, 'hex'),
		ips: flag(options, 'ips'),
		ibans: flag(options, 'ibans'),
		ssns: flag(options, 'ssns'),
		macs: flag(options, 'macs'),
		homePaths: flag(options, 'homePaths'),
		sensitiveKeys: strings(options, 'sensitiveKeys'),
		allowKeys: new Set(strings(options, 'allowKeys').map((k) => k.toLowerCase())),
		allowValues: new Set(strings(options, 'allowValues')),
		patterns,
		onRedact: options.onRedact,
		onRemove: options.onRemove,
		maxDepth: cap(options, 'maxDepth', 10),
		maxKeys: cap(options, 'maxKeys', 200),
		maxArrayLength: cap(options, 'maxArrayLength', 200),
		maxStringLength: cap(options, 'maxStringLength', 65_536),
	};
}
