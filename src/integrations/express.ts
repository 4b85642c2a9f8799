/**
 * Express 4 and 5: a middleware that tracks every request once its response is over, with the route
 * template Express matched (`/users/:id`, mount patterns included: `/people/:name/products/:id`). Typed structurally: no Express code is
 * loaded, so this module imports even where Express is not installed.
 */
export {skipTracking} from './skip.js';
import type {EventCatalog, UmamiAnalytics} from '../client/analytics.js';
import {defaultAnalytics} from '../client/registry.js';
import {
	isOwned,
	joinPath,
	ownUntracked,
	recordOnClose,
	type NodeRequestLike,
	type NodeResponseLike,
} from './node-http.js';
import {createRequestTracker, type RouteTrackingOptions} from './request.js';
import {beginInHandle, type HandledApp} from './express-handle.js';
import {readKeyed} from './inherited.js';
import {mountTemplate, unroutedMountTemplate, type AppLike} from './express-mounts.js';
import {Memo} from './memo.js';
import {regexpTemplate} from './regexp-route.js';
import {boundParams, paramNames, pickRouteTemplate} from './route-template.js';

/** Options of {@link umamiExpress} (see `RouteTrackingOptions` for every default). */
export type ExpressTrackingOptions = RouteTrackingOptions;

/** The part of an Express request the middleware reads (Express 4 and 5 alike). */
export interface ExpressRequestLike extends NodeRequestLike {
	originalUrl?: string | undefined;
	baseUrl?: string | undefined;
	/** The matched route; its `path` is the template (`/users/:id`), relative to the mount paths. */
	route?: {readonly path?: unknown} | undefined;
	/** The app the request is in (the innermost sub-app while it answers), for the mount patterns. */
	app?: AppLike | undefined;
	/** The parameters of the layer the router is in (Express sets them per layer; none once it is left). */
	params?: unknown;
	/** The client IP after Express's `trust proxy` setting. */
	ip?: string | undefined;
}

/** An Express-compatible middleware (also fits Connect and `node:http` servers). */
export type ExpressMiddleware = (
	req: ExpressRequestLike,
	res: NodeResponseLike,
	next: (error?: unknown) => void,
) => void;

/** The part of an Express application `initExpress` uses. */
export interface ExpressAppLike {
	use(middleware: ExpressMiddleware): unknown;
}

/**
 * Reads the template of the route that answered when the response closes, mount PATTERNS included:
 * `req.baseUrl` is the text the mount paths matched (`/people/John-Smith`), so under a mounted router or app the
 * patterns are looked up in the app's router tree (`express-mounts.ts`); a route answered with an empty
 * `baseUrl` never gets there. An array route keeps the whole array in `route.path`: the entry that matches the
 * request path is picked. A RegExp route gives the literal start of its source (`regexp-route.ts`). Express
 * leaves `req.route` on the last route entered, also one that passed the request on with `next()` (NestJS
 * registers its middleware for a method as `/v1/{*path}`): when a later layer answered instead — a 404 handler,
 * or Express's own — the request matched no route (`routeAnswered`) and is stored as one (`unroutedTemplate`).
 */
function createExpressRoute(): (source: object) => string | undefined {
	const names = new Memo(paramNames);
	return function expressRoute(source) {
		const req = source as ExpressRequestLike;
		const route = readKeyed(req, 'route') as ExpressRequestLike['route'];
		if (route === undefined) return unroutedTemplate(req);
		const path = route.path;
		const base = (readKeyed(req, 'baseUrl') as ExpressRequestLike['baseUrl']) ?? '';
		const template =
			typeof path === 'string'
				? path
				: path instanceof RegExp
					? regexpTemplate(path)
					: Array.isArray(path)
						? pickRouteTemplate(path, relativePath(req, base))
						: undefined;
		if (template === undefined) return undefined;
		if (!routeAnswered(req, template, base, names)) return unroutedTemplate(req);
		return joinPath(base === '' ? '' : mountPatterns(req, route, base), template);
	};
}

/** The mount patterns of `base`; where none can be found, each of its segments as `:param`. */
function mountPatterns(req: ExpressRequestLike, route: object, base: string): string {
	let found: string | undefined;
	try {
		const app = req.app;
		if (app !== undefined) found = mountTemplate(app, route, base);
	} catch {
		// An app's getter that throws must not reach the host app; the safe form below is stored instead.
	}
	if (found !== undefined) return found;
	let placeholders = '';
	for (const segment of base.split('/')) if (segment !== '') placeholders += '/:param';
	return placeholders;
}

/**
 * No route answered (a 404, or a middleware answered): the raw path is stored, unless it went into routers
 * mounted on a pattern with parameters — then the mount patterns and `/*` for the rest
 * (`/people/John-Smith/nope` → `/people/:name/*`).
 */
function unroutedTemplate(req: ExpressRequestLike): string | undefined {
	const url = req.originalUrl ?? req.url ?? '/';
	const query = url.indexOf('?');
	const path = query === -1 ? url : url.slice(0, query);
	try {
		const app = req.app;
		const mount = app === undefined ? undefined : unroutedMountTemplate(app, path);
		return mount === undefined ? undefined : joinPath(mount, '/*');
	} catch {
		// As above: never into the host app; the sanitized path is stored, as for any 404.
		return undefined;
	}
}

