import {ConfigError, describeSource, type ConfigSource} from '../errors.js';
import type {SanitizerOptions} from '../sanitize/options.js';
import {VERSION} from '../version.js';
import {parseConfigText, readConfigText, type FileConfig} from './file.js';
import {
	ENV_KEYS,
	FILE_KEYS,
	NESTED_OPTION_KEYS,
	NESTED_OPTION_NAMES,
	OPTION_KEYS,
	OPTION_MS_KEYS,
	OPTION_NAMES,
	OTHER_ENV_NAMES,
} from './keys.js';
import type {AnalyticsOptions, IpMode, LocationMode} from './options.js';
import {currentDirectory, getBuiltin, processEnv} from '../runtime.js';
import {check, describeValue, numberValue, suggest, unknownKey, type SourcedValue} from './schema.js';

/** The complete configuration of one instance: every value set, validated once. */
export interface ResolvedConfig {
	readonly appName: string;
	readonly enabled: boolean;
	/** Why the instance does nothing, when it does nothing. */
	readonly disabledReason: string | undefined;
	readonly debug: boolean;
	readonly websiteId: string;
	readonly apiUrl: string;
	readonly apiKey: string | undefined;
	readonly hostname: string | undefined;
	readonly sanitizer: SanitizerOptions;
	readonly queue: {
		readonly maxSize: number;
		readonly batchSize: number;
		readonly flushIntervalMs: number;
		readonly maxInFlight: number;
		readonly overflow: 'drop_oldest' | 'drop_newest';
		readonly maxAttempts: number;
		readonly maxEventAgeMs: number;
		/** Longest wait of `flush()`: `flushTimeoutMs`, else the per-request timeout. */
		readonly flushTimeoutMs: number;
	};
	readonly transport: {
		readonly endpoint: 'auto' | 'batch' | 'send';
		readonly timeoutMs: number;
		readonly userAgent: string;
		readonly maxRetryAfterMs: number;
	};
	readonly identity: {readonly ip: IpMode; readonly anonymousId: boolean; readonly location: LocationMode};
	readonly outbox: {readonly enabled: boolean; readonly path: string; readonly maxBytes: number};
	/** Idempotency keys remembered (per process; with the outbox, in its journal too). */
	readonly idempotency: {readonly maxKeys: number};
	/** The configuration file that was read, if any. */
	readonly configFile: string | undefined;
	/** The invalid configuration that disabled the instance ({@link resolveConfigOrDisable}), every problem in it. */
	readonly error?: ConfigError | undefined;
	/**
	 * Unknown keys of every source (option, env var, file key), ignored while the rest applies: each names the
	 * key as written, its source and the nearest known key, never a value. `strict: true` makes them errors.
	 */
	readonly warnings: readonly ConfigError[];
	/**
	 * File keys whose `${VAR}` is set to an empty string (`website_id: ${UMAMI_WEBSITE_ID}` with the variable
	 * empty): not set, as an empty env var is, so the env var or the default applies; each names the key, its line
	 * and the variable, never a value. `strict: true` makes them errors.
	 */
	readonly emptyKeys: readonly ConfigError[];
}

/** Default user agent: passes Umami's `isbot` (v3 and v5), unlike Node's own `node` / `undici`. */
export const DEFAULT_USER_AGENT = `Mozilla/5.0 (compatible; umami-guard/${VERSION})`;

/** Defaults, in file units (seconds), by dotted file key. */
const DEFAULTS: Readonly<Record<string, unknown>> = {
	enabled: true,
	debug: false,
	api_url: 'https://cloud.umami.is',
	'async.enabled': true,
	'async.queue_size': 10_000,
	'async.batch_size': 100,
	'async.flush_interval_seconds': 5,
	'async.max_in_flight': 2,
	'async.overflow': 'drop_oldest',
	'async.timeout_seconds': 10,
	'async.max_attempts': 10,
	'async.max_event_age_seconds': 86_400,
	'transport.endpoint': 'auto',
	'transport.user_agent': DEFAULT_USER_AGENT,
	'transport.max_retry_after_seconds': 60,
	'identity.ip': 'none',
	'identity.anonymous_id': false,
	'identity.location': 'none',
	'outbox.enabled': false,
	'outbox.path': '.umami-guard/outbox',
	'outbox.max_bytes': 50 * 1024 * 1024,
	'idempotency.max_keys': 10_000,
};

