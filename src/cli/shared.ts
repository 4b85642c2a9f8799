/**
 * What several commands share: the configuration flags, loading the configuration with the library's own
 * rules and errors, and a `fetch` that remembers Umami's last answer (its status and the start of its body)
 * so a command can say *why* an event was not stored.
 */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import type {AnalyticsOptions} from '../config/options.js';
import {resolveConfig, type ResolvedConfig} from '../config/resolve.js';
import {isConfigError, type ConfigError} from '../errors.js';
import {suggest} from '../config/schema.js';
import {EXIT, type Output} from './io.js';

/** Flags every command that talks to Umami accepts. */
export const CONFIG_FLAGS = {
	config: {type: 'string', short: 'c'},
	app: {type: 'string'},
	'api-url': {type: 'string'},
	'website-id': {type: 'string'},
	json: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
} as const satisfies ParseArgsConfig['options'];

/** Help text of {@link CONFIG_FLAGS}. */
export const CONFIG_HELP = `Configuration (same sources and precedence as the library: flags > env > config file > defaults):
  -c, --config <file>     YAML configuration file (default: $UMAMI_CONFIG, else ./config.yaml)
      --app <name>        app whose settings apply (umami.apps.<name>; default: $UMAMI_APP_NAME or "default")
      --api-url <url>     Umami base URL (default: $UMAMI_API_URL, else https://cloud.umami.is)
      --website-id <id>   website id (default: $UMAMI_WEBSITE_ID)
      --json              machine-readable output on stdout
  -h, --help              this help`;

/** A usage problem (unknown flag, missing argument): exit 2 with the message. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/**
 * `parseArgs` (strict, positionals allowed by the caller) whose failures become {@link UsageError}s; an
 * unknown flag close to a known one gets "did you mean --x?".
 */
export function parse<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
	try {
		return parseArgs(config);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const code = (error as {code?: unknown}).code;
		const flag = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? unknownFlag(message) : undefined;
		if (flag === undefined) throw new UsageError(message);
		const hint = suggest(flag, Object.keys(config.options ?? {}));
		throw new UsageError(
			`unknown option --${flag}${hint === undefined ? '' : ` — did you mean --${hint}?`} (see --help)`,
		);
	}
}

/** The flag name in Node's "Unknown option '--x'" message (without dashes or `=value`). */
function unknownFlag(message: string): string | undefined {
	const start = message.indexOf("'--");
	if (start === -1) return undefined;
	const end = message.indexOf("'", start + 3);
	if (end === -1) return undefined;
	const flag = message.slice(start + 3, end);
	const equals = flag.indexOf('=');
	return equals === -1 ? flag : flag.slice(0, equals);
}

/** The values of {@link CONFIG_FLAGS} after parsing. */
export interface ConfigFlagValues {
	readonly config?: string | undefined;
	readonly app?: string | undefined;
	readonly 'api-url'?: string | undefined;
	readonly 'website-id'?: string | undefined;
}

/**
 * Resolves the configuration the library would use, with the flags as explicit options. Throws `ConfigError`.
 * Strict: an unknown key, which a running app only warns about and ignores, fails the command (exit 2) —
 * the CLI is where a configuration is checked.
 */
export function loadConfig(
	values: ConfigFlagValues,
	env: Readonly<Record<string, string | undefined>>,
	extra: AnalyticsOptions = {},
): ResolvedConfig {
	const options: AnalyticsOptions = {...extra, env, strict: true};
	if (values.config !== undefined) options.configFile = values.config;
	if (values['api-url'] !== undefined) options.apiUrl = values['api-url'];
	if (values['website-id'] !== undefined) options.websiteId = values['website-id'];
	try {
		return resolveConfig(values.app ?? (env['UMAMI_APP_NAME'] || 'default'), options);
	} catch (error) {
		if (isConfigError(error)) labelFlags(error, values);
		throw error;
	}
}

