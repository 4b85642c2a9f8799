/**
 * Private glue shared by the Node adapters (Express, Koa, NestJS, `trackRoute`): structural types for
 * Node's request and response, the registry of owned requests that lets a global middleware and a per-route
 * `trackRoute` cooperate, and the one function that records a request when its response closes.
 */
import {processShared} from '../process-shared.js';
import {methodOf, readInherited, readKeyed} from './inherited.js';
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

/**
 * The Node requests a middleware owns (tracked, ignored or sampled out), each with its record while it is
 * tracked (null when it is not): this is how a global middleware, a per-route `trackRoute` and the NestJS
 * interceptor agree on who tracks a request and learn its route name and failure. Kept beside the request,
 * never on it: in Express 5 every request has its own hidden class (its prototype is swapped per request), so
 * each property added to it builds a new one, and each marker it lacks is looked up through its whole
 * prototype chain — inside Express that costs more than the rest of the adapter. A tracked entry is removed
 * when its response closes. Shared by every copy of the library in the process (ESM and CommonJS), as the
 * symbols it replaces were.
 */
const owned: WeakMap<object, OwnedRecord | null> = processShared(
	Symbol.for('umami-guard.owned'),
	() => new WeakMap(),
);

/** What another adapter may do to the record of a request it does not own (across library copies too). */
interface OwnedRecord {
	routeName: string | undefined;
	fail(): void;
}

/** Whether a middleware (or `trackRoute`) already owns `request`. */
export function isOwned(request: object): boolean {
	return owned.has(request);
}

/** Owns `request` without tracking it (ignored or sampled out), so that no later adapter tracks it. */
export function ownUntracked(request: object): void {
	owned.set(request, null);
}

/**
 * Names the route of an owned request (`trackRoute('name')`, a NestJS handler's name); false when nothing owns
 * it yet, so the caller may track it itself.
 */
export function nameRoute(request: object, name: string): boolean {
	const record = owned.get(request);
	if (record === undefined) return false;
	if (record !== null) record.routeName = name;
	return true;
}

/** Records that the handler of `request` threw (the event gets the error flag, whatever the status). */
export function markFailed(request: object): void {
	owned.get(request)?.fail();
}

/**
 * What an adapter computes once the response is over (the route is only known then), from the object it
 * passed to {@link recordOnClose} as `routeSource` (a module-level function, so no closure per request).
 */
export type RouteOf = (source: object) => string | undefined;

/** Node's lower-cased header object (`IncomingMessage.headers`). */
type NodeHeaders = NodeRequestLike['headers'];

/** Reads one header of Node's lower-cased header object (the first value of a repeated one). */
function readHeader(headers: NodeHeaders, name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : value?.[0];
}

/**
 * One tracked Node request: created when it starts, completed and handed to the tracker when its response
 * closes. Inside a framework, every property read on `req`/`res` and every property added to them is slow:
 * Express 5 swaps their prototypes per request, so no two requests share a hidden class and each access is
 * a lookup through the prototype chain, each added property a new hidden class. So the record touches them
 * as little as it can: `req.headers` (a getter) is read once, here, and nothing is stored on the response —
 * the record's own `close` listener (one closure, like `header`) finds it.
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
	readonly #response: NodeResponseLike;
	readonly #headers: NodeHeaders;
	readonly #routeOf: RouteOf;
	readonly #routeSource: object;
	readonly #swapped: boolean;
	readonly #start = performance.now();
	#done = false;
	#failed = false;
	/** A property, not a method: it may be passed on detached (`extraData`, the location reader). */
	readonly header = (name: string): string | undefined => readHeader(this.#headers, name);

	constructor(
		tracker: RequestTracker,
		recording: CloseRecording,
		readonly path: string,
		readonly method: string,
		readonly ip: string | undefined,
	) {
		this.routeName = recording.routeName;
		this.#tracker = tracker;
		this.#request = recording.request;
		this.#response = recording.response;
		const swapped = recording.swappedPrototypes;
		this.#swapped = swapped === true || swapped === 'later';
		this.#headers =
			swapped === true
				? (readInherited(recording.request, 'headers') as NodeHeaders)
				: recording.request.headers;
		this.#routeOf = recording.routeOf;
		this.#routeSource = recording.routeSource ?? recording.request;
	}

	/** The response's `close` listener (an arrow: handed to `on` as is). */
	readonly #onClose = (): void => {
		if (this.#done) return;
		this.#done = true;
		this.#finish();
	};

	/**
	 * Owns the request and records it when its response closes. `swappedNow`: the response's prototype is
	 * swapped already (else `on` is read plainly, as the request's headers were).
	 */
	listen(swappedNow: boolean): void {
		owned.set(this.#request, this);
		const response = this.#response;
		if (swappedNow)
			(methodOf(response, 'on') as NodeResponseLike['on']).call(response, 'close', this.#onClose);
		else response.on('close', this.#onClose);
	}

	/** The handler threw. */
	fail(): void {
		this.#failed = true;
	}

	/** Completes the record from the closed response and tracks it. */
	#finish(): void {
		const request = this.#request;
		owned.delete(request);
		if (isSkipped(request)) {
			this.#tracker.skipped();
			return;
		}
		const response = this.#response;
		const status = this.#swapped ? (readKeyed(response, 'statusCode') as number) : response.statusCode;
		this.route = this.#routeOf(this.#routeSource);
		this.status = status;
		this.durationMs = performance.now() - this.#start;
		this.error = this.#failed || status >= 500;
		this.aborted = !(this.#swapped ? readInherited(response, 'writableFinished') : response.writableFinished);
		this.#tracker.track(this);
	}
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
	/** The route's name, when the caller knows it already (`trackRoute('name')` tracking on its own). */
	readonly routeName?: string | undefined;
	/**
	 * The framework swaps the prototypes of the request and response per request (Express): their inherited
	 * getters and methods are then read through `inherited.ts` (one lookup per prototype, not one per request).
	 * Elsewhere a plain read is cheaper. `'later'`: the prototypes are swapped after `recordOnClose` returns
	 * (Express's `app.handle`, where `initExpress` starts): what is read now is read plainly, what is read at
	 * close as for `true`. @default false
	 */
	readonly swappedPrototypes?: boolean | 'later' | undefined;
}

/**
 * Owns the request and records it when its response closes: `finish` happened → complete, else aborted.
 * Node ≥ 20 always emits `close` on a `ServerResponse`, after `finish` when the response completed, so
 * streamed responses are measured to their last byte. `routeOf(routeSource)` gives the route template then.
 */
export function recordOnClose(tracker: RequestTracker, recording: CloseRecording): void {
	const {request, ip} = recording;
	new NodeRecord(
		tracker,
		recording,
		recording.rawPath,
		recording.method,
		tracker.needsIp ? (ip ?? request.socket?.remoteAddress) : undefined,
	).listen(recording.swappedPrototypes === true);
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
