/**
 * The one error family of umami-guard.
 *
 * Every error the library produces is an {@link UmamiGuardError} with a stable string `code`. Only
 * configuration loading, explicit validation calls, `flush()` and `shutdown()` ever *reject or throw*;
 * background work reports errors through `onError` and counts them in `stats()` instead.
 *
 * The guards (`isUmamiGuardError`, `isConfigError`, …) use a global symbol brand rather than `instanceof`,
 * so they still match when two copies of the library are loaded (ESM and CommonJS, or two versions).
 */

/** Every code an {@link UmamiGuardError} can carry. Stable across versions: match on it, not on messages. */
export type UmamiGuardErrorCode =
	/** A configuration value has the wrong type or shape, a missing `${VAR}`, or an unknown key with `strict: true`. */
	| 'CONFIG_INVALID'
	/** The configuration file could not be read or parsed (syntax, size or alias limits). */
	| 'CONFIG_FILE'
	/** The request never got an answer: refused, reset, DNS or TLS failure. */
	| 'NETWORK_ERROR'
	/** The request took longer than the configured timeout. */
	| 'TIMEOUT'
	/** An explicit validation call rejected its input, or an event could not be built from it. */
	| 'INVALID_INPUT'
	/** A hook of the caller's (`beforeSend`, `waitUntil`, an integration's `extraData`…) threw; reported, never thrown. */
	| 'HOOK_FAILED';

const brand = Symbol.for('umami-guard.error');

/** Options accepted by every error of the family. */
export interface UmamiGuardErrorOptions {
	/** The underlying error, kept for debugging. */
	readonly cause?: unknown;
}

/**
 * Base class of every error thrown or reported by umami-guard.
 *
 * @example
 * ```ts
 * try { loadConfig(); } catch (error) { if (isConfigError(error)) console.error(error.key, error.source); }
 * ```
 */
export class UmamiGuardError extends Error {
	/** Stable machine-readable code. */
	readonly code: UmamiGuardErrorCode;
	declare readonly [brand]: true;

	constructor(code: UmamiGuardErrorCode, message: string, options: UmamiGuardErrorOptions = {}) {
		super(message, 'cause' in options ? {cause: options.cause} : undefined);
		this.name = 'UmamiGuardError';
		this.code = code;
		Object.defineProperty(this, brand, {value: true});
	}
}

/** Where a configuration value came from, for error messages. */
export type ConfigSource =
	| {readonly kind: 'option'; /** The option's path, e.g. `identity.ip`. */ readonly path?: string}
	| {readonly kind: 'env'; readonly name: string}
	| {readonly kind: 'file'; readonly path: string; readonly line?: number}
	| {readonly kind: 'default'};

/** Renders a {@link ConfigSource} as text: `env UMAMI_API_URL`, `config.yaml:7`, `options`. */
export function describeSource(source: ConfigSource): string {
	switch (source.kind) {
		case 'option': {
			return source.path === undefined ? 'options' : `options.${source.path}`;
		}
		case 'env': {
			return `env ${source.name}`;
		}
		case 'file': {
			return source.line === undefined ? source.path : `${source.path}:${source.line}`;
		}
		case 'default': {
			return 'default';
		}
	}
}

/** A configuration problem: names the key, where it came from, and what was expected. */
export class ConfigError extends UmamiGuardError {
	/** Dotted configuration key, e.g. `umami.async.batch_size`. */
	readonly key: string;
	/** Where the offending value came from. */
	readonly source: ConfigSource;
	/** What is wrong, as the message says it (`got number 0`, `${UMAMI_WEBSITE_ID} is not set`): never a secret. */
	readonly problem: string;
	/** What would have been accepted. */
	readonly expected: string;
	/**
	 * Every problem found, this one first: a configuration is checked whole, so one error reports them all
	 * (its message lists each on a line of its own; `key`, `source`, `problem` and `expected` are the first one's).
	 */
	readonly errors: readonly ConfigError[];

	constructor(
		init: {
			key: string;
			source: ConfigSource;
			expected: string;
			problem: string;
			code?: 'CONFIG_INVALID' | 'CONFIG_FILE';
		},
		options: UmamiGuardErrorOptions = {},
	) {
		super(
			init.code ?? 'CONFIG_INVALID',
			`Invalid configuration "${init.key}" (${describeSource(init.source)}): ${init.problem}; expected ${init.expected}${/[.?]$/.test(init.expected) ? '' : '.'}`,
			options,
		);
		this.name = 'ConfigError';
		this.key = init.key;
		this.source = init.source;
		this.problem = init.problem;
		this.expected = init.expected;
		this.errors = [this];
	}

	/** One error for all of `errors` (at least one): the first itself when it is alone. */
	static all(errors: readonly ConfigError[]): ConfigError {
		const [first, ...others] = errors;
		if (first === undefined) throw new RangeError('ConfigError.all needs at least one error');
		if (others.length === 0) return first;
		const all = new ConfigError(
			{
				key: first.key,
				source: first.source,
				expected: first.expected,
				problem: first.problem,
				code: errors.every((error) => error.code === 'CONFIG_FILE') ? 'CONFIG_FILE' : 'CONFIG_INVALID',
			},
			{cause: first},
		);
		const message = `${errors.length} configuration errors:\n${errors.map((error) => `- ${error.message}`).join('\n')}`;
		Object.defineProperty(all, 'message', {value: message, writable: true, configurable: true});
		Object.defineProperty(all, 'errors', {value: errors});
		return all;
	}
}

function hasBrand(value: unknown): value is UmamiGuardError {
	return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** True for any error of the umami-guard family, from any loaded copy of the library. */
export function isUmamiGuardError(value: unknown): value is UmamiGuardError {
	return hasBrand(value);
}

/** True for configuration errors (`CONFIG_INVALID`, `CONFIG_FILE`). */
export function isConfigError(value: unknown): value is ConfigError {
	return hasBrand(value) && (value.code === 'CONFIG_INVALID' || value.code === 'CONFIG_FILE');
}

/** True for errors where no answer arrived: network failures and timeouts. */
export function isNetworkError(value: unknown): value is UmamiGuardError {
	return hasBrand(value) && (value.code === 'NETWORK_ERROR' || value.code === 'TIMEOUT');
}
