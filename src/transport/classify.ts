/**
 * The transport's decision functions: pure, synchronous, unit-tested. They turn what came back from a
 * request (a status and headers, a response body, or a thrown error) into a {@link DeliveryResult}.
 *
 * Every `detail` they produce is safe to log: an endpoint path, a status code, an error code — never a
 * payload, a header value or a server message.
 */
import type {DeliveryResult} from '../types.js';

/** A transient failure: the queue retries it. */
export type RetryResult = Extract<DeliveryResult, {status: 'retry'}>;

/** What {@link classifyError} needs to know besides the error itself. */
export interface ErrorContext {
	/** The per-request timeout fired. */
	readonly timedOut: boolean;
	/** The caller's signal (shutdown) aborted the request. */
	readonly aborted: boolean;
	/** The configured timeout, for the detail. */
	readonly timeoutMs: number;
	/** The endpoint path, for the detail, e.g. `/api/batch`. */
	readonly endpoint: string;
}

const DIGITS = /^\d+$/;
/** HTTP dates (IMF-fixdate, RFC 850, asctime) all start with a day name; V8's `Date.parse` alone takes `-5`. */
const HTTP_DATE_START = /^[a-z]{3}/i;
/** An error code as Node and undici spell them (`ECONNREFUSED`, `UND_ERR_SOCKET`); anything else is dropped. */
const ERROR_CODE = /^[A-Z][A-Z\d_]{0,39}$/;
/** A per-item error code in Umami's JSON errors (`bad-request`, `server-error`). */
const ITEM_CODE = /^[a-z][a-z\d-]{0,39}$/;

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 *
 * @returns the delay in milliseconds, clamped to `[0, capMs]`, or `undefined` if absent or unparseable.
 * @example
 * ```ts
 * parseRetryAfter('120', Date.now(), 60_000); // 60_000 (capped)
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'), 600_000); // 60_000
 * ```
 */
