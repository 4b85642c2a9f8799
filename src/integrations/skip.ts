/**
 * The per-request opt-out shared by every integration: `skipTracking(req)` in a handler or middleware and the
 * request is not tracked, whatever its route. A marker symbol on the request object (and on the Node request
 * behind a Fastify request or a Koa context), read when the request is recorded.
 */

/** Set on a request that must not be tracked. */
export const SKIP: unique symbol = Symbol.for('umami-guard.skip') as never;

type Markable = {[SKIP]?: boolean};

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
	const record = request as Markable & {raw?: unknown; req?: unknown};
	record[SKIP] = true;
	for (const inner of [record.raw, record.req]) {
		if (typeof inner === 'object' && inner !== null) (inner as Markable)[SKIP] = true;
	}
}

/** Whether {@link skipTracking} was called for this request (or the Node request behind it). */
export function isSkipped(request: object): boolean {
	return (request as Markable)[SKIP] === true;
}