/**
 * Defaults that change when the outbox is on (a value set by any source wins). Umami stores a batch's
 * items one by one and finishes a batch whose client died, so a `kill -9` stores twice every event in
 * flight, which the restart replays: at most `max_in_flight × batch_size` events (docs/outbox.md).
 */
const OUTBOX_DEFAULTS: Readonly<Record<string, number>> = {
	'async.batch_size': 10,
	'async.max_in_flight': 2,
};

const SANITIZER_FLAGS: Readonly<Record<string, keyof SanitizerOptions>> = {
	'sanitization.enabled': 'enabled',
	'sanitization.sanitize_emails': 'emails',
	'sanitization.sanitize_tokens': 'tokens',
	'sanitization.sanitize_api_keys': 'apiKeys',
	'sanitization.sanitize_uuids': 'uuids',
	'sanitization.sanitize_phones': 'phones',
	'sanitization.sanitize_cards': 'cards',
	'sanitization.sanitize_hex': 'hex',
	'sanitization.sanitize_ips': 'ips',
	'sanitization.sanitize_ibans': 'ibans',
	'sanitization.sanitize_ssns': 'ssns',
	'sanitization.sanitize_macs': 'macs',
	'sanitization.sanitize_home_paths': 'homePaths',
	'sanitization.sensitive_keys': 'sensitiveKeys',
	'sanitization.allow_keys': 'allowKeys',
	'sanitization.allow_values': 'allowValues',
	'sanitization.patterns': 'patterns',
};

const OPTION: ConfigSource = {kind: 'option'};

/**
 * What resolving found besides the values: the problems, the unknown keys (ignored) and the keys emptied by their
 * `${VAR}` (not set), both warned about.
 */
interface Findings {
	readonly problems: ConfigError[];
	readonly unknown: ConfigError[];
	readonly empty: ConfigError[];
	/**
	 * A `./config.yaml` not read for want of an `umami:` section although a top-level key is one of ours
	 * (`website_id:`): its path and that key, for the reason of an instance left without a website id.
	 */
	stray?: {readonly path: string; readonly key: string};
}

/**
 * Resolves the configuration of app `appName`: explicit options > env vars > file (`apps.<name>` over
 * `umami`) > defaults. Every source is checked whole, with the same rules; throws one {@link ConfigError}
 * that lists every problem, each with its key and source (option path, env var, file:line). An unknown key
 * (with its "did you mean") is ignored and listed in `warnings` — a problem like the others with
 * `strict: true`. An instance disabled by options or env reads nothing else and needs nothing else.
 */
export function resolveConfig(appName: string, options: AnalyticsOptions = {}): ResolvedConfig {
	const {config, problems} = resolveChecked(appName, options);
	if (problems.length > 0) throw ConfigError.all(problems);
	return config;
}

/**
 * {@link resolveConfig} for a running app: an invalid configuration gives a disabled configuration whose
 * `disabledReason` and `error` list every problem, instead of an exception (unless `options.strict`).
 */
export function resolveConfigOrDisable(appName: string, options: AnalyticsOptions = {}): ResolvedConfig {
	const {config, problems} = resolveChecked(appName, options);
	if (problems.length === 0) return config;
	const error = ConfigError.all(problems);
	if (options.strict === true) throw error;
	return {...disabledByError(appName, error), warnings: config.warnings, emptyKeys: config.emptyKeys};
}

/** The configuration of an instance that an invalid configuration disabled: `error` says why, whole. */
export function disabledByError(appName: string, error: ConfigError): ResolvedConfig {
	return {
		...disabled(
			appName,
			`the configuration is invalid (fix it, or run \`umami-guard check\`): ${error.message}`,
		),
		error,
	};
}

/** The configuration with its unknown keys as `warnings`, and the problems (unknown keys first when strict). */
function resolveChecked(
	appName: string,
	options: AnalyticsOptions,
): {config: ResolvedConfig; problems: ConfigError[]} {
	const found: Findings = {problems: [], unknown: [], empty: []};
	const config = resolveInto(appName, options, found);
	return {
		config,
		problems: isStrict(options) ? [...found.unknown, ...found.empty, ...found.problems] : found.problems,
	};
}

function isStrict(options: AnalyticsOptions): boolean {
	return typeof options === 'object' && options !== null && options.strict === true;
}

