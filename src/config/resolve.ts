import {ConfigError, type ConfigSource} from '../errors.js';
import type {SanitizerOptions} from '../sanitize/options.js';
import {VERSION} from '../version.js';
import {parseConfigText, readConfigText, type FileConfig} from './file.js';
import {ENV_KEYS, FILE_KEYS, OPTION_KEYS, OPTION_MS_KEYS} from './keys.js';
import type {AnalyticsOptions, IpMode, LocationMode} from './options.js';
import {currentDirectory, getBuiltin, processEnv} from './runtime.js';
import {check, describeValue, type SourcedValue} from './schema.js';

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
	};
	readonly transport: {
		readonly endpoint: 'auto' | 'batch' | 'send';
		readonly timeoutMs: number;
		readonly userAgent: string;
		readonly maxRetryAfterMs: number;
	};
	readonly identity: {readonly ip: IpMode; readonly anonymousId: boolean; readonly location: LocationMode};
	readonly outbox: {readonly enabled: boolean; readonly path: string; readonly maxBytes: number};
	/** The configuration file that was read, if any. */
	readonly configFile: string | undefined;
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
 * Resolves the configuration of app `appName`: explicit options > env vars > file (`apps.<name>` over
 * `umami`) > defaults. Throws a {@link ConfigError} that names key, source and expectation.
 * An instance disabled by options or env reads nothing else and needs nothing else.
 */
export function resolveConfig(appName: string, options: AnalyticsOptions = {}): ResolvedConfig {
	const env = options.env ?? processEnv();
	const layers = new Map<string, SourcedValue>();
	for (const [key, value] of Object.entries(DEFAULTS)) layers.set(key, {value, source: {kind: 'default'}});

	const envLayer = readEnv(env);
	const optionLayer = readOptions(options);
	const early = optionLayer.get('enabled') ?? envLayer.get('enabled');
	if (early && check<boolean>('enabled', FILE_KEYS['enabled']!, early) === false) {
		return disabled(
			appName,
			`disabled by ${early.source.kind === 'env' ? 'UMAMI_ENABLED' : 'options.enabled'}`,
		);
	}

	const file = loadFile(options, env);
	if (file) {
		for (const [key, value] of file.base) layers.set(key, value);
		for (const [key, value] of file.apps.get(appName) ?? []) layers.set(key, value);
	}
	for (const [key, value] of envLayer) layers.set(key, value);
	for (const [key, value] of optionLayer) layers.set(key, value);

	const get = <T>(key: string): T => check<T>(`umami.${key}`, FILE_KEYS[key]!, layers.get(key)!);
	const optional = <T>(key: string): T | undefined => (layers.has(key) ? get<T>(key) : undefined);

	if (!get<boolean>('enabled')) return disabled(appName, 'disabled by configuration', file?.path);
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
	const base = {
		appName,
		debug: get<boolean>('debug'),
		apiUrl,
		apiKey,
		hostname: optional<string>('hostname'),
		sanitizer: sanitizer as SanitizerOptions,
		queue: {
			maxSize: get<number>('async.queue_size'),
			batchSize: asyncEnabled ? get<number>('async.batch_size') : 1,
			flushIntervalMs: asyncEnabled ? Math.round(get<number>('async.flush_interval_seconds') * 1000) : 0,
			maxInFlight: get<number>('async.max_in_flight'),
			overflow: get<'drop_oldest' | 'drop_newest'>('async.overflow'),
			maxAttempts: get<number>('async.max_attempts'),
			maxEventAgeMs: Math.round(get<number>('async.max_event_age_seconds') * 1000),
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
			enabled: get<boolean>('outbox.enabled'),
			path: get<string>('outbox.path'),
			maxBytes: get<number>('outbox.max_bytes'),
		},
		configFile: file?.path,
	};
	const resolved: ResolvedConfig =
		websiteId === undefined
			? {...base, enabled: false, disabledReason: 'no website id (set UMAMI_WEBSITE_ID)', websiteId: ''}
			: {...base, enabled: true, disabledReason: undefined, websiteId};
	// Readable, but left out of JSON.stringify, console.log and object spreads.
	Object.defineProperty(resolved, 'apiKey', {value: apiKey, enumerable: false});
	return resolved;
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
		},
		transport: {endpoint: 'auto', timeoutMs: 1, userAgent: DEFAULT_USER_AGENT, maxRetryAfterMs: 0},
		identity: {ip: 'none', anonymousId: false, location: 'none'},
		outbox: {enabled: false, path: '', maxBytes: 0},
		configFile,
	};
}

function readEnv(env: Readonly<Record<string, string | undefined>>): Map<string, SourcedValue> {
	const layer = new Map<string, SourcedValue>();
	for (const [name, key] of Object.entries(ENV_KEYS)) {
		const value = env[name];
		if (value !== undefined && value !== '') layer.set(key, {value, source: {kind: 'env', name}});
	}
	return layer;
}

function readOptions(options: AnalyticsOptions): Map<string, SourcedValue> {
	const layer = new Map<string, SourcedValue>();
	const record = options as Record<string, unknown>;
	for (const [name, key] of Object.entries(OPTION_KEYS)) {
		if (record[name] !== undefined) layer.set(key, {value: record[name], source: OPTION});
	}
	for (const [name, key] of Object.entries(OPTION_MS_KEYS)) {
		const value = record[name];
		if (value !== undefined)
			layer.set(key, {value: typeof value === 'number' ? value / 1000 : value, source: OPTION});
	}
	const identity = options.identity;
	if (identity?.ip !== undefined) layer.set('identity.ip', {value: identity.ip, source: OPTION});
	if (identity?.anonymousId !== undefined)
		layer.set('identity.anonymous_id', {value: identity.anonymousId, source: OPTION});
	if (identity?.location !== undefined)
		layer.set('identity.location', {value: identity.location, source: OPTION});
	if (options.fetch !== undefined && typeof options.fetch !== 'function') {
		throw new ConfigError({
			key: 'fetch',
			source: OPTION,
			expected: 'a fetch function',
			problem: `got ${describeValue(options.fetch)}`,
		});
	}
	return layer;
}

function loadFile(
	options: AnalyticsOptions,
	env: Readonly<Record<string, string | undefined>>,
): FileConfig | undefined {
	if (options.configFile === false) return undefined;
	const fromEnv = env['UMAMI_CONFIG'];
	if (options.configFile === undefined && fromEnv !== undefined && /^(?:false|0|off|no)$/i.test(fromEnv))
		return undefined;
	const explicit = options.configFile ?? (fromEnv || undefined);
	if (explicit !== undefined) return parseConfigText(readConfigText(explicit), explicit, env);
	const fs = getBuiltin('node:fs');
	const path = getBuiltin('node:path');
	const cwd = currentDirectory();
	if (!fs || !path || cwd === undefined) return undefined;
	const candidate = path.join(cwd, 'config.yaml');
	if (!fs.existsSync(candidate)) return undefined;
	const text = readConfigText(candidate);
	// A config.yaml that belongs to the app and has no umami section is not ours to judge.
	if (!/^umami:/m.test(text)) return undefined;
	return parseConfigText(text, candidate, env);
}
