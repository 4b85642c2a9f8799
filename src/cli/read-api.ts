/**
 * A client for Umami's read (reporting) API, shared by `check` and `audit`: credentials (self-hosted login,
 * a bearer token, or Umami Cloud's `x-umami-api-key`), a cap on requests per second so a read never slows a
 * production server, and typed failures the commands turn into exit codes. Every token it learns is handed to
 * the caller's secret mask before anything could print it.
 */
import {networkCode} from './shared.js';
import {trimSlashes} from '../urls.js';

/** Default base of the read API when only an API key is given (Umami Cloud). */
export const CLOUD_READ_API = 'https://api.umami.is/v1';

/** How the read API is reached. */
export interface ReadCredentials {
	/** `login`: `POST {base}/auth/login`; `token`: a bearer token given as is; `api_key`: Umami Cloud. */
	readonly via: 'api_key' | 'login' | 'token';
	/** Base of the read routes: `{api_url}/api` self-hosted, `https://api.umami.is/v1` on Umami Cloud. */
	readonly base: string;
	readonly apiKey?: string;
	readonly username?: string;
	readonly password?: string;
	readonly token?: string;
}

/** What {@link resolveReadCredentials} chooses from. */
export interface ReadCredentialSources {
	/** `--read-api-url`. */
	readonly readApiUrl?: string | undefined;
	/** The ingestion base URL (`umami.api_url`). */
	readonly apiUrl: string;
	readonly apiKey?: string | undefined;
	readonly username?: string | undefined;
	readonly password?: string | undefined;
	readonly token?: string | undefined;
}

/**
 * Picks the credentials to use: a login (username and password) first, then a bearer token, then an API key;
 * `undefined` when none is given.
 */
export function resolveReadCredentials(sources: ReadCredentialSources): ReadCredentials | undefined {
	const selfHosted =
		sources.readApiUrl === undefined ? `${trimSlashes(sources.apiUrl)}/api` : trimSlashes(sources.readApiUrl);
	if (sources.username !== undefined && sources.password !== undefined) {
		return {via: 'login', base: selfHosted, username: sources.username, password: sources.password};
	}
	if (sources.token !== undefined && sources.token !== '') {
		return {via: 'token', base: selfHosted, token: sources.token};
	}
	if (sources.apiKey !== undefined) {
		return {via: 'api_key', base: trimSlashes(sources.readApiUrl ?? CLOUD_READ_API), apiKey: sources.apiKey};
	}
	return undefined;
}

/** Why a read failed: `auth` (401/403, or a refused login), `http` (another status), `network` (no answer). */
export type ReadApiErrorKind = 'auth' | 'http' | 'network';

/** A failed read-API request. The message names the route and the status, never a credential or a value. */
export class ReadApiError extends Error {
	override readonly name = 'ReadApiError';
	constructor(
		readonly kind: ReadApiErrorKind,
		message: string,
		/** The HTTP status, when there was an answer. */
		readonly status?: number,
	) {
		super(message);
	}
}

/** True for a {@link ReadApiError}. */
export function isReadApiError(error: unknown): error is ReadApiError {
	return error instanceof ReadApiError;
}

/** Waits before each request so that at most `perSecond` start in any second. */
export interface RateLimiter {
	wait(): Promise<void>;
}

/** Clock and sleep of a {@link RateLimiter}: replaced by a fake clock in tests. */
export interface LimiterClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const realClock: LimiterClock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Spaces request starts `1000 / perSecond` ms apart (the first starts at once). */
export function createRateLimiter(perSecond: number, clock: LimiterClock = realClock): RateLimiter {
	const gap = 1000 / perSecond;
	let next = -Infinity;
	return {
		async wait() {
			const now = clock.now();
			if (next > now) await clock.sleep(next - now);
			next = Math.max(now, next) + gap;
		},
	};
}

