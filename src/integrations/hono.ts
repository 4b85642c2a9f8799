/**
 * `umami-guard/hono`: Hono middleware. Loads no Hono code: the context is typed structurally, so the
 * middleware fits `app.use()` of Hono 4 on every runtime Hono runs on.
 */
import {NodeHonoRecord, nodeBinding, type NodeBinding} from './hono-node.js';
import {
	flushThrough,
	recordWebRequest,
	forwardedIp,
	measureResponse,
	pathOf,
	startWebRequest,
	trackerSource,
	type AnalyticsSource,
	type Tracked,
	type Ending,
	type WebTrackingOptions,
} from './web-shared.js';

export {skipTracking} from './web-shared.js';
export type {AnalyticsSource, WebTrackingOptions} from './web-shared.js';

/** One route Hono matched for a request (Hono's `RouterRoute`). */
export interface HonoRouteLike {
	readonly path: string;
	readonly method: string;
}

/** The part of Hono's `Context` the middleware uses. */
export interface HonoContextLike {
	readonly req: {
		readonly raw: Request;
		/** Index of the handler running now in `matchedRoutes`. */
		readonly routeIndex?: number;
		readonly matchedRoutes?: readonly HonoRouteLike[];
	};
	get res(): Response;
	set res(response: Response | undefined);
	/** The error a handler threw, once Hono's `onError` handled it. */
	readonly error: Error | undefined;
	/** Bindings (Cloudflare Workers' `env`). */
	readonly env: unknown;
	/** Throws outside Workers-like runtimes. */
	readonly executionCtx: {waitUntil(promise: Promise<unknown>): void};
}

/** The middleware {@link umamiHono} returns (a Hono `MiddlewareHandler`). */
export type UmamiHonoMiddleware = (c: HonoContextLike, next: () => Promise<void>) => Promise<void>;

/** Options of {@link umamiHono}. */
export interface UmamiHonoOptions extends WebTrackingOptions {
	/**
	 * Flush through `c.executionCtx.waitUntil` (see {@link WebTrackingOptions.flushOnWaitUntil}).
	 * @default true on Workers and edge runtimes; false on Node, Bun and Deno, which have no execution context
	 */
	flushOnWaitUntil?: boolean;
	/**
	 * The client IP for a request (used only as the identity policy allows). By default: `CF-Connecting-IP`,
	 * `True-Client-IP`, `X-Real-IP` or the first `X-Forwarded-For` entry.
	 */
	clientIp?: (c: HonoContextLike) => string | undefined;
}

/** Wildcard-only paths are where middleware is mounted, never a template worth reporting. */
const MOUNT_PATHS = new Set(['*', '/*']);

/** The template of the route that answered, when one did (not the mount path of a middleware). */
function templateOf(c: HonoContextLike, ownIndex: number | undefined): string | undefined {
	const request = c.req;
	const index = request.routeIndex;
	if (index === undefined || index === ownIndex) return undefined;
	const path = request.matchedRoutes?.[index]?.path;
	return path === undefined || MOUNT_PATHS.has(path) ? undefined : path;
}

/** Node, Bun or Deno serving requests itself (not workerd with `nodejs_compat`, which also has `process`). */
function longRunningServer(): boolean {
	const global = globalThis as {
		process?: {versions?: {node?: unknown}};
		navigator?: {userAgent?: unknown};
	};
	return (
		typeof global.process?.versions?.node === 'string' && global.navigator?.userAgent !== 'Cloudflare-Workers'
	);
}

function executionWaitUntil(c: HonoContextLike): ((promise: Promise<unknown>) => void) | undefined {
	let context: {waitUntil?: unknown} | undefined;
	try {
		context = c.executionCtx;
	} catch {
		// Hono throws "This context has no ExecutionContext" outside Workers-like runtimes.
		return undefined;
	}
	if (typeof context?.waitUntil !== 'function') return undefined;
	const target = context as {waitUntil(promise: Promise<unknown>): void};
	return (promise) => {
		target.waitUntil(promise);
	};
}

/**
 * Hono middleware that turns every request into one sanitized Umami event: the route template
 * (`/users/:id`, from the route that answered) or else the sanitized path, method, status (as Hono's
 * `onError`/`notFound` answered it), duration to the end of the response body, an error flag when a
 * handler threw or the status is ≥ 500, and an aborted flag when the client left mid-stream. On Workers the flush is handed to
 * `c.executionCtx.waitUntil` (see `flushOnWaitUntil`). Nothing here waits for the network.
 *
 * @param analytics The instance, or a function of the context that returns one (Workers: from `c.env`).
 * Default: the default instance, looked up on the first request.
 *
 * @example
 * ```ts
 * import {Hono} from 'hono';
 * import {getAnalytics} from 'umami-guard';
 * import {umamiHono} from 'umami-guard/hono';
 *
 * const app = new Hono();
 * app.use(umamiHono(getAnalytics('api'), {queryAllowlist: ['utm_*', 'ref', 'page']}));
 * app.get('/users/:id', (c) => c.json({id: c.req.param('id')})); // stored as /users/:id
 *
 * // Cloudflare Workers: configuration from the bindings
 * app.use(umamiHono((c) => getAnalytics('api', {env: c.env as Record<string, string>})));
 * ```
 */
