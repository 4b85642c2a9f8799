/**
 * Private glue shared by the Node adapters (Express, Koa, NestJS, `trackRoute`): structural types for
 * Node's request and response, the markers that let a global middleware and a per-route `trackRoute`
 * cooperate, and the one function that records a request when its response closes.
 */
import {isSkipped} from './skip.js';
import type {RequestTracker} from './request.js';

/** The part of `http.IncomingMessage` the adapters read. */
export interface NodeRequestLike {
	method?: string | undefined;
	url?: string | undefined;
	readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
	readonly socket?: {readonly remoteAddress?: string | undefined} | null | undefined;
}

/** The part of `http.ServerResponse` the adapters read. */
export interface NodeResponseLike {
	statusCode: number;
	readonly writableFinished: boolean;
	once(event: 'close', listener: () => void): unknown;
}

/** Set on a request by `trackRoute('name')`: the name of its route. */
export const ROUTE_NAME: unique symbol = Symbol.for('umami-guard.routeName') as never;
/** Set on a request by a global middleware that owns its tracking (tracked, ignored or sampled out). */
export const HANDLED: unique symbol = Symbol.for('umami-guard.handled') as never;
/** Set on a request whose handler threw, when the adapter learns of it. */
export const FAILED: unique symbol = Symbol.for('umami-guard.failed') as never;

/** The markers as properties of a request object. */
export interface Marks {
	[ROUTE_NAME]?: string;
	[HANDLED]?: boolean;
	[FAILED]?: boolean;
}

/** Views any request object as one that can carry the markers. */
export function marks(request: object): Marks {
	return request as Marks;
}

/** A header reader over Node's lower-cased header object. */
export function headerReader(
	headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): (name: string) => string | undefined {
	return (name) => {
		const value = headers[name];
		return typeof value === 'string' ? value : value?.[0];
	};
}

/** What an adapter computes once the response is over (the route is only known then). */
export type RouteOf = () => string | undefined;

/**
 * Records the request when its response closes: `finish` happened → complete, else aborted. Node ≥ 20
 * always emits `close` on a `ServerResponse`, after `finish` when the response completed, so streamed
 * responses are measured to their last byte.
 */
export function recordOnClose(
	tracker: RequestTracker,
	request: NodeRequestLike & object,
	response: NodeResponseLike,
	rawPath: string,
	method: string,
	routeOf: RouteOf,
	ip: string | undefined,
): void {
	const start = performance.now();
	response.once('close', function umamiRecordRequest() {
		if (isSkipped(request)) return;
		const mark = marks(request);
		tracker.track({
			method,
			path: rawPath,
			route: routeOf(),
			routeName: mark[ROUTE_NAME],
			status: response.statusCode,
			durationMs: performance.now() - start,
			error: mark[FAILED] === true || response.statusCode >= 500,
			aborted: !response.writableFinished,
			header: headerReader(request.headers),
			ip: ip ?? request.socket?.remoteAddress,
		});
	});
}

/** Joins a mount path and a route path: `/api` + `/users/:id` → `/api/users/:id`. */
export function joinPath(base: string, path: string): string {
	if (base === '' || base === '/') return path;
	if (path === '' || path === '/') return base;
	return base.endsWith('/')
		? base + path.replace(/^\/+/, '')
		: path.startsWith('/')
			? base + path
			: `${base}/${path}`;
}