/** Options of {@link createReadApi}. */
export interface ReadApiOptions {
	readonly fetch: typeof fetch;
	/** Per-request timeout. */
	readonly timeoutMs: number;
	/** @default no cap */
	readonly limiter?: RateLimiter;
	/** Receives every token the client learns, so the caller's output masks it. */
	readonly secret?: (value: string) => void;
}

/** An authenticated read-API client. */
export interface ReadApi {
	readonly credentials: ReadCredentials;
	/** `GET {base}{path}?{query}` → the parsed JSON body. Rejects with a {@link ReadApiError}. */
	get(path: string, query?: Readonly<Record<string, string | number | undefined>>): Promise<unknown>;
	/** Requests sent so far (login included). */
	requests(): number;
	/** Who reads, for messages: `login as admin`, `API key`, `token`. */
	describe(): string;
}

/** Creates a read-API client; a login happens on the first request. */
export function createReadApi(credentials: ReadCredentials, options: ReadApiOptions): ReadApi {
	let count = 0;
	let headers: Record<string, string> | undefined;
	const who =
		credentials.via === 'login'
			? `login as ${credentials.username ?? ''}`
			: credentials.via === 'token'
				? 'token'
				: 'API key';

	const send = async (url: string, init: RequestInit): Promise<Response> => {
		await options.limiter?.wait();
		count++;
		try {
			return await options.fetch(url, {...init, signal: AbortSignal.timeout(options.timeoutMs)});
		} catch (error) {
			throw new ReadApiError('network', `read API unreachable at ${shownUrl(url)} (${networkCode(error)})`);
		}
	};

	const authenticate = async (): Promise<Record<string, string>> => {
		const base: Record<string, string> = {accept: 'application/json'};
		if (credentials.via === 'api_key') return {...base, 'x-umami-api-key': credentials.apiKey ?? ''};
		if (credentials.via === 'token') return {...base, authorization: `Bearer ${credentials.token ?? ''}`};
		const response = await send(`${credentials.base}/auth/login`, {
			method: 'POST',
			headers: {'content-type': 'application/json', accept: 'application/json'},
			body: JSON.stringify({username: credentials.username, password: credentials.password}),
		});
		const body = await response.text().catch(() => '');
		if (response.status === 401 || response.status === 403) {
			throw new ReadApiError('auth', `${who} failed (HTTP ${response.status})`, response.status);
		}
		const token = response.ok ? readToken(body) : undefined;
		if (token === undefined) {
			throw new ReadApiError('http', `login answered HTTP ${response.status}`, response.status);
		}
		options.secret?.(token);
		return {...base, authorization: `Bearer ${token}`};
	};

	return {
		credentials,
		requests: () => count,
		describe: () => who,
		async get(path, query = {}) {
			headers ??= await authenticate();
			const search = new URLSearchParams();
			for (const [key, value] of Object.entries(query))
				if (value !== undefined) search.set(key, String(value));
			const text = search.toString();
			const response = await send(`${credentials.base}${path}${text === '' ? '' : `?${text}`}`, {headers});
			const body = await response.text().catch(() => '');
			if (response.status === 401 || response.status === 403) {
				throw new ReadApiError('auth', `read API answered HTTP ${response.status} (${who})`, response.status);
			}
			if (!response.ok) {
				throw new ReadApiError(
					'http',
					`read API answered HTTP ${response.status} at ${path}`,
					response.status,
				);
			}
			try {
				return JSON.parse(body) as unknown;
			} catch {
				throw new ReadApiError(
					'http',
					`read API answered a body that is not JSON at ${path}`,
					response.status,
				);
			}
		},
	};
}

/**
 * The URL a request tried, as a message may show it: scheme, host and path — the host is what a wrong
 * `--read-api-url` or DNS gets wrong — without `user:password@` or the query.
 */
function shownUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return 'the configured read API URL';
	}
}

function readToken(body: string): string | undefined {
	try {
		const token = (JSON.parse(body) as {token?: unknown}).token;
		return typeof token === 'string' && token !== '' ? token : undefined;
	} catch {
		return undefined;
	}
}