/** The options the flags set, and the flag each came from. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
	configFile: '--config',
	apiUrl: '--api-url',
	websiteId: '--website-id',
};

/**
 * Names the flag, not the library's option, as the source of a value the user typed as a flag
 * (`(flag --website-id)` for `(options.websiteId)`), in the error and each of its problems.
 */
function labelFlags(error: ConfigError, flags: ConfigFlagValues): void {
	const given = (option: string): boolean =>
		flags[(FLAG_OF_OPTION[option] ?? '').slice(2) as keyof ConfigFlagValues] !== undefined;
	for (const each of new Set([error, ...error.errors])) {
		const relabelled = each.message.replaceAll(
			/\(options\.(configFile|apiUrl|websiteId)\)/g,
			(match, option: string) => (given(option) ? `(flag ${FLAG_OF_OPTION[option]})` : match),
		);
		if (relabelled !== each.message)
			Object.defineProperty(each, 'message', {value: relabelled, writable: true, configurable: true});
	}
}

/**
 * Prints a configuration or usage error and returns exit code 2, or returns `undefined` for any other error
 * (the caller rethrows it).
 */
export function reportSetupError(error: unknown, output: Output, json: boolean): 2 | undefined {
	let kind: 'config' | 'usage';
	let message: string;
	const extra: Record<string, unknown> = {};
	if (isConfigError(error)) {
		kind = 'config';
		message = error.message;
		extra['key'] = error.key;
		extra['code'] = error.code;
	} else if (error instanceof UsageError) {
		kind = 'usage';
		message = error.message;
	} else return undefined;
	if (json) output.json({ok: false, exitCode: EXIT.config, error: {kind, message, ...extra}});
	else output.err(`${output.errColors.red('error')} ${message}`);
	return EXIT.config;
}

/** Umami's last answer to an ingestion request, as seen by {@link recordingFetch}. */
export interface LastAnswer {
	/** The endpoint path, e.g. `/api/send`. */
	path: string;
	status: number;
	/** The first 200 characters of the body (Umami's answers carry no personal data). */
	body: string;
}

/** Wraps `fetch` so that the last answer to a POST is kept in `last`, and the last network failure in `failure`. */
export function recordingFetch(base: typeof fetch): {
	fetch: typeof fetch;
	last: () => LastAnswer | undefined;
	/** The error code of the last request that got no answer at all (`ECONNREFUSED`, `ENOTFOUND`, …). */
	failure: () => string | undefined;
} {
	let last: LastAnswer | undefined;
	let failure: string | undefined;
	const wrapped: typeof fetch = async (input, init) => {
		let response: Response;
		try {
			response = await base(input, init);
		} catch (error) {
			failure = networkCode(error);
			throw error;
		}
		if ((init?.method ?? 'GET').toUpperCase() === 'POST') {
			const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
			let body = '';
			try {
				body = (await response.clone().text()).slice(0, 200);
			} catch {
				// An unreadable body says nothing more than its status.
			}
			last = {path: new URL(url).pathname, status: response.status, body};
		}
		return response;
	};
	return {fetch: wrapped, last: () => last, failure: () => failure};
}

/** Error code of a failed `fetch` (`ECONNREFUSED`, `ENOTFOUND`, `TimeoutError`, …), never a URL or a message. */
export function networkCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string' && /^[A-Z][A-Z\d_]{0,39}$/.test(code)) return code;
		const name = (current as {name?: unknown}).name;
		if (name === 'TimeoutError' || name === 'AbortError') return 'TIMEOUT';
		// The fetch standard blocks some ports (9, 25, 6000, …) before connecting; undici says only "bad port".
		if ((current as {message?: unknown}).message === 'bad port') return 'BAD_PORT';
		current = (current as {cause?: unknown}).cause;
	}
	return 'NETWORK_ERROR';
}

/** Parses a positive integer flag (milliseconds). */
export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
	if (value === undefined) return fallback;
	const number = Number(value);
	if (!Number.isInteger(number) || number <= 0) throw new UsageError(`--${flag} must be a positive integer`);
	return number;
}
