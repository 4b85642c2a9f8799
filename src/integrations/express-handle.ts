/**
 * Tracking from Express's own entry point instead of a middleware layer. `app(req, res)` calls `app.handle`
 * for every request (a mounted sub-app's too), and every layer of Express's router reads and writes the request
 * (`url`, `baseUrl`, `params`, …) after Express swapped its prototype, where each access misses V8's caches. A
 * function run first in `app.handle` sees the request before any of that — exactly what a first middleware
 * would see — at no layer's cost. Only an app with nothing registered yet is hooked this way: a middleware
 * registered before `initExpress` runs before its tracking, as its docs say, and must keep doing so.
 */
import type {AppLike} from './express-mounts.js';

/** An Express app as far as its entry point is wrapped here (Express 4 and 5). */
export interface HandledApp extends AppLike {
	handle?: unknown;
}

/** Express 4's router starts with these two layers of its own; Express 5's starts empty. */
const EXPRESS_4_OWN_LAYERS = new Set(['query', 'expressInit']);

/** Whether no route, middleware or sub-app is registered on `app` yet. */
function nothingRegistered(app: HandledApp): boolean {
	// Express 4's `app.router` is a getter that throws; its router is `_router`, created with the first layer.
	const express4 = typeof app.lazyrouter === 'function';
	const router = express4 ? app._router : app.router;
	if (router === undefined || router === null) return express4;
	const stack = (router as {stack?: unknown}).stack;
	if (!Array.isArray(stack)) return false;
	return express4
		? stack.every((layer: {name?: unknown} | null) => EXPRESS_4_OWN_LAYERS.has(String(layer?.name)))
		: stack.length === 0;
}

/**
 * Runs `begin(req, res)` first in every call of `app.handle`, when `app` has a `handle` and nothing registered
 * yet; false (nothing changed) otherwise, and the caller installs a middleware instead.
 */
export function beginInHandle(app: HandledApp, begin: (req: object, res: object) => void): boolean {
	const handle = app.handle;
	if (typeof handle !== 'function' || !nothingRegistered(app)) return false;
	const original = handle as (this: unknown, req: object, res: object, callback: unknown) => unknown;
	// Express calls it with (req, res, callback); the callback is undefined for the root app.
	(app as {handle: unknown}).handle = function umamiHandle(
		this: unknown,
		req: object,
		res: object,
		callback: unknown,
	): unknown {
		try {
			begin(req, res);
		} catch {
			// Never into the host app: outside Express's router no error handler would catch it, and the request
			// must be answered all the same (untracked).
		}
		return original.call(this, req, res, callback);
	};
	return true;
}
