/**
 * The per-request opt-out shared by every integration: `skipTracking(req)` in a handler or middleware and the
 * request is not tracked, whatever its route. The request object (and the Node request behind a Fastify request
 * or a Koa context) joins a module-level weak set, read when the request is recorded: nothing is stored on the
 * request itself, whose every added property costs a new hidden class inside Express 5, and whose every
 * missing one a walk up its prototype chain. The set is shared by every copy of the library in the process.
 */
import {processShared} from '../process-shared.js';

/** Kept under a global registered symbol, so that the ESM and CommonJS copies of the library share it. */
const skipped: WeakSet<object> = processShared(Symbol.for('umami-guard.skipped'), () => new WeakSet());

/**
 * Opts one request out of tracking. Accepts what the framework hands you: an Express/Node request, a Fastify
 * request, a Koa context, or a web `Request` (Hono's `c.req.raw`, a fetch handler's request).
 *
 * @example
 * ```ts
 * app.get('/internal/report', (req, res) => {
 * 	skipTracking(req);
 * 	res.send('ok');
 * });
 * ```
 */
export function skipTracking(request: object): void {
	skipped.add(request);
	const {raw, req} = request as {raw?: unknown; req?: unknown};
	for (const inner of [raw, req]) {
		if (typeof inner === 'object' && inner !== null) skipped.add(inner);
	}
}

/** Whether {@link skipTracking} was called for this request (or the Node request behind it). */
export function isSkipped(request: object): boolean {
	return skipped.has(request);
}
