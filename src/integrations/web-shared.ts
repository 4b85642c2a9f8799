/**
 * What the web-standard integrations (Hono, `fetch` handlers, Next.js route handlers) share: choosing the
 * analytics instance, reading a `Request`, measuring a `Response` to the end of its body, and keeping a
 * serverless platform alive for the flush through `waitUntil`. No `node:` imports and no framework code:
 * this runs on Node, Bun, Deno and Cloudflare Workers alike.
 */
import type {UmamiAnalytics} from '../client/analytics.js';
import {emitWarning} from '../client/logger.js';
import {defaultAnalytics} from '../client/registry.js';
import {createRequestTracker, type RequestTracker, type RouteTrackingOptions} from './request.js';
import {isSkipped} from './skip.js';

/** Options shared by the web-standard integrations. */
export interface WebTrackingOptions extends RouteTrackingOptions {
	/**
	 * Measure each request until its response body has been fully sent (`true`), which also detects clients
	 * that go away mid-stream; or until the handler returned its `Response` (`false`). With `true` the body
	 * is handed on through a pass-through stream, so the runtime sends it chunked unless the response set
	 * `Content-Length` itself.
	 * @default true
	 */
	measureBody?: boolean;
	/**
	 * When the platform offers `waitUntil` (Cloudflare Workers' `ctx`, Vercel/Netlify edge `context`), flush
	 * the instance once the request's event is recorded and hand the flush to `waitUntil`, so the platform
	 * keeps the isolate alive until Umami answered. Such platforms freeze or drop an isolate once its
	 * responses are done, so a timer-based flush may never run there. Long-running servers (Node, Bun,
	 * Deno) offer no `waitUntil` and keep batching.
	 * @default true
	 */
	flushOnWaitUntil?: boolean;
}

/** An analytics instance, or a function that picks one per request (e.g. from Workers' `env`). */
export type AnalyticsSource<Arg> = UmamiAnalytics | ((arg: Arg) => UmamiAnalytics);

/** An instance and its compiled tracker. */
export interface Tracked {
	readonly analytics: UmamiAnalytics;
	readonly tracker: RequestTracker;
}

/** Something with `waitUntil` (Workers' `ExecutionContext`, Vercel's and Netlify's edge context, Next's `event`). */
export interface WaitUntilLike {
	waitUntil(promise: Promise<unknown>): void;
}

/** A monotonic clock in ms where the runtime has one. (On Workers it advances only across I/O.) */
export const now: () => number =
	typeof performance === 'object' && typeof performance.now === 'function'
		? () => performance.now()
		: Date.now;

/** The per-request opt-out, shared with the Node integrations (a marker on the request object). */
export {isSkipped, skipTracking} from './skip.js';

/**
 * Picks the instance for a request. A fixed instance compiles its tracker once; a function is called per
 * request and the tracker is recompiled only when it returns another instance; without either, the default
 * instance is looked up on the first request (so `getAnalytics('app')` may run after the middleware is
 * created). Returns undefined when picking threw: the request then runs untracked.
 */
export function trackerSource<Arg>(
	source: AnalyticsSource<Arg> | undefined,
	options: RouteTrackingOptions,
): (arg: Arg) => Tracked | undefined {
	if (source !== undefined && typeof source !== 'function') {
		const fixed: Tracked = {analytics: source, tracker: createRequestTracker(source, options)};
		return () => fixed;
	}
	let last: Tracked | undefined;
	if (source === undefined) {
		return () => {
			if (last) return last;
			try {
				const analytics = defaultAnalytics();
				last = {analytics, tracker: createRequestTracker(analytics, options)};
			} catch (error) {
				warnOnce(error);
			}
			return last;
		};
	}
	return (arg) => {
		try {
			const analytics = source(arg);
			if (last?.analytics !== analytics)
				last = {analytics, tracker: createRequestTracker(analytics, options)};
			return last;
		} catch (error) {
			warnOnce(error);
			return undefined;
		}
	};
}

let warned = false;

function warnOnce(error: unknown): void {
	if (warned) return;
	warned = true;
	emitWarning(
		`umami-guard: requests are not tracked, no analytics instance: ${(error as Error)?.message ?? String(error)}`,
	);
}

