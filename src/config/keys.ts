import type {ExitHookOptions} from './options.js';
import type {SanitizerOptions} from '../sanitize/options.js';
import type {AnalyticsOptions, IdentityOptions, OutboxOptions} from './options.js';
import {bool, httpUrl, num, oneOf, patternList, str, stringList, websiteId, type KeySpec} from './schema.js';

/**
 * Every key of the configuration file, by dotted path below `umami:` (or below `umami.apps.<name>:`).
 * The same table validates env vars and explicit options, so one key has one rule wherever it comes from.
 */
export const FILE_KEYS: Readonly<Record<string, KeySpec>> = {
	enabled: bool,
	debug: bool,
	website_id: websiteId,
	api_url: httpUrl,
	api_key: str(500),
	hostname: str(100),
	'sanitization.enabled': bool,
	'sanitization.sanitize_emails': bool,
	'sanitization.sanitize_tokens': bool,
	'sanitization.sanitize_api_keys': bool,
	'sanitization.sanitize_uuids': bool,
	'sanitization.sanitize_phones': bool,
	'sanitization.sanitize_cards': bool,
	'sanitization.sanitize_hex': bool,
	'sanitization.sanitize_ips': bool,
	'sanitization.sanitize_ibans': bool,
	'sanitization.sanitize_ssns': bool,
	'sanitization.sanitize_macs': bool,
	'sanitization.sanitize_home_paths': bool,
	'sanitization.sensitive_keys': stringList,
	'sanitization.allow_keys': stringList,
	'sanitization.allow_values': stringList,
	'sanitization.patterns': patternList,
	'async.enabled': bool,
	'async.queue_size': num(1, 10_000_000),
	'async.batch_size': num(1, 1000),
	'async.flush_interval_seconds': num(0.001, 3600, false),
	'async.max_in_flight': num(1, 16),
	'async.overflow': oneOf(['drop_oldest', 'drop_newest']),
	'async.timeout_seconds': num(0.05, 300, false),
	'async.flush_timeout_seconds': num(0.05, 600, false),
	'async.max_attempts': num(1, 1000),
	'async.max_event_age_seconds': num(1, 30 * 86_400, false),
	'transport.endpoint': oneOf(['auto', 'batch', 'send']),
	'transport.user_agent': str(500),
	'transport.max_retry_after_seconds': num(0, 3600, false),
	'identity.ip': oneOf(['none', 'forward', 'truncate']),
	'identity.anonymous_id': bool,
	'identity.location': oneOf(['none', 'cdn']),
	'outbox.enabled': bool,
	'outbox.path': str(4096),
	'outbox.max_bytes': num(4096, 10 * 1024 ** 3),
	'idempotency.max_keys': num(1, 10_000_000),
};

/** Sections that hold keys (a section name alone is not a value). */
export const SECTIONS: ReadonlySet<string> = new Set(
	Object.keys(FILE_KEYS)
		.filter((key) => key.includes('.'))
		.map((key) => key.slice(0, key.indexOf('.'))),
);

/** Env vars and the file key each one sets. */
export const ENV_KEYS: Readonly<Record<string, string>> = {
	UMAMI_ENABLED: 'enabled',
	UMAMI_DEBUG: 'debug',
	UMAMI_WEBSITE_ID: 'website_id',
	UMAMI_API_URL: 'api_url',
	UMAMI_API_KEY: 'api_key',
	UMAMI_HOSTNAME: 'hostname',
	UMAMI_IDENTITY_LOCATION: 'identity.location',
};

/** Flat explicit options and the file key each one sets (nested option objects are handled in resolve.ts). */
export const OPTION_KEYS: Readonly<Record<string, string>> = {
	enabled: 'enabled',
	debug: 'debug',
	websiteId: 'website_id',
	apiUrl: 'api_url',
	apiKey: 'api_key',
	hostname: 'hostname',
	queueSize: 'async.queue_size',
	batchSize: 'async.batch_size',
	maxInFlight: 'async.max_in_flight',
	overflow: 'async.overflow',
	maxAttempts: 'async.max_attempts',
	endpoint: 'transport.endpoint',
	userAgent: 'transport.user_agent',
	idempotencyKeys: 'idempotency.max_keys',
};

/** Millisecond options and the seconds-valued file key each one sets. */
export const OPTION_MS_KEYS: Readonly<Record<string, string>> = {
	flushIntervalMs: 'async.flush_interval_seconds',
	timeoutMs: 'async.timeout_seconds',
	flushTimeoutMs: 'async.flush_timeout_seconds',
	maxEventAgeMs: 'async.max_event_age_seconds',
	maxRetryAfterMs: 'transport.max_retry_after_seconds',
};

/**
 * Every field of {@link AnalyticsOptions}: a name missing here is an unknown option, with a "did you mean".
 * `satisfies` makes the compiler hold this list and the interface together.
 */
export const OPTION_NAMES = {
	enabled: true,
	debug: true,
	strict: true,
	websiteId: true,
	apiUrl: true,
	apiKey: true,
	hostname: true,
	configFile: true,
	env: true,
	sanitization: true,
	queueSize: true,
	batchSize: true,
	flushIntervalMs: true,
	maxInFlight: true,
	overflow: true,
	timeoutMs: true,
	flushTimeoutMs: true,
	maxAttempts: true,
	maxEventAgeMs: true,
	maxRetryAfterMs: true,
	idempotencyKeys: true,
	endpoint: true,
	userAgent: true,
	identity: true,
	outbox: true,
	fetch: true,
	logger: true,
	onDrop: true,
	onError: true,
	onRedact: true,
	beforeSend: true,
	waitUntil: true,
	exitHooks: true,
	filterBots: true,
} as const satisfies Record<keyof AnalyticsOptions, true>;

/** Fields of the nested option objects, by option. */
export const NESTED_OPTION_NAMES = {
	identity: {ip: true, anonymousId: true, location: true} satisfies Record<keyof IdentityOptions, true>,
	outbox: {enabled: true, path: true, maxBytes: true} satisfies Record<keyof OutboxOptions, true>,
	exitHooks: {signals: true, timeoutMs: true} satisfies Record<keyof ExitHookOptions, true>,
	sanitization: {
		enabled: true,
		emails: true,
		uuids: true,
		tokens: true,
		apiKeys: true,
		phones: true,
		cards: true,
		hex: true,
		ips: true,
		ibans: true,
		ssns: true,
		macs: true,
		homePaths: true,
		sensitiveKeys: true,
		allowKeys: true,
		allowValues: true,
		patterns: true,
		onRedact: true,
		onRemove: true,
		maxDepth: true,
		maxKeys: true,
		maxArrayLength: true,
		maxStringLength: true,
	} satisfies Record<keyof SanitizerOptions, true>,
} as const;

/** Fields of the nested option objects that set a file key, and which. */
export const NESTED_OPTION_KEYS: Readonly<Record<string, string>> = {
	'identity.ip': 'identity.ip',
	'identity.anonymousId': 'identity.anonymous_id',
	'identity.location': 'identity.location',
	'outbox.enabled': 'outbox.enabled',
	'outbox.path': 'outbox.path',
	'outbox.maxBytes': 'outbox.max_bytes',
};

/**
 * `UMAMI_*` env vars the library (and its CLI) reads besides {@link ENV_KEYS}. Other `UMAMI_*` names are
 * reported only when they are a near miss of a known one: the prefix is shared with Umami's own tooling.
 */
export const OTHER_ENV_NAMES: readonly string[] = [
	'UMAMI_CONFIG',
	'UMAMI_APP_NAME',
	'UMAMI_USERNAME',
	'UMAMI_PASSWORD',
];
