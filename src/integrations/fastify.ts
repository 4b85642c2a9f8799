/**
 * Fastify 5: a plugin that escapes encapsulation (like `fastify-plugin`, without depending on it), so its
 * hooks see every route of the app, with the route template from `request.routeOptions.url`. Typed
 * structurally: no Fastify code is loaded.
 */
export {skipTracking} from './skip.js';
import {isSkipped} from './skip.js';
import type {EventCatalog, UmamiAnalytics} from '../client/analytics.js';
import {defaultAnalytics} from '../client/registry.js';
import type {NodeRequestLike, NodeResponseLike} from './node-http.js';
import {
	createRequestTracker,
	PendingRecord,
	type RequestTracker,
	type RouteTrackingOptions,
} from './request.js';

/** Options of {@link umamiFastify} (see `RouteTrackingOptions` for every default). */
export interface FastifyTrackingOptions extends RouteTrackingOptions {
	/** The instance to send with. @default defaultAnalytics() */
	analytics?: UmamiAnalytics<EventCatalog> | undefined;
}

/** The part of a Fastify request the plugin reads. */
export interface FastifyRequestLike {
	readonly method: string;
	readonly url: string;
	readonly ip: string;
	readonly headers: NodeRequestLike['headers'];
	readonly routeOptions: {readonly url?: string | undefined};
	/** The Node request behind it (where `skipTracking(request.raw)` leaves its mark). */
	readonly raw: object;
}

/** The part of a Fastify reply the plugin reads. */
export interface FastifyReplyLike {
	/** The Node response: its `close` records the request, with its status. */
	readonly raw: NodeResponseLike;
	readonly request: FastifyRequestLike;
}

type Done = () => void;

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
	addHook(name: 'onRequest', hook: (request: never, reply: never, done: Done) => void): unknown;
}

/** A Fastify plugin function that skips encapsulation. */
export interface UmamiFastifyPlugin {
	(instance: FastifyInstanceLike, options: FastifyTrackingOptions, done: (error?: Error) => void): void;
}

/** Marks a plugin the way `fastify-plugin` does: registered in the parent context, named in logs. */
function skipOverride(plugin: UmamiFastifyPlugin): UmamiFastifyPlugin {
	return Object.assign(plugin, {
		[Symbol.for('skip-override')]: true,
		[Symbol.for('fastify.display-name')]: 'umami-guard',
	});
}

/** A tracked request, kept on its Node response until the response closes. */
const TRACKED: unique symbol = Symbol('umami-guard.tracked');
type Pending = NodeResponseLike & {[TRACKED]?: FastifyRecord | undefined};
/** A record's headers until its response closes. */
const NO_HEADERS: NodeRequestLike['headers'] = Object.freeze({});

/**
 * One tracked request: created by `onRequest`, kept on the Node response, completed and handed to the tracker
 * when that response closes. The request's fields are read from the Fastify request only then, once each
 * (its `headers`, `url` and `routeOptions` are getters, the last one builds an object per read).
 */
class FastifyRecord extends PendingRecord {
	method = '';
	path = '';
	readonly #request: FastifyRequestLike;
	readonly #start: number;
	#headers: NodeRequestLike['headers'] = NO_HEADERS;
	#failed = false;
	/** A property, not a method: it may be passed on detached (`extraData`, the location reader). */
	readonly header = (name: string): string | undefined => {
		const value = this.#headers[name];
		return typeof value === 'string' ? value : value?.[0];
	};

	constructor(request: FastifyRequestLike, start: number) {
		super();
		this.#request = request;
		this.#start = start;
	}

	/** A handler or hook threw (`onError`). */
	fail(): void {
		this.#failed = true;
	}

	/** Completes the record from the closed response and tracks it, unless `skipTracking` was called. */
	finish(tracker: RequestTracker, response: NodeResponseLike): void {
		const request = this.#request;
		if (isSkipped(request) || isSkipped(request.raw)) {
			tracker.skipped();
			return;
		}
		this.#headers = request.headers;
		const status = response.statusCode;
		this.method = request.method;
		this.path = request.url;
		this.route = request.routeOptions.url;
		this.status = status;
		this.durationMs = performance.now() - this.#start;
		this.error = this.#failed || status >= 500;
		this.aborted = !response.writableFinished;
		if (tracker.needsIp) this.ip = request.ip;
		tracker.track(this);
	}
}

type HookRegistrar = (
	name: 'onRequest' | 'onError',
	hook: (request: FastifyRequestLike, reply: FastifyReplyLike, ...rest: never[]) => void,
) => unknown;

/**
 * Installs the hooks: `onRequest` decides whether the request is tracked and listens for its Node response's
 * `close`, which records it (after `finish` when it completed, so Fastify's error handler has set the status;
 * else as aborted); `onError` sets the error flag on the record. No `onResponse` hook: with one, Fastify adds
 * its own `finish` and `error` listeners, a closure and a hook run to every response of the app, which costs
 * more than the tracking itself. Per request: one record (and its header reader), nothing read from the
 * request but its method and URL until the response closes.
 */
function install(instance: FastifyInstanceLike, tracker: RequestTracker): void {
	const addHook = instance.addHook.bind(instance) as unknown as HookRegistrar;
	/** The one `close` listener of every tracked response (`this` is the response). */
	function umamiOnClose(this: Pending): void {
		const record = this[TRACKED];
		if (record === undefined) return;
		this[TRACKED] = undefined;
		try {
			record.finish(tracker, this);
		} catch {
			// A hostile request object: tracking never reaches the response.
		}
	}
	addHook('onRequest', function umamiOnRequest(request, reply, done: Done) {
		if (tracker.shouldTrack(request.method, request.url)) {
			const raw = reply.raw as Pending;
			raw[TRACKED] = new FastifyRecord(request, performance.now());
			raw.on('close', umamiOnClose);
		}
		done();
	});
	addHook('onError', function umamiOnError(_request, reply, _error: never, done: Done) {
		(reply.raw as Pending)[TRACKED]?.fail();
		done();
	});
}

/**
 * The Fastify plugin. Register it once on the root instance; it is not encapsulated, so it tracks every
 * route, including those of plugins registered later and 404s.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import {getAnalytics} from 'umami-guard';
 * import {umamiFastify} from 'umami-guard/fastify';
 *
 * const app = Fastify();
 * await app.register(umamiFastify, {analytics: getAnalytics('my_app')});
 * ```
 */
export const umamiFastify: UmamiFastifyPlugin = skipOverride(function umamiFastifyPlugin(
	instance: FastifyInstanceLike,
	options: FastifyTrackingOptions,
	done: (error?: Error) => void,
): void {
	try {
		const {analytics, ...tracking} = options;
		install(instance, createRequestTracker((analytics ?? defaultAnalytics()) as UmamiAnalytics, tracking));
		done();
	} catch (error) {
		done(error as Error);
	}
});
