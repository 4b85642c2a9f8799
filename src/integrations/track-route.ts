/**
 * `trackRoute('api.generate')`: names one route, or tracks it on its own. One function, four forms,
 * told apart by their arguments: per-route Express/Connect middleware, a wrapper around a Node or web
 * (`Request → Response`) handler, and a method decorator in both the TC39 and the legacy (NestJS) form.
 */
import type {UmamiAnalytics} from '../client/analytics.js';
import {defaultAnalytics} from '../client/registry.js';
import {
	markFailed,
	nameRoute,
	ownUntracked,
	recordOnClose,
	type NodeRequestLike,
	type NodeResponseLike,
} from './node-http.js';
import {createRequestTracker, splitPath, type RequestTracker, type RouteTrackingOptions} from './request.js';
import {flushThrough} from './web-shared.js';

/** Options of {@link trackRoute}. */
export interface TrackRouteOptions extends RouteTrackingOptions {
	/** The instance to send with when no global middleware tracks the request. @default defaultAnalytics() */
	analytics?: UmamiAnalytics;
	/**
	 * The route template stored instead of the path when `trackRoute` tracks a request on its own (a Next.js
	 * Pages Router API route knows no template: `'/api/users/[id]'`). Without it the sanitized path is stored,
	 * ids and all.
	 */
	route?: string;
	/**
	 * A platform `waitUntil` (`waitUntil` of `@vercel/functions`) for requests `trackRoute` tracks on its own:
	 * called when the request arrives with a promise that settles once the request is recorded and flushed,
	 * so a serverless function is kept alive for the flush.
	 */
	waitUntil?: (promise: Promise<unknown>) => void;
}

/** A web-standard request, structurally (the part read here). */
interface WebRequestLike {
	readonly method: string;
	readonly url: string;
	readonly headers: {get(name: string): string | null};
}

/** The request as an Express route handler sees it, structurally. */
type RouteRequestLike = NodeRequestLike & {originalUrl?: string | undefined; ip?: string | undefined};

/** What `trackRoute(name)` returns; its form is chosen by how it is called. */
export interface RouteTracker {
	/** Per-route middleware: `app.get('/api/generate', trackRoute('api.generate'), handler)`. */
	(req: RouteRequestLike, res: NodeResponseLike, next: (error?: unknown) => void): void;
	/** TC39 (standard) method decorator. */
	<This, Args extends unknown[], Return>(
		method: (this: This, ...args: Args) => Return,
		context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
	): (this: This, ...args: Args) => Return;
	/** Legacy (`experimentalDecorators`) method decorator, the form NestJS uses. */
	(target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor;
	/** Wraps a handler: Node `(req, res)`, web `(request) => Response`, or any function. */
	<Handler extends (...args: never[]) => unknown>(handler: Handler): Handler;
}

function isWebRequest(value: unknown): value is WebRequestLike {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as Partial<WebRequestLike>).url === 'string' &&
		typeof (value as Partial<WebRequestLike>).headers?.get === 'function'
	);
}

function isNodeResponse(value: unknown): value is NodeResponseLike {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as Partial<NodeResponseLike>).once === 'function' &&
		typeof (value as Partial<NodeResponseLike>).statusCode === 'number'
	);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
	return (
		(typeof value === 'object' || typeof value === 'function') &&
		value !== null &&
		typeof (value as PromiseLike<unknown>).then === 'function'
	);
}

/** Copies `reflect-metadata` entries (e.g. NestJS route metadata) from a method to its wrapper. */
function copyMetadata(from: object, to: object): void {
	const reflect = Reflect as unknown as {
		getOwnMetadataKeys?: (target: object) => unknown[];
		getOwnMetadata?: (key: unknown, target: object) => unknown;
		defineMetadata?: (key: unknown, value: unknown, target: object) => void;
	};
	if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return;
	for (const key of reflect.getOwnMetadataKeys(from)) {
		reflect.defineMetadata(key, reflect.getOwnMetadata(key, from), to);
	}
}

/**
 * Creates a route tracker named `name`. In every form, the request (or call) becomes a custom event
 * named `name`, with method, status, duration and the error flag; errors are re-thrown untouched and
 * nothing awaits the network.
 *
 * - **Per-route middleware**: names the route for the global middleware (`umamiExpress`) when it runs,
 *   else tracks the request itself.
 * - **Handler wrapper**: `(req, res)` handlers as above; web `(request) => Response` handlers are timed
 *   until the `Response` is returned; other functions are timed like decorated methods.
 * - **Method decorator** (TC39 or legacy): times each call, sync or async, and tracks
 *   `{duration_ms, error?}` under `name`.
 *
 * @example
 * ```ts
 * app.get('/api/generate', trackRoute('api.generate'), handler);
 * export const POST = trackRoute('api.upload')(async (request: Request) => Response.json({ok: true}));
 * class Jobs {
 * 	@trackRoute('jobs.run')
 * 	async run() {}
 * }
 * ```
 */
