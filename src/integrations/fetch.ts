/**
 * `umami-guard/fetch`: tracks any web-standard `fetch(request) → Response` handler — `Bun.serve`,
 * `Deno.serve`, Cloudflare Workers' `export default {fetch}`, Vercel/Netlify edge functions.
 */
import {
	findWaitUntil,
	flushThrough,
	recordWebRequest,
	forwardedIp,
	measureResponse,
	startWebRequest,
	trackerSource,
	type AnalyticsSource,
	type Ending,
	type WebTrackingOptions,
} from './web-shared.js';

export {skipTracking} from './web-shared.js';
export type {AnalyticsSource, WebTrackingOptions} from './web-shared.js';

/**
 * A web-standard request handler. The arguments after the request differ by platform: Workers pass
 * `(env, ctx)`, Bun passes its `server`, Deno its `info`, edge functions a `context` with `waitUntil`.
 */
export type FetchHandler = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/** The wrapped handler: same parameters (at least the request), always asynchronous. */
export type WrappedFetchHandler<H extends FetchHandler> = (
	this: ThisParameterType<H>,
	...args: Parameters<H> extends [] ? [request: Request] : Parameters<H>
) => Promise<Response>;

/** Options of {@link withUmami}. */
export interface WithUmamiOptions<H extends FetchHandler = FetchHandler> extends WebTrackingOptions {
	/**
	 * The instance to track with, or a function of the handler's second argument that returns one — on
	 * Workers, configuration lives in `env`: `(env) => getAnalytics('api', {env})` (the same name returns
	 * the same instance, so this is a map lookup per request).
	 * @default the default instance (`defaultAnalytics()`), looked up on the first request
	 */
	analytics?: AnalyticsSource<Parameters<H>[1]>;
	/**
	 * The client IP for a request (used only as the identity policy allows). By default: `CF-Connecting-IP`,
	 * `True-Client-IP`, `X-Real-IP`, the first `X-Forwarded-For` entry, else Bun's `server.requestIP()` or
	 * Deno's `info.remoteAddr`.
	 */
	clientIp?: (request: Request) => string | undefined;
}

interface PlatformArgument {
	/** Bun's `server`. */
	requestIP?: (request: Request) => {address: string} | null;
	/** Deno's `info`. */
	remoteAddr?: {hostname?: string};
}

function socketIp(request: Request, platform: unknown): string | undefined {
	if (typeof platform !== 'object' || platform === null) return undefined;
	const argument = platform as PlatformArgument;
	try {
		if (typeof argument.requestIP === 'function') return argument.requestIP(request)?.address ?? undefined;
		return argument.remoteAddr?.hostname ?? undefined;
	} catch {
		return undefined;
	}
}

/**
 * Wraps a `fetch` handler so that every request becomes one sanitized Umami event: the sanitized path
 * (web handlers know no route template; pass `extraData` or use the Hono integration for templates),
 * method, status and duration measured to the end of the response body. A handler that throws is recorded
 * as a 500 with an error flag (as is any status ≥ 500) and the error is re-thrown untouched; a client that goes away mid-stream is
 * recorded as aborted. Nothing here waits for the network: on platforms with `waitUntil` (Workers'
 * `ctx`, edge `context`) the flush is handed to it.
 *
 * @example
 * ```ts
 * // Bun / Deno
 * import {getAnalytics} from 'umami-guard';
 * import {withUmami} from 'umami-guard/fetch';
 * const analytics = getAnalytics('api');
 * Bun.serve({fetch: withUmami((request) => new Response('hello'), {analytics})});
 * Deno.serve(withUmami((request) => new Response('hello'), {analytics}));
 *
 * // Cloudflare Workers: configuration from env, flush through ctx.waitUntil
 * export default {
 * 	fetch: withUmami(
 * 		async (request: Request, env: Env, ctx: ExecutionContext) => new Response('hello'),
 * 		{analytics: (env) => getAnalytics('api', {env})},
 * 	),
 * };
 * ```
 */
export function withUmami<H extends FetchHandler>(
	handler: H,
	options: WithUmamiOptions<H> = {},
): WrappedFetchHandler<H> {
	const {analytics, clientIp, measureBody = true, flushOnWaitUntil = true, ...tracking} = options;
	const select = trackerSource<unknown>(analytics as AnalyticsSource<unknown> | undefined, tracking);
	const call = handler as unknown as (this: unknown, request: Request, ...rest: unknown[]) => Response;
	const readIp = (request: Request, platform: unknown): string | undefined =>
		clientIp ? clientIp(request) : (forwardedIp(request.headers) ?? socketIp(request, platform));

	return async function umamiFetch(this: unknown, request: Request, ...rest: unknown[]): Promise<Response> {
		const selected = select(rest[0]);
		const started = startWebRequest(selected, request, readIp, rest[0]);
		if (selected === undefined || started === undefined) return call.call(this, request, ...rest);
		const flushed = flushOnWaitUntil
			? flushThrough(findWaitUntil(rest[1], rest[0]), selected.analytics)
			: undefined;

		const record = (status: number, ending: Ending, threw: boolean): void => {
			try {
				recordWebRequest(started, status, ending, threw);
			} finally {
				flushed?.();
			}
		};

		let response: Response;
		try {
			response = await call.call(this, request, ...rest);
		} catch (error) {
			record(500, 'done', true);
			throw error;
		}
		return measureResponse(response, measureBody, (ending) => {
			record(response.status, ending, false);
		});
	} as WrappedFetchHandler<H>;
}
