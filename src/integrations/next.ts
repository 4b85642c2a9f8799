/**
 * `umami-guard/next`: Next.js App Router route handlers (`withUmamiRoute`) and page views from middleware
 * (`umamiMiddleware`). Loads no Next.js code: pass `after` from `next/server` (or a platform's `waitUntil`)
 * and the wrapper hands the flush to it.
 */
import type {UmamiAnalytics} from '../client/analytics.js';
import {
	flushThrough,
	recordWebRequest,
	forwardedIp,
	measureResponse,
	startWebRequest,
	trackerSource,
	type Ending,
	type WebTrackingOptions,
} from './web-shared.js';

export {skipTracking} from './web-shared.js';
export type {WebTrackingOptions} from './web-shared.js';
export {umamiMiddleware} from './next-middleware.js';
export type {UmamiMiddleware, UmamiMiddlewareOptions} from './next-middleware.js';

/**
 * An App Router route handler: `(request: NextRequest | Request, context: {params: Promise<…>})`. The
 * parameters are `never` here so that handlers with Next's own, narrower types fit.
 */
export type RouteHandler = (request: never, context: never) => Response | Promise<Response>;

/** The wrapped handler: same parameters (at least the request), always asynchronous. */
export type WrappedRouteHandler<H extends RouteHandler> = (
	...args: Parameters<H> extends [] ? [request: Request] : Parameters<H>
) => Promise<Response>;

/** Options of {@link withUmamiRoute}. */
export interface WithUmamiRouteOptions extends Omit<WebTrackingOptions, 'flushOnWaitUntil'> {
	/** The instance to track with. @default the default instance, looked up on the first request */
	analytics?: UmamiAnalytics;
	/**
	 * The route template stored instead of the path (Next.js does not tell a handler which file it is):
	 * `'/api/users/[id]'`. Without it the sanitized path is stored — ids and all.
	 */
	route?: string;
	/** Records a custom event with this name instead of a page view (like `trackRoute('name')`). */
	routeName?: string;
	/**
	 * `after` from `next/server` (Next.js ≥ 15.1): the flush is scheduled to run once the response has been
	 * sent, and the platform (Vercel, `next start`) waits for it.
	 */
	after?: (task: () => Promise<unknown>) => void;
	/**
	 * A platform `waitUntil` (`waitUntil` of `@vercel/functions`, OpenNext's `getCloudflareContext().ctx`):
	 * receives a promise that settles once the request is recorded and flushed. Used when `after` is absent.
	 */
	waitUntil?: (promise: Promise<unknown>) => void;
	/** The client IP for a request (used only as the identity policy allows). @default from proxy headers */
	clientIp?: (request: Request) => string | undefined;
}

/**
 * Wraps an App Router route handler so that every request becomes one sanitized Umami event: the route
 * template given as `route` (else the sanitized path), method, status and duration to the end of the
 * (possibly streamed) body. A handler that throws is recorded as a 500 with an error flag (as is any status ≥ 500)
 * and the error is re-thrown untouched, so Next.js answers as it would have. The flush goes through `after` (or
 * `waitUntil`); nothing here waits for the network.
 *
 * @example
 * ```ts
 * // app/api/users/[id]/route.ts
 * import {after} from 'next/server';
 * import {getAnalytics} from 'umami-guard';
 * import {withUmamiRoute} from 'umami-guard/next';
 *
 * const analytics = getAnalytics('web');
 * export const GET = withUmamiRoute(
 * 	async (request: Request, {params}: {params: Promise<{id: string}>}) => Response.json({id: (await params).id}),
 * 	{analytics, route: '/api/users/[id]', after},
 * );
 * ```
 */
export function withUmamiRoute<H extends RouteHandler>(
	handler: H,
	options: WithUmamiRouteOptions = {},
): WrappedRouteHandler<H> {
	const {analytics, route, routeName, after, waitUntil, clientIp, measureBody = true, ...tracking} = options;
	const select = trackerSource<undefined>(analytics, tracking);
	const call = handler as unknown as (request: Request, context: unknown) => Response | Promise<Response>;
	const readIp = (request: Request): string | undefined =>
		clientIp ? clientIp(request) : forwardedIp(request.headers);

	return async function umamiRoute(request: Request, context: unknown): Promise<Response> {
		const selected = select(undefined);
		const started = startWebRequest(selected, request, readIp, undefined);
		if (selected === undefined || started === undefined) return call(request, context);
		let recorded = false;
		const record = (status: number, ending: Ending, threw: boolean): void => {
			if (recorded) return;
			recorded = true;
			recordWebRequest(started, status, ending, threw, {route, routeName});
		};
		// `after` runs once Next.js has sent the response; if the body was never read to its end (a HEAD
		// answered without it), the request is recorded there at the latest.
		let status = 500;
		let threw = true;
		const flushed = after === undefined ? flushThrough(waitUntil, selected.analytics) : undefined;
		const schedule = (): void => {
			if (after === undefined) return;
			try {
				after(() => {
					record(status, 'done', threw);
					return selected.analytics.flush();
				});
			} catch {
				// Called outside a request scope: the instance's timer flushes instead.
			}
		};

		let response: Response;
		try {
			response = await call(request, context);
		} catch (error) {
			record(500, 'done', true);
			flushed?.();
			schedule();
			throw error;
		}
		status = response.status;
		threw = false;
		schedule();
		return measureResponse(response, measureBody, (ending) => {
			record(response.status, ending, false);
			flushed?.();
		});
	} as unknown as WrappedRouteHandler<H>;
}
