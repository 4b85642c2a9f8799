/**
 * `umamiMiddleware()`: page views from Next.js middleware (`middleware.ts`, Next 16's `proxy.ts`), one line in
 * the user's own middleware. Middleware sees each request before routing and never its response, so what it
 * records is the visit: URL and context, no status or duration.
 */
import type {UmamiAnalytics} from '../client/analytics.js';
import {pageViewPath} from './next-requests.js';
import type {RouteTrackingOptions} from './request.js';
import {findWaitUntil, forwardedIp, headerReader, trackerSource} from './web-shared.js';

/** Options of {@link umamiMiddleware}. */
export interface UmamiMiddlewareOptions extends Pick<
	RouteTrackingOptions,
	'ignorePaths' | 'ignoreStaticAssets' | 'sampleRate' | 'queryAllowlist' | 'forwardUserAgent'
> {
	/** The instance to track with. @default the default instance, looked up on the first request */
	analytics?: UmamiAnalytics;
	/** The client IP for a request (used only as the identity policy allows). @default from proxy headers */
	clientIp?: (request: Request) => string | undefined;
	/**
	 * Hand a flush to the middleware's `event.waitUntil` after each page view, so that the platform (Vercel,
	 * the Edge runtime, `next start`) keeps the request alive until Umami answered. `false`: the instance's
	 * timer flushes in batches (a long-running `next start` only).
	 * @default true
	 */
	flushOnWaitUntil?: boolean;
}

/**
 * Records the page view of one middleware request, if it is one; never throws and never awaits. `event` is
 * the middleware's second argument (`NextFetchEvent`), whose `waitUntil` gets the flush. Returns nothing, so
 * it can also be the middleware itself (`export const proxy = umamiMiddleware()`: Next.js then continues).
 */
export type UmamiMiddleware = (
	request: Request,
	event?: {waitUntil(promise: Promise<unknown>): void},
) => void;

/**
 * Creates the page-view recorder for Next.js middleware. Per request it records a page view of the sanitized
 * path with the allowlisted query; the hostname from `X-Forwarded-Host`/`Host` (what the visitor typed, not
 * the address `next start` listens on), referrer, language, User-Agent, and the client IP as the identity
 * policy allows. Not recorded, each counted in `stats().skippedRequests`: anything but `GET` (`HEAD`, server
 * action and form `POST`s), prefetches, server actions, Next's own `/_next/` paths, static files, the ignore
 * list. A client-side navigation is a page view: the App Router's RSC request (its `_rsc` key dropped) and the
 * Pages Router's `/_next/data/<build>/<page>.json` (recorded as `/<page>`).
 *
 * @example
 * ```ts
 * // proxy.ts (Next 16; middleware.ts before)
 * import {NextResponse, type NextFetchEvent, type NextRequest} from 'next/server';
 * import {getAnalytics} from 'umami-guard';
 * import {umamiMiddleware} from 'umami-guard/next';
 *
 * const trackPageView = umamiMiddleware({analytics: getAnalytics('web')});
 *
 * export function proxy(request: NextRequest, event: NextFetchEvent) {
 * 	trackPageView(request, event);
 * 	return NextResponse.next();
 * }
 * ```
 */
export function umamiMiddleware(options: UmamiMiddlewareOptions = {}): UmamiMiddleware {
	const {analytics, clientIp, flushOnWaitUntil = true, ...tracking} = options;
	const select = trackerSource<undefined>(analytics, {...tracking, ignoreMethods: []});
	const readIp = (request: Request): string | undefined =>
		clientIp ? clientIp(request) : forwardedIp(request.headers);

	return function umamiPageView(request, event) {
		try {
			const selected = select(undefined);
			if (selected === undefined || !selected.analytics.enabled) return;
			const {tracker} = selected;
			const path = pageViewPath(request.method, request.url, request.headers);
			if (path === undefined) {
				tracker.skipped();
				return;
			}
			if (!tracker.shouldTrack('GET', path)) return;
			tracker.pageView(path, headerReader(request), tracker.needsIp ? readIp(request) : undefined);
			const waitUntil = flushOnWaitUntil ? findWaitUntil(event) : undefined;
			waitUntil?.(selected.analytics.flush().then(noop, noop));
		} catch {
			// A hostile request object, a throwing `clientIp` or `waitUntil`: the request goes on untracked.
		}
	};
}

function noop(): void {}