export function trackRoute(name: string, options: TrackRouteOptions = {}): RouteTracker {
	let tracker: RequestTracker | undefined;
	let analytics: UmamiAnalytics | undefined;
	// Resolved on first use: decorators run at import time, before the app configures its instances.
	const instance = (): UmamiAnalytics => (analytics ??= options.analytics ?? defaultAnalytics());
	const requests = (): RequestTracker => (tracker ??= createRequestTracker(instance(), options));

	function trackCall(start: number, error: boolean): void {
		try {
			const data: Record<string, unknown> = {
				duration_ms: Math.round((performance.now() - start) * 100) / 100,
			};
			if (error) data['error'] = true;
			instance().trackEvent(name, data);
		} catch {
			// Tracking never reaches the caller.
		}
	}

	/** Times one call; a returned promise is observed on a side branch and returned as is. */
	function timeCall<Return>(call: () => Return): Return {
		const start = performance.now();
		let result: Return;
		try {
			result = call();
		} catch (error) {
			trackCall(start, true);
			throw error;
		}
		if (isPromiseLike(result)) {
			result.then(
				() => trackCall(start, false),
				() => trackCall(start, true),
			);
		} else {
			trackCall(start, false);
		}
		return result;
	}

	/** Names a Node request, and tracks it when no global middleware does. */
	function nodeRequest(req: RouteRequestLike, res: NodeResponseLike): void {
		if (nameRoute(req, name)) return;
		try {
			const rawPath = req.originalUrl ?? req.url ?? '/';
			const method = req.method ?? 'GET';
			const requestTracker = requests();
			if (requestTracker.shouldTrack(method, rawPath)) {
				recordOnClose(requestTracker, {
					request: req,
					response: res,
					rawPath,
					method,
					routeOf: () => options.route,
					ip: requestTracker.needsIp ? req.ip : undefined,
					routeName: name,
				});
				// Registered after the record's own listener, so it runs once the request is tracked.
				const flushed = flushThrough(options.waitUntil, instance());
				if (flushed) res.once('close', flushed);
			} else {
				ownUntracked(req);
			}
		} catch {
			// A bad configuration never breaks the request.
		}
	}

	function webRequest(request: WebRequestLike, start: number, status: number, error: boolean): void {
		try {
			const url = request.url;
			const pathStart = url.indexOf('/', url.indexOf('//') + 2);
			const rawPath = pathStart === -1 ? '/' : url.slice(pathStart);
			const requestTracker = requests();
			if (!requestTracker.shouldTrack(request.method, splitPath(rawPath).path)) return;
			requestTracker.track({
				method: request.method,
				path: rawPath,
				route: options.route,
				routeName: name,
				status,
				durationMs: performance.now() - start,
				error,
				header: (header) => request.headers.get(header) ?? undefined,
			});
			flushThrough(options.waitUntil, instance())?.();
		} catch {
			// Tracking never reaches the caller.
		}
	}

	function wrap<Handler extends (...args: never[]) => unknown>(handler: Handler): Handler {
		const wrapped = function trackedHandler(this: unknown, ...args: never[]): unknown {
			const [first, second] = args as unknown[];
			if (isNodeResponse(second) && typeof first === 'object' && first !== null) {
				nodeRequest(first as RouteRequestLike, second);
				try {
					const result = handler.apply(this, args);
					if (isPromiseLike(result)) {
						result.then(undefined, () => markFailed(first));
					}
					return result;
				} catch (error) {
					markFailed(first);
					throw error;
				}
			}
			if (isWebRequest(first)) {
				const start = performance.now();
				let result: unknown;
				try {
					result = handler.apply(this, args);
				} catch (error) {
					webRequest(first, start, 500, true);
					throw error;
				}
				const settle = (response: unknown): void => {
					const status = (response as {status?: unknown} | null)?.status;
					webRequest(first, start, typeof status === 'number' ? status : 200, false);
				};
				if (isPromiseLike(result)) result.then(settle, () => webRequest(first, start, 500, true));
				else settle(result);
				return result;
			}
			return timeCall(() => handler.apply(this, args));
		};
		copyMetadata(handler, wrapped);
		return wrapped as unknown as Handler;
	}

	return function routeTracker(...args: unknown[]): unknown {
		const [first, second, third] = args;
		if (args.length >= 3 && typeof third === 'function' && isNodeResponse(second)) {
			nodeRequest(first as RouteRequestLike, second);
			(third as () => void)();
			return undefined;
		}
		if (args.length === 3 && typeof third === 'object' && third !== null) {
			const descriptor = third as PropertyDescriptor;
			if (typeof descriptor.value === 'function') descriptor.value = wrap(descriptor.value as () => unknown);
			return descriptor;
		}
		if (typeof first !== 'function') throw new TypeError(`trackRoute('${name}'): nothing to track here`);
		const context = second as {kind?: unknown} | undefined;
		if (context !== undefined && context.kind !== 'method') {
			throw new TypeError(`trackRoute('${name}') decorates methods only, not a ${String(context.kind)}`);
		}
		return wrap(first as () => unknown);
	} as RouteTracker;
}