/** `https://host:8080/a/b?x=1` → `/a/b?x=1` without parsing a URL. A bare path is returned as is. */
export function pathOf(url: string): string {
	const scheme = url.indexOf('://');
	if (scheme === -1) return url;
	const slash = url.indexOf('/', scheme + 3);
	if (slash !== -1) return url.slice(slash);
	const question = url.indexOf('?', scheme + 3);
	return question === -1 ? '/' : `/${url.slice(question)}`;
}

/**
 * A header reader over a request's `Headers` (lower-case names; absent → undefined). A `Request` built
 * by a runtime may carry no `Host` header; the host of its URL stands in. On Cloudflare Workers, whose
 * `request.cf` holds the visitor's location whether or not the zone adds location headers, `cf.country`,
 * `cf.regionCode` and `cf.city` stand in for `cf-ipcountry`, `cf-region-code` and `cf-ipcity`.
 */
export function headerReader(request: Request): (name: string) => string | undefined {
	const headers = request.headers;
	return (name) => {
		const value = headers.get(name);
		if (value !== null) return value;
		if (name === 'host') return hostOf(request.url);
		const field = CF_FIELDS[name];
		if (field === undefined) return undefined;
		const cf = (request as {cf?: unknown}).cf;
		const fromCf = typeof cf === 'object' && cf !== null ? (cf as Record<string, unknown>)[field] : undefined;
		return typeof fromCf === 'string' ? fromCf : undefined;
	};
}

/** Workers' `request.cf` fields that carry what the CDN location headers carry. */
const CF_FIELDS: Readonly<Record<string, string>> = Object.assign(
	Object.create(null) as Record<string, string>,
	{
		'cf-ipcountry': 'country',
		'cf-region-code': 'regionCode',
		'cf-ipcity': 'city',
	},
);

function hostOf(url: string): string | undefined {
	const scheme = url.indexOf('://');
	if (scheme === -1) return undefined;
	const start = scheme + 3;
	let end = start;
	while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
	return end > start ? url.slice(start, end) : undefined;
}

/**
 * The client IP from the headers a proxy or CDN sets (Cloudflare, Akamai, nginx, any `X-Forwarded-For`),
 * else undefined. It reaches Umami only as the instance's identity policy allows (never, by default).
 */
export function forwardedIp(headers: {get(name: string): string | null}): string | undefined {
	const direct = headers.get('cf-connecting-ip') ?? headers.get('true-client-ip') ?? headers.get('x-real-ip');
	if (direct) return direct.trim();
	const forwarded = headers.get('x-forwarded-for');
	if (!forwarded) return undefined;
	const comma = forwarded.indexOf(',');
	return (comma === -1 ? forwarded : forwarded.slice(0, comma)).trim() || undefined;
}

/** How a measured response ended. */
export type Ending = 'done' | 'aborted' | 'error';

/** What a web integration knows about a request when it starts, to record it once its response is over. */
export interface WebRequestStart<Arg> {
	readonly tracker: RequestTracker;
	readonly request: Request;
	readonly method: string;
	readonly path: string;
	/** {@link now} when the request arrived. */
	readonly start: number;
	/** The client IP as the integration reads it from the request and `arg` (may throw: the call is guarded). */
	readonly ip: (request: Request, arg: Arg) => string | undefined;
	/** What `ip` reads besides the request: Hono's context, the handler's platform argument. */
	readonly arg: Arg;
}

/**
 * The start of a web request (method, path, the clock), or undefined when it is not tracked: no instance
 * could be picked, or the tracker's rules leave the method or path out (the handler then runs as is).
 * `ip` is the integration's reader, made once; `arg` what it reads besides the request.
 */
export function startWebRequest<Arg>(
	selected: Tracked | undefined,
	request: Request,
	ip: (request: Request, arg: Arg) => string | undefined,
	arg: Arg,
): WebRequestStart<Arg> | undefined {
	if (selected === undefined) return undefined;
	const method = request.method;
	const path = pathOf(request.url);
	if (!selected.tracker.shouldTrack(method, path)) return undefined;
	return {tracker: selected.tracker, request, method, path, start: now(), ip, arg};
}

