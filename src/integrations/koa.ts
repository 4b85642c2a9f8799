/**
 * Koa 3: a middleware that tracks every request once its response is over, with the route template of
 * `@koa/router` (`ctx._matchedRoute`). Typed structurally: no Koa code is loaded.
 */
export {skipTracking} from './skip.js';
import type {EventCatalog, UmamiAnalytics} from '../client/analytics.js';
import {defaultAnalytics} from '../client/registry.js';
import {
	isOwned,
	markFailed,
	ownUntracked,
	recordOnClose,
	type NodeRequestLike,
	type NodeResponseLike,
} from './node-http.js';
import {createRequestTracker, type RouteTrackingOptions} from './request.js';

/** Options of {@link umamiKoa} (see `RouteTrackingOptions` for every default). */
export type KoaTrackingOptions = RouteTrackingOptions;

/** The part of a Koa context the middleware reads. */
export interface KoaContextLike {
	readonly method: string;
	readonly originalUrl: string;
	/** The client IP after Koa's `proxy` setting. */
	readonly ip: string;
	readonly req: NodeRequestLike & object;
	readonly res: NodeResponseLike;
	/** Set by `@koa/router` to the matched layer's path (`/users/:id`). */
	readonly _matchedRoute?: unknown;
}

/** A Koa-compatible middleware. */
export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<unknown>;

/**
 * Creates the Koa middleware. Use it first, so that it sees every request and every error: a thrown
 * error sets the error flag and is re-thrown untouched; Koa's error handling then decides the status,
 * which is recorded when the response closes.
 *
 * @param analytics - the instance to send with. @default defaultAnalytics()
 * @example
 * ```ts
 * import Koa from 'koa';
 * import {getAnalytics} from 'umami-guard';
 * import {umamiKoa} from 'umami-guard/koa';
 *
 * const app = new Koa();
 * app.use(umamiKoa(getAnalytics('my_app')));
 * app.use(router.routes());
 * ```
 */
export function umamiKoa(
	analytics: UmamiAnalytics<EventCatalog> = defaultAnalytics(),
	options: KoaTrackingOptions = {},
): KoaMiddleware {
	const tracker = createRequestTracker(analytics as UmamiAnalytics, options);
	// Not an async function: the request's promise is `next()`'s, with a rejection handler only where the
	// request is tracked (an async function adds its own promise and a suspension per request).
	return function umamiKoaMiddleware(ctx, next) {
		const req = ctx.req;
		if (isOwned(req)) return next();
		const rawPath = ctx.originalUrl;
		// `ctx.method` is a getter chain in Koa (ctx → request → req) that ends here.
		const method = req.method ?? ctx.method;
		if (!tracker.shouldTrack(method, rawPath)) {
			ownUntracked(req);
			return next();
		}
		recordOnClose(tracker, {
			request: req,
			response: ctx.res,
			rawPath,
			method,
			routeOf: koaRoute,
			ip: tracker.needsIp ? ctx.ip : undefined,
			routeSource: ctx,
		});
		let downstream: Promise<unknown>;
		try {
			downstream = next();
		} catch (error) {
			markFailed(req);
			throw error;
		}
		return downstream.then(undefined, (error: unknown) => {
			markFailed(req);
			throw error;
		});
	};
}

/** The route template `@koa/router` matched (read when the response closes). */
function koaRoute(ctx: object): string | undefined {
	const route = (ctx as KoaContextLike)._matchedRoute;
	return typeof route === 'string' ? route : undefined;
}