function resolveInto(appName: string, options: AnalyticsOptions, found: Findings): ResolvedConfig {
	const {problems} = found;
	const env = options.env ?? processEnv();
	const layers = new Map<string, SourcedValue>();
	for (const [key, value] of Object.entries(DEFAULTS)) layers.set(key, {value, source: {kind: 'default'}});

	const envLayer = readEnv(env, found.unknown);
	const optionLayer = readOptions(options, found);
	const early = optionLayer.get('enabled') ?? envLayer.get('enabled');
	if (early && FILE_KEYS['enabled']!.parse(early.value) === false) {
		problems.length = 0;
		found.unknown.length = 0;
		found.empty.length = 0;
		return disabled(
			appName,
			`disabled by ${early.source.kind === 'env' ? 'UMAMI_ENABLED' : 'options.enabled'}`,
		);
	}

	const file = loadFile(appName, options, env, found);
	if (file) {
		for (const [key, value] of file.base) layers.set(key, value);
		for (const [key, value] of file.apps.get(appName) ?? []) layers.set(key, value);
	}
	for (const [key, value] of envLayer) layers.set(key, value);
	for (const [key, value] of optionLayer) layers.set(key, value);

	// A value that does not fit is a problem, and the default stands in for it so the rest is still checked.
	const read = <T>(key: string): T | undefined => {
		const value = layers.get(key);
		if (value === undefined) return undefined;
		try {
			return check<T>(value.key ?? `umami.${key}`, FILE_KEYS[key]!, value);
		} catch (error) {
			problems.push(error as ConfigError);
			return DEFAULTS[key] as T | undefined;
		}
	};
	const get = <T>(key: string): T => read<T>(key) as T;
	const optional = read;

	const enabled = get<boolean>('enabled');
	const websiteId = optional<string>('website_id');
	const apiUrl = get<string>('api_url');
	const apiKey = optional<string>('api_key');
	const sanitizer: Record<string, unknown> = {...options.sanitization};
	for (const [key, name] of Object.entries(SANITIZER_FLAGS)) {
		if (options.sanitization && name in options.sanitization) continue;
		const value = optional<unknown>(key);
		if (value !== undefined) sanitizer[name] = value;
	}
	const asyncEnabled = get<boolean>('async.enabled');
	const outboxEnabled = get<boolean>('outbox.enabled');
	/** A queue number: the outbox's own default when it is on and no source set the key. */
	const tuned = (key: string): number =>
		outboxEnabled && layers.get(key)?.source.kind === 'default' ? OUTBOX_DEFAULTS[key]! : get<number>(key);
	const base = {
		appName,
		debug: get<boolean>('debug'),
		apiUrl,
		apiKey,
		hostname: optional<string>('hostname'),
		sanitizer: sanitizer as SanitizerOptions,
		queue: {
			maxSize: get<number>('async.queue_size'),
			batchSize: asyncEnabled ? tuned('async.batch_size') : 1,
			flushIntervalMs: asyncEnabled ? Math.round(get<number>('async.flush_interval_seconds') * 1000) : 0,
			maxInFlight: tuned('async.max_in_flight'),
			overflow: get<'drop_oldest' | 'drop_newest'>('async.overflow'),
			maxAttempts: get<number>('async.max_attempts'),
			maxEventAgeMs: Math.round(get<number>('async.max_event_age_seconds') * 1000),
			// Set below, once the per-request timeout it defaults to is read (problems keep the keys' order).
			flushTimeoutMs: 0,
		},
		transport: {
			endpoint: get<'auto' | 'batch' | 'send'>('transport.endpoint'),
			timeoutMs: Math.round(get<number>('async.timeout_seconds') * 1000),
			userAgent: get<string>('transport.user_agent'),
			maxRetryAfterMs: Math.round(get<number>('transport.max_retry_after_seconds') * 1000),
		},
		identity: {
			ip: get<IpMode>('identity.ip'),
			anonymousId: get<boolean>('identity.anonymous_id'),
			location: get<LocationMode>('identity.location'),
		},
		outbox: {
			enabled: outboxEnabled,
			path: get<string>('outbox.path'),
			maxBytes: get<number>('outbox.max_bytes'),
		},
		idempotency: {maxKeys: get<number>('idempotency.max_keys')},
		configFile: file?.path,
		// Strict: they are problems instead.
		warnings: isStrict(options) ? [] : found.unknown,
		emptyKeys: isStrict(options) ? [] : found.empty,
	};
	const flushSeconds = optional<number>('async.flush_timeout_seconds');
	// One request's timeout by default: the bound docs/runtimes.md promises a serverless handler's await,
	// which holds even once the transport doubled its timeout after a timeout (patience.ts).
	base.queue.flushTimeoutMs =
		flushSeconds === undefined ? base.transport.timeoutMs : Math.round(flushSeconds * 1000);
	if (!enabled) return disabled(appName, 'disabled by configuration', file?.path);
	const resolved: ResolvedConfig =
		websiteId === undefined
			? {...base, enabled: false, disabledReason: noWebsiteId(env, found), websiteId: ''}
			: {...base, enabled: true, disabledReason: undefined, websiteId};
	// Readable, but left out of JSON.stringify, console.log and object spreads.
	Object.defineProperty(resolved, 'apiKey', {value: apiKey, enumerable: false});
	return resolved;
}

