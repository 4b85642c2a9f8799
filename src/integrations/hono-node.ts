/**
 * Hono on `@hono/node-server`, which passes the Node request and response as the context's `env`
 * (`{incoming, outgoing}`): the middleware then reads the request line and headers from the Node request and
 * records the request when the Node response closes. That measures to the last byte and notices a client that
 * left, like the pass-through stream of the web runtimes, without touching the response body: reading it
 * turns node-server's light response into a full web `Response` and sends it through a stream.
 */
import {PendingRecord, type RequestTracker} from './request.js';
import {forwardedIp, isSkipped, now} from './web-shared.js';

/** Node's lower-cased header object (`IncomingMessage.headers`). */
type NodeHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The part of the Node request node-server passes as `env.incoming`. */
export interface NodeIncomingLike {
	readonly method?: string | undefined;
	readonly url?: string | undefined;
	readonly headers: NodeHeaders;
}

/** The part of the Node response node-server passes as `env.outgoing`. */
export interface NodeOutgoingLike {
	readonly writableFinished: boolean;
	readonly destroyed: boolean;
	on(event: 'close', listener: () => void): unknown;
}

/** The Node request and response behind a Hono context, or undefined off node-server. */
export interface NodeBinding {
	readonly incoming: NodeIncomingLike;
	readonly outgoing: NodeOutgoingLike;
}

/** `c.env` as node-server sets it (`{incoming, outgoing}`), checked structurally. */
export function nodeBinding(env: unknown): NodeBinding | undefined {
	if (typeof env !== 'object' || env === null) return undefined;
	const {incoming, outgoing} = env as {incoming?: unknown; outgoing?: unknown};
	if (typeof incoming !== 'object' || incoming === null || typeof outgoing !== 'object' || outgoing === null)
		return undefined;
	const headers = (incoming as {headers?: unknown}).headers;
	if (typeof headers !== 'object' || headers === null) return undefined;
	if (typeof (outgoing as {on?: unknown}).on !== 'function') return undefined;
	return env as NodeBinding;
}

/**
 * One tracked request on node-server: created when it starts, completed when the handler returned and handed
 * to the tracker when the Node response closes. One object and two closures per request (the header reader and the `close` listener), no stream.
 */
export class NodeHonoRecord extends PendingRecord {
	readonly #tracker: RequestTracker;
	readonly #request: object;
	readonly #headers: NodeHeaders;
	readonly #start = now();
	readonly #readIp: (() => string | undefined) | undefined;
	readonly #after: (() => void) | undefined;
	#done = false;
	/** A property, not a method: it may be passed on detached (`extraData`, the location reader). */
	readonly header = (name: string): string | undefined => {
		const value = this.#headers[name];
		return typeof value === 'string' ? value : value?.[0];
	};

	/**
	 * @param request The web request (where `skipTracking(c.req.raw)` leaves its mark).
	 * @param readIp The app's `clientIp`, else the forwarding headers are read.
	 * @param after Called once the request is recorded (the `waitUntil` flush).
	 */
	constructor(
		tracker: RequestTracker,
		request: object,
		incoming: NodeIncomingLike,
		readonly method: string,
		readonly path: string,
		readIp: (() => string | undefined) | undefined,
		after: (() => void) | undefined,
	) {
		super();
		this.#tracker = tracker;
		this.#request = request;
		this.#headers = incoming.headers;
		this.#readIp = readIp;
		this.#after = after;
	}

	/** The handler returned (or threw): records now, or once the response closes when `measureBody`. */
	settle(
		outgoing: NodeOutgoingLike | undefined,
		status: number,
		threw: boolean,
		route: string | undefined,
	): void {
		this.status = status;
		this.error = threw || status >= 500;
		this.route = route;
		if (outgoing === undefined) this.#record(false);
		// Closed already: the client left while the handler ran.
		else if (outgoing.destroyed) this.#record(!outgoing.writableFinished);
		else {
			outgoing.on('close', () => {
				this.#record(!outgoing.writableFinished);
			});
		}
	}

	#record(aborted: boolean): void {
		if (this.#done) return;
		this.#done = true;
		try {
			if (isSkipped(this.#request)) {
				this.#tracker.skipped();
				return;
			}
			this.durationMs = now() - this.#start;
			this.aborted = aborted;
			const tracker = this.#tracker;
			if (tracker.needsIp)
				this.ip = this.#readIp ? this.#readIp() : forwardedIp({get: (name) => this.header(name) ?? null});
			tracker.track(this);
		} catch {
			// A throwing `clientIp`: nothing reaches the request.
		} finally {
			this.#after?.();
		}
	}
}