/** The request's path below the router's mount path `base`. */
function relativePath(req: ExpressRequestLike, base: string): string {
	const url = req.originalUrl ?? req.url ?? '/';
	return url.slice(0, base.length).toLowerCase() === base.toLowerCase() ? url.slice(base.length) : url;
}

/**
 * Whether the route `template` still holds the request's `params`: the router gives every layer it enters its
 * own `params` (none once it is left), and a route's hold every parameter the path binds. So a route that
 * passed the request on no longer does — unless it has no parameter, which nothing then tells apart (its
 * template is its path).
 */
function routeAnswered(
	req: ExpressRequestLike,
	template: string,
	base: string,
	names: Memo<readonly string[]>,
): boolean {
	const params = readKeyed(req, 'params');
	if (typeof params !== 'object' || params === null) return false;
	const has = (name: string): boolean => Object.hasOwn(params, name);
	if (names.get(template).every(has)) return true;
	// Some are missing: a later layer's params, unless those are optional parts this path does not have (a path
	// the template does not match is another layer's, below another mount path).
	return boundParams(template, relativePath(req, base))?.every(has) ?? false;
}

/** Owns a request and, unless it is ignored, records it when its response closes. */
type Begin = (req: ExpressRequestLike, res: NodeResponseLike) => void;

/**
 * What {@link umamiExpress} does first for each request (also run from `app.handle` by `initExpress`), for
 * a request whose prototypes Express swapped already (`true`: in a middleware) or swaps next (`'later'`: in
 * `app.handle`, where the request and response still share their hidden classes with every other request).
 */
function createBegin(
	analytics: UmamiAnalytics<EventCatalog>,
	options: ExpressTrackingOptions,
): {
	beginFor: (swappedPrototypes: true | 'later') => Begin;
	needsIp: boolean;
} {
	const tracker = createRequestTracker(analytics as UmamiAnalytics, options);
	const expressRoute = createExpressRoute();
	const beginFor =
		(swappedPrototypes: true | 'later'): Begin =>
		(req, res) => {
			if (isOwned(req)) return;
			const rawPath = req.originalUrl ?? req.url ?? '/';
			const method = req.method ?? 'GET';
			if (tracker.shouldTrack(method, rawPath)) {
				recordOnClose(tracker, {
					request: req,
					response: res,
					rawPath,
					method,
					routeOf: expressRoute,
					ip: tracker.needsIp ? req.ip : undefined,
					swappedPrototypes,
				});
			} else {
				ownUntracked(req);
			}
		};
	return {beginFor, needsIp: tracker.needsIp};
}

/**
 * Creates the Express middleware. Every request (except ignored ones) becomes one event when its response
 * closes: the route template, method, status, duration; status ≥ 500 sets the error flag (Express hands
 * thrown errors to the app's error handlers untouched, and they decide the status). Nothing here awaits
 * the network.
 *
 * @param analytics - the instance to send with. @default defaultAnalytics()
 * @example
 * ```ts
 * import express from 'express';
 * import {getAnalytics} from 'umami-guard';
 * import {umamiExpress} from 'umami-guard/express';
 *
 * const app = express();
 * app.use(umamiExpress(getAnalytics('my_app'), {ignorePaths: ['/internal/*']}));
 * ```
 */
export function umamiExpress(
	analytics: UmamiAnalytics<EventCatalog> = defaultAnalytics(),
	options: ExpressTrackingOptions = {},
): ExpressMiddleware {
	return middlewareOf(createBegin(analytics, options).beginFor(true));
}

/** The middleware that runs `begin`, then the next layer. */
function middlewareOf(begin: Begin): ExpressMiddleware {
	return function umamiExpressMiddleware(req, res, next) {
		begin(req, res);
		next();
	};
}

/**
 * Tracks every request of `app` as {@link umamiExpress} does — call it before your routes so that it sees
 * every request. On an app with nothing registered yet it runs first in Express's `app.handle` instead of as a
 * middleware layer (`express-handle.ts`): the same requests, seen at the same point, without a layer's cost.
 * Elsewhere (something registered already, or the identity policy reads `req.ip`, which Express only answers
 * inside its router) it is `app.use(umamiExpress(analytics, options))`.
 *
 * @example
 * ```ts
 * const app = express();
 * initExpress(app, getAnalytics('my_app'));
 * app.get('/users/:id', handler);
 * ```
 */
export function initExpress(
	app: ExpressAppLike,
	analytics: UmamiAnalytics<EventCatalog> = defaultAnalytics(),
	options: ExpressTrackingOptions = {},
): void {
	const {beginFor, needsIp} = createBegin(analytics, options);
	if (!needsIp && beginInHandle(app as HandledApp, beginFor('later') as (req: object, res: object) => void))
		return;
	app.use(middlewareOf(beginFor(true)));
}