/**
 * The first top-level key of a YAML text that is one of umami-guard's own (`website_id`, `api_url`,
 * `api_key`): a plain word at the start of a line, then a colon. Linear: one bounded word class, then `:`.
 */
const TOP_LEVEL_KEY = /^(website_id|api_url|api_key)[ \t]*:/m;

/**
 * Why there is no website id (never a value): the file key or env var that came out empty, a `./config.yaml`
 * whose keys sit outside `umami:`, or none set anywhere.
 */
function noWebsiteId(env: Readonly<Record<string, string | undefined>>, found: Findings): string {
	const key = found.empty.find((error) => error.key.endsWith('.website_id'));
	if (key) return `no website id: "${key.key}" (${describeSource(key.source)}) is empty, as ${key.problem}`;
	if (env['UMAMI_WEBSITE_ID'] === '') return 'no website id: UMAMI_WEBSITE_ID is set but empty';
	const stray = found.stray;
	if (stray === undefined) return 'no website id (set UMAMI_WEBSITE_ID)';
	return `no website id: ${stray.path} has \`${stray.key}:\` at its top level; its keys belong under \`umami:\` (or set UMAMI_WEBSITE_ID)`;
}

function disabled(appName: string, reason: string, configFile?: string): ResolvedConfig {
	return {
		appName,
		enabled: false,
		disabledReason: reason,
		debug: false,
		websiteId: '',
		apiUrl: DEFAULTS['api_url'] as string,
		apiKey: undefined,
		hostname: undefined,
		sanitizer: {},
		queue: {
			maxSize: 1,
			batchSize: 1,
			flushIntervalMs: 0,
			maxInFlight: 1,
			overflow: 'drop_oldest',
			maxAttempts: 1,
			maxEventAgeMs: 1,
			flushTimeoutMs: 1,
		},
		transport: {endpoint: 'auto', timeoutMs: 1, userAgent: DEFAULT_USER_AGENT, maxRetryAfterMs: 0},
		identity: {ip: 'none', anonymousId: false, location: 'none'},
		outbox: {enabled: false, path: '', maxBytes: 0},
		idempotency: {maxKeys: 1},
		configFile,
		warnings: [],
		emptyKeys: [],
	};
}

function readEnv(
	env: Readonly<Record<string, string | undefined>>,
	unknown: ConfigError[],
): Map<string, SourcedValue> {
	const layer = new Map<string, SourcedValue>();
	for (const [name, key] of Object.entries(ENV_KEYS)) {
		const value = env[name];
		if (value !== undefined && value !== '') layer.set(key, {value, source: {kind: 'env', name}});
	}
	// Near misses only (UMAMI_WEBSITEID, UMAMI_API_UR): other tools use the UMAMI_ prefix too.
	const known = [...Object.keys(ENV_KEYS), ...OTHER_ENV_NAMES];
	for (const name of Object.keys(env)) {
		if (!name.startsWith('UMAMI_') || known.includes(name) || env[name] === undefined) continue;
		if (suggest(name, known, 2) !== undefined)
			unknown.push(unknownKey(name, {kind: 'env', name}, name, known));
	}
	return layer;
}