export function umamiHono(
	analytics?: AnalyticsSource<HonoContextLike>,
	options: UmamiHonoOptions = {},
): UmamiHonoMiddleware {
	const {clientIp, measureBody = true, flushOnWaitUntil, ...tracking} = options;
	const select = trackerSource(analytics, tracking);
	// Reading `c.executionCtx` throws where there is none (a throw and catch per request): on long-running servers,
	// which never have one, it is only read when asked for explicitly.
	const probeWaitUntil = flushOnWaitUntil ?? !longRunningServer();

	const readIp = (request: Request, c: HonoContextLike): string | undefined =>
		clientIp ? clientIp(c) : forwardedIp(request.headers);
	const settings: TrackSettings = {measureBody, clientIp, readIp, probeWaitUntil};

	// Not an async function: it returns the promise of the path it takes, so a request pays for one promise
	// (an async function returning another's promise waits two more microtask turns to adopt it).
	return function umamiMiddleware(c, next) {
		const selected = select(c);
		if (selected === undefined) return next();
		const node = nodeBinding(c.env);
		return node === undefined
			? trackOnWeb(c, next, selected, settings)
			: trackOnNode(c, next, selected, node, settings);
	};
}

/** What the tracking paths need of the middleware's options. */
interface TrackSettings {
	readonly measureBody: boolean;
	readonly clientIp: ((c: HonoContextLike) => string | undefined) | undefined;
	/** The client IP of a request on a web runtime: `clientIp`, else the forwarded header. */
	readonly readIp: (request: Request, c: HonoContextLike) => string | undefined;
	readonly probeWaitUntil: boolean;
}

/**
 * A request on a web runtime (Workers, Deno, Bun, Next's edge): read from the web `Request`, measured to the
 * end of the response body through a pass-through stream (`measureBody`).
 */
async function trackOnWeb(
	c: HonoContextLike,
	next: () => Promise<void>,
	selected: Tracked,
	settings: TrackSettings,
): Promise<void> {
	const started = startWebRequest(selected, c.req.raw, settings.readIp, c);
	if (started === undefined) return next();
	const ownIndex = c.req.routeIndex;
	const flushed = settings.probeWaitUntil
		? flushThrough(executionWaitUntil(c), selected.analytics)
		: undefined;

	const record = (status: number, ending: Ending, threw: boolean, route: string | undefined): void => {
		try {
			recordWebRequest(started, status, ending, threw, {route});
		} finally {
			flushed?.();
		}
	};

	try {
		await next();
	} catch (error) {
		// Only what Hono's onError does not handle (non-Error throws) arrives here.
		record(500, 'done', true, templateOf(c, ownIndex));
		throw error;
	}
	const route = templateOf(c, ownIndex);
	const response = c.res;
	const threw = c.error !== undefined;
	const measured = measureResponse(response, settings.measureBody, (ending) => {
		record(response.status, ending, threw, route);
	});
	if (measured !== response) {
		// Clear first: Hono's setter would otherwise copy every header of the old response onto the new one.
		c.res = undefined;
		c.res = measured;
	}
}

/**
 * A request on `@hono/node-server`: the request line and headers come from the Node request, and the record
 * is completed when the Node response closes (`measureBody`), without touching the response.
 */
async function trackOnNode(
	c: HonoContextLike,
	next: () => Promise<void>,
	selected: Tracked,
	node: NodeBinding,
	settings: TrackSettings,
): Promise<void> {
	const {incoming} = node;
	const method = incoming.method ?? 'GET';
	const path = pathOf(incoming.url ?? '/');
	const tracker = selected.tracker;
	if (!tracker.shouldTrack(method, path)) return next();
	const flushed = settings.probeWaitUntil
		? flushThrough(executionWaitUntil(c), selected.analytics)
		: undefined;
	const clientIp = settings.clientIp;
	const readIp = clientIp === undefined ? undefined : () => clientIp(c);
	// `c.req` is a getter (Hono builds its request object on first read): read once.
	const honoRequest = c.req;
	const record = new NodeHonoRecord(tracker, honoRequest.raw, incoming, method, path, readIp, flushed);
	const ownIndex = honoRequest.routeIndex;
	try {
		await next();
	} catch (error) {
		// Only what Hono's onError does not handle (non-Error throws) arrives here.
		record.settle(undefined, 500, true, templateOf(c, ownIndex));
		throw error;
	}
	const outgoing = settings.measureBody ? node.outgoing : undefined;
	record.settle(outgoing, c.res.status, c.error !== undefined, templateOf(c, ownIndex));
}