export function parseRetryAfter(
	value: string | null | undefined,
	nowMs: number,
	capMs: number,
): number | undefined {
	if (value === null || value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	let delay: number;
	if (DIGITS.test(text)) {
		delay = Number(text) * 1000;
	} else {
		const date = HTTP_DATE_START.test(text) ? Date.parse(text) : Number.NaN;
		if (Number.isNaN(date)) return undefined;
		delay = date - nowMs;
	}
	if (!Number.isFinite(delay)) return Math.max(0, capMs);
	return Math.min(Math.max(0, delay), Math.max(0, capMs));
}

/**
 * Bodies of a 4xx that is really a server failure: Umami 2.10 answers 400 with the message of whatever its
 * session lookup threw. Through Prisma that is `Invalid \`prisma…\` invocation`; but node-postgres's own
 * connection errors carry no code, so Prisma's driver adapter rethrows them bare (`Connection terminated
 * unexpectedly`, `Client has encountered a connection error and is not queryable`, pg-pool's `timeout exceeded
 * when trying to connect`), measured while PostgreSQL was stopped and started under a running Umami.
 */
const DATABASE_FAILURE =
	/prisma|database server|can't reach database|connection refused|ECONNREFUSED|connection terminated|not queryable|timeout exceeded when trying to connect|query read timeout/i;
/** Umami's answer for an unknown website id: 2.10 `Website not found: <id>.` (403), 3.x `Website not found` (400). */
const WEBSITE_NOT_FOUND = /website not found/i;

/**
 * Classifies an HTTP answer by status code alone.
 *
 * - 2xx → `delivered` (the caller refines it: per-item batch errors, bot answers);
 * - 408 and 5xx → `retry` of kind `server`; 429 → `retry` of kind `rate_limited`; both with `retryAfterMs`
 *   from `Retry-After` when present, capped at `maxRetryAfterMs`;
 * - any other status (4xx, or a 3xx left after redirects) → `rejected`: retrying cannot help; with
 *   `websiteNotFound` when the body is Umami's `Website not found` (2.10: 403, 3.x: 400), a misconfiguration.
 */
export function classifyResponse(
	status: number,
	retryAfter: string | null | undefined,
	context: {
		readonly nowMs: number;
		readonly maxRetryAfterMs: number;
		readonly endpoint: string;
		readonly body?: string;
	},
): DeliveryResult {
	if (status >= 200 && status < 300) return {status: 'delivered'};
	const detail = `HTTP ${status} from ${context.endpoint}`;
	// Umami 2.10 answers 400 with Prisma's message while its database is down: a server failure, not our data.
	if (status === 400 && context.body !== undefined && DATABASE_FAILURE.test(context.body)) {
		return {status: 'retry', kind: 'server', httpStatus: status, detail: `${detail} (database unavailable)`};
	}
	if (status === 408 || status === 429 || (status >= 500 && status < 600)) {
		const retryAfterMs = parseRetryAfter(retryAfter, context.nowMs, context.maxRetryAfterMs);
		const kind = status === 429 ? 'rate_limited' : 'server';
		return retryAfterMs === undefined
			? {status: 'retry', kind, httpStatus: status, detail}
			: {status: 'retry', kind, httpStatus: status, retryAfterMs, detail};
	}
	if (context.body !== undefined && WEBSITE_NOT_FOUND.test(context.body)) {
		return {
			status: 'rejected',
			httpStatus: status,
			websiteNotFound: true,
			detail: `${detail} (website not found)`,
		};
	}
	return {status: 'rejected', httpStatus: status, detail};
}

/**
 * Deno's `fetch` errors carry no `code`, only the system's message (`… tcp connect error: Connection refused
 * (os error 111)`, `Connection reset by peer`, `connection closed before message completed`, `dns error`):
 * the common ones get the code Node and Bun give them. Only the code is ever reported, never the message.
 */
const MESSAGE_CODES: readonly (readonly [RegExp, string])[] = [
	[/connection refused|actively refused/i, 'ECONNREFUSED'],
	[/connection reset|connection closed before/i, 'ECONNRESET'],
	[/dns error|failed to lookup address/i, 'ENOTFOUND'],
];

function errorCode(error: unknown): string | undefined {
	let fromMessage: string | undefined;
	for (
		let current: unknown = error, depth = 0;
		current !== null && current !== undefined && depth < 4;
		depth++
	) {
		if (typeof current !== 'object') break;
		const {code, message} = current as {code?: unknown; message?: unknown};
		if (typeof code === 'string' && ERROR_CODE.test(code)) return code;
		if (fromMessage === undefined && typeof message === 'string') {
			fromMessage = MESSAGE_CODES.find(([pattern]) => pattern.test(message))?.[1];
		}
		current = (current as {cause?: unknown}).cause;
	}
	return fromMessage;
}

/**
 * Classifies a request that got no (complete) answer: `fetch` threw or reading the body failed.
 *
 * - the per-request timeout fired → `retry`/`timeout`;
 * - the caller's signal aborted it (shutdown) → `retry`/`network` with detail `aborted`: the queue, which
 *   aborted it, decides (it drops such events as `shutdown_timeout`);
 * - anything else (refused, reset, DNS, TLS, `TypeError: fetch failed`) → `retry`/`network`, with the error
 *   code when there is one (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, …).
 */
export function classifyError(error: unknown, context: ErrorContext): RetryResult {
	if (context.timedOut) {
		return {
			status: 'retry',
			kind: 'timeout',
			detail: `timeout after ${context.timeoutMs} ms on ${context.endpoint}`,
		};
	}
	if (context.aborted) return {status: 'retry', kind: 'network', detail: `aborted on ${context.endpoint}`};
	const code = errorCode(error);
	const detail = `network error ${code ?? 'unknown'} on ${context.endpoint}`;
	return code === undefined
		? {status: 'retry', kind: 'network', detail}
		: {status: 'retry', kind: 'network', code, detail};
}

/**
 * Classifies one entry of `details` in a `/api/batch` answer. Umami replays each item through `/api/send`
 * and, when that answer is not ok, stores its JSON body: `{error: {message, code, status}}` (v3). A status
 * of 5xx, 408 or 429 (or code `server-error`) is transient → `retry`/`server`; anything else, including a
 * shape we do not know, → `rejected` (`websiteNotFound` when the message is Umami's `Website not found.`).
 */
export function classifyBatchItem(response: unknown, endpoint: string): DeliveryResult {
	const error =
		typeof response === 'object' && response !== null ? (response as {error?: unknown}).error : undefined;
	let status: number | undefined;
	let code: string | undefined;
	let websiteNotFound = false;
	if (typeof error === 'object' && error !== null) {
		const rawStatus = (error as {status?: unknown}).status;
		const rawCode = (error as {code?: unknown}).code;
		const message = (error as {message?: unknown}).message;
		if (typeof rawStatus === 'number' && Number.isInteger(rawStatus)) status = rawStatus;
		if (typeof rawCode === 'string' && ITEM_CODE.test(rawCode)) code = rawCode;
		websiteNotFound = typeof message === 'string' && WEBSITE_NOT_FOUND.test(message);
	}
	if (status === undefined && code === 'server-error') status = 500;
	const detail = `batch item failed on ${endpoint}${status === undefined ? '' : ` (HTTP ${status})`}${
		code === undefined ? '' : ` ${code}`
	}${websiteNotFound ? ' (website not found)' : ''}`;
	if (status !== undefined && (status === 408 || status === 429 || (status >= 500 && status < 600))) {
		return {status: 'retry', kind: status === 429 ? 'rate_limited' : 'server', httpStatus: status, detail};
	}
	const rejected: {status: 'rejected'; httpStatus?: number; websiteNotFound?: boolean; detail: string} = {
		status: 'rejected',
		detail,
	};
	if (status !== undefined) rejected.httpStatus = status;
	if (websiteNotFound) rejected.websiteNotFound = true;
	return rejected;
}

/**
 * Classifies the body of a 2xx answer from `/api/send`. Umami answers a bot with `{"beep":"boop"}` (v2.10:
 * `{}`) and stores nothing; a real hit gets a text token (v2.10) or `{cache, sessionId, visitId}` (v3).
 */
export function classifySendBody(body: string): 'delivered' | 'bot_filtered' {
	const text = body.trim();
	if (!text.startsWith('{')) return 'delivered';
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return 'delivered';
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'delivered';
	const record = parsed as Record<string, unknown>;
	if (record['beep'] === 'boop') return 'bot_filtered';
	return Object.keys(record).length === 0 ? 'bot_filtered' : 'delivered';
}

/** Statuses a gateway or an overloaded server answers for every request alike, whatever the event. */
const SERVER_WIDE_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Whether a retry speaks for the whole server rather than for one event: no answer at all (refused, reset,
 * timeout), 429, or 502/503/504. The events of the same call not sent yet would get the same answer, so the
 * transport gives them this result without a request — on Umami < 2.17 (one request per event) a 503 outage
 * otherwise costs a whole batch of requests per probe and process.
 */
export function isServerWide(result: DeliveryResult): result is RetryResult {
	if (result.status !== 'retry') return false;
	if (result.kind !== 'server') return true;
	return result.httpStatus !== undefined && SERVER_WIDE_STATUS.has(result.httpStatus);
}