function readOptions(options: AnalyticsOptions, found: Findings): Map<string, SourcedValue> {
	const {problems, unknown} = found;
	const layer = new Map<string, SourcedValue>();
	if (typeof options !== 'object' || options === null) {
		problems.push(
			new ConfigError({
				key: 'options',
				source: OPTION,
				expected: 'an object',
				problem: `got ${describeValue(options)}`,
			}),
		);
		return layer;
	}
	const record = options as Record<string, unknown>;
	const names = Object.keys(OPTION_NAMES);
	for (const name of Object.keys(record)) {
		if (!Object.hasOwn(OPTION_NAMES, name)) unknown.push(unknownKey(`options.${name}`, OPTION, name, names));
	}
	for (const [name, key] of Object.entries(OPTION_KEYS)) {
		if (record[name] !== undefined)
			layer.set(key, {value: record[name], source: {kind: 'option', path: name}});
	}
	for (const [name, key] of Object.entries(OPTION_MS_KEYS)) {
		const value = record[name];
		// Milliseconds become the file key's seconds; a numeric string too (`'5000'`), as every number key takes one.
		const ms = numberValue(value);
		if (value !== undefined)
			layer.set(key, {value: ms === undefined ? value : ms / 1000, source: {kind: 'option', path: name}});
	}
	for (const [section, fields] of Object.entries(NESTED_OPTION_NAMES)) {
		const value = record[section];
		if (value === undefined || (section === 'exitHooks' && typeof value === 'boolean')) continue;
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			problems.push(
				new ConfigError({
					key: `options.${section}`,
					source: OPTION,
					expected: section === 'exitHooks' ? 'a boolean or an object' : 'an object',
					problem: `got ${describeValue(value)}`,
				}),
			);
			continue;
		}
		for (const [name, item] of Object.entries(value)) {
			const path = `${section}.${name}`;
			if (!Object.hasOwn(fields, name)) {
				unknown.push(unknownKey(`options.${path}`, OPTION, name, Object.keys(fields)));
				continue;
			}
			const key = NESTED_OPTION_KEYS[path];
			if (key !== undefined && item !== undefined)
				layer.set(key, {value: item, source: {kind: 'option', path}});
		}
	}
	checkHooks(record, problems);
	return layer;
}

/** Functions (and the few other non-key options) must have their type: a wrong one is a problem, not ignored. */
function checkHooks(record: Readonly<Record<string, unknown>>, problems: ConfigError[]): void {
	const expect = (name: string, fits: (value: unknown) => boolean, expected: string): void => {
		const value = record[name];
		if (value !== undefined && !fits(value))
			problems.push(
				new ConfigError({key: name, source: OPTION, expected, problem: `got ${describeValue(value)}`}),
			);
	};
	const isFunction = (value: unknown): boolean => typeof value === 'function';
	expect('fetch', isFunction, 'a fetch function');
	for (const name of ['onDrop', 'onError', 'onRedact', 'beforeSend', 'waitUntil'])
		expect(name, isFunction, 'a function');
	expect(
		'logger',
		(value) => typeof value === 'object' && value !== null,
		'an object with warn and debug methods',
	);
	expect('env', (value) => typeof value === 'object' && value !== null, 'an object of env vars');
	expect('configFile', (value) => typeof value === 'string' || value === false, 'a path, or false');
	expect('strict', (value) => typeof value === 'boolean', 'a boolean (true or false)');
	expect('filterBots', (value) => typeof value === 'boolean', 'a boolean (true or false)');
}

function loadFile(
	appName: string,
	options: AnalyticsOptions,
	env: Readonly<Record<string, string | undefined>>,
	found: Findings,
): FileConfig | undefined {
	const {problems, unknown, empty} = found;
	if (options.configFile === false) return undefined;
	const fromEnv = env['UMAMI_CONFIG'];
	if (options.configFile === undefined && fromEnv !== undefined && /^(?:false|0|off|no)$/i.test(fromEnv))
		return undefined;
	const explicit = options.configFile ?? (fromEnv || undefined);
	let path: string;
	let text: string;
	try {
		if (explicit === undefined) {
			const fs = getBuiltin('node:fs');
			const nodePath = getBuiltin('node:path');
			const cwd = currentDirectory();
			if (!fs || !nodePath || cwd === undefined) return undefined;
			path = nodePath.join(cwd, 'config.yaml');
			if (!fs.existsSync(path)) return undefined;
		} else path = explicit;
		text = readConfigText(path);
	} catch (error) {
		problems.push(error as ConfigError);
		return undefined;
	}
	// A ./config.yaml with no top-level key that even starts like `umami` belongs to the app: not ours to judge.
	// One of our keys at its top level is noted, for the reason of an instance left without a website id.
	if (explicit === undefined && !/^["']?umami/im.test(text)) {
		const key = TOP_LEVEL_KEY.exec(text)?.[1];
		// Named as the user knows it: the absolute path may hold a home directory's user name.
		if (key !== undefined) found.stray = {path: './config.yaml', key};
		return undefined;
	}
	const file = parseConfigText(text, path, env, explicit !== undefined);
	problems.push(...file.problems, ...(file.appProblems.get(appName) ?? []));
	unknown.push(...file.unknownKeys, ...(file.appUnknownKeys.get(appName) ?? []));
	empty.push(...file.emptyKeys, ...(file.appEmptyKeys.get(appName) ?? []));
	return file;
}