/**
 * Records one finished web request (unless `skipTracking` was called for it). Never throws: tracking never
 * reaches the request.
 */
export function recordWebRequest<Arg>(
	started: WebRequestStart<Arg>,
	status: number,
	ending: Ending,
	threw: boolean,
	names: {readonly route?: string | undefined; readonly routeName?: string | undefined} = {},
): void {
	try {
		const {request} = started;
		if (isSkipped(request)) return;
		started.tracker.track({
			method: started.method,
			path: started.path,
			route: names.route,
			routeName: names.routeName,
			status,
			durationMs: now() - started.start,
			error: threw || ending === 'error' || status >= 500,
			aborted: ending === 'aborted',
			header: headerReader(request),
			ip: started.tracker.needsIp ? started.ip(request, started.arg) : undefined,
		});
	} catch {
		// A throwing `clientIp`, a hostile request object: nothing reaches the request.
	}
}

/** Statuses whose response can have no body (and cannot be rebuilt with one). */
function bodyless(response: Response): boolean {
	const status = response.status;
	return (
		status === 101 ||
		status === 204 ||
		status === 205 ||
		status === 304 ||
		// A Workers WebSocket upgrade.
		(response as {webSocket?: unknown}).webSocket != null
	);
}

/**
 * Calls `done` once the response is complete and returns the response to send: the same one when there
 * is nothing to wait for, else a copy (same status, headers and Workers extras) whose body passes the
 * original through and reports its end, its cancellation by the client or its failure. Never throws.
 */
export function measureResponse(
	response: Response,
	measureBody: boolean,
	done: (ending: Ending) => void,
): Response {
	// `measureBody: false` never reads `body`: on @hono/node-server that read alone turns its light response
	// into a full web `Response` and takes the server off its fast path.
	if (!measureBody) {
		done('done');
		return response;
	}
	try {
		const body = response.body;
		if (body !== null && !body.locked && !bodyless(response)) {
			return new Response(passThrough(body, done), response);
		}
	} catch {
		// Fall through: measured to the headers.
	}
	done('done');
	return response;
}

function passThrough(
	body: ReadableStream<Uint8Array>,
	done: (ending: Ending) => void,
): ReadableStream<Uint8Array> {
	const reader = body.getReader();
	let finished = false;
	const finish = (ending: Ending): void => {
		if (finished) return;
		finished = true;
		done(ending);
	};
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				let chunk: ReadableStreamReadResult<Uint8Array>;
				try {
					chunk = await reader.read();
				} catch (error) {
					finish('error');
					controller.error(error);
					return;
				}
				if (chunk.done) {
					finish('done');
					controller.close();
				} else controller.enqueue(chunk.value);
			},
			cancel(reason) {
				finish('aborted');
				return reader.cancel(reason);
			},
		},
		{highWaterMark: 0},
	);
}

/**
 * A promise the caller resolves once the request is recorded, handed (followed by a flush) to the
 * platform's `waitUntil`. Returns the resolver, or undefined when there is no usable `waitUntil`.
 */
export function flushThrough(
	register: ((promise: Promise<unknown>) => void) | undefined,
	analytics: UmamiAnalytics,
): (() => void) | undefined {
	if (register === undefined) return undefined;
	let resolve!: () => void;
	const recorded = new Promise<void>((settle) => {
		resolve = settle;
	});
	try {
		register(recorded.then(() => analytics.flush()).then(noop, noop));
	} catch {
		return undefined;
	}
	return resolve;
}

/** `waitUntil` of the first candidate that has one, bound to it. */
export function findWaitUntil(...candidates: unknown[]): ((promise: Promise<unknown>) => void) | undefined {
	for (const candidate of candidates) {
		if (
			typeof candidate === 'object' &&
			candidate !== null &&
			typeof (candidate as Partial<WaitUntilLike>).waitUntil === 'function'
		) {
			return (promise) => {
				(candidate as WaitUntilLike).waitUntil(promise);
			};
		}
	}
	return undefined;
}

function noop(): void {}
