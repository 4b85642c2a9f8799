/**
 * Private glue shared by the Node adapters (Express, Koa, NestJS, `trackRoute`): structural types for
 * Node's request and response, the markers that let a global middleware and a per-route `trackRoute`
 * cooperate, and the one function that records a request when its response closes.
 */
import {isSkipped} from './skip.js';
import type {RequestRecord, RequestTracker} from './request.js';

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
	on(event: 'close', listener: () => void): unknown;
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

/**
 * What an adapter computes once the response is over (the route is only known then), from the object it
 * passed to {@link recordOnClose} as `routeSource` (a module-level function, so no closure per request).
 */
export type RouteOf = (source: object) => string | undefined;

/** Reads one header of Node's lower-cased header object (the first value of a repeated one). */
function readHeader(
	headers: Readonly<Record<string, string | readonly string[] | undefined>>,
	name: string,
): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : value?.[0];
}

const PENDING: unique symbol = Symbol('umami-guard.pending');
type WithPending = NodeResponseLike & {[PENDING]?: NodeRecord | undefined};

/**
 * One tracked Node request: created when it starts, completed and handed to the tracker when its response
 * closes; the request's only allocations in the adapter are this record and its header reader.
 */
class NodeRecord implements RequestRecord {
	route: string | undefined = undefined;
	routeName: string | undefined = undefined;
	status = 0;
	durationMs = 0;
	error = false;
	aborted = false;
	// Private, so that `extraData` sees the fields of a RequestRecord and nothing else.
	readonly #tracker: RequestTracker;
	readonly #request: NodeRequestLike & object;
	readonly #routeOf: RouteOf;
	readonly #routeSource: object;
	readonly #start = performance.now();
	/** A property, not a method: it may be passed on detached (`extraData`, the location reader). */
	readonly header = (name: string): string | undefined => readHeader(this.#request.headers, name);

	constructor(
		tracker: RequestTracker,
		request: NodeRequestLike & object,
		readonly path: string,
		readonly method: string,
		routeOf: RouteOf,
		routeSource: object,
		readonly ip: string | undefined,
	) {
		this.#tracker = tracker;
		this.#request = request;
		this.#routeOf = routeOf;
		this.#routeSource = routeSource;
	}

	/** Completes the record from the closed response and tracks it. */
	finish(response: NodeResponseLike): void {
		const request = this.#request;
		if (isSkipped(request)) return;
		const mark = marks(request);
		const status = response.statusCode;
		this.route = this.#routeOf(this.#routeSource);
		this.routeName = mark[ROUTE_NAME];
		this.status = status;
		this.durationMs = performance.now() - this.#start;
		this.error = mark[FAILED] === true || status >= 500;
		this.aborted = !response.writableFinished;
		this.#tracker.track(this);
	}
}

/** The one `close` listener of every tracked response (`this` is the response). */
function umamiRecordRequest(this: WithPending): void {
	const record = this[PENDING];
	if (record === undefined) return;
	this[PENDING] = undefined;
	record.finish(this);
}

/** What {@link recordOnClose} records: the request, its response, and how to read its route. */
export interface CloseRecording {
	readonly request: NodeRequestLike & object;
	readonly response: NodeResponseLike;
	/** The path as requested, query included. */
	readonly rawPath: string;
	readonly method: string;
	/** Reads the route template from `routeSource` when the response closes. */
	readonly routeOf: RouteOf;
	/** The client IP the framework resolved (its proxy settings applied); else the socket's address. */
	readonly ip: string | undefined;
	/** What `routeOf` reads. @default request */
	readonly routeSource?: object | undefined;
}

/**
 * Records the request when its response closes: `finish` happened → complete, else aborted. Node ≥ 20
 * always emits `close` on a `ServerResponse`, after `finish` when the response completed, so streamed
 * responses are measured to their last byte. `routeOf(routeSource)` gives the route template then.
 */
export function recordOnClose(tracker: RequestTracker, recording: CloseRecording): void {
	const {request, response, ip} = recording;
	const pending = response as WithPending;
	pending[PENDING] = new NodeRecord(
		tracker,
		request,
		recording.rawPath,
		recording.method,
		recording.routeOf,
		recording.routeSource ?? request,
		tracker.needsIp ? (ip ?? request.socket?.remoteAddress) : undefined,
	);
	response.on('close', umamiRecordRequest);
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
