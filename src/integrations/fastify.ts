/**
 * Fastify 5: a plugin that escapes encapsulation (like `fastify-plugin`, without depending on it), so its
 * hooks see every route of the app, with the route template from `request.routeOptions.url`. Typed
 * structurally: no Fastify code is loaded.
 */
export {skipTracking} from './skip.js';
import {isSkipped} from './skip.js';
import type {EventCatalog, UmamiAnalytics} from '../client/analytics.js';
import {defaultAnalytics} from '../client/registry.js';
import {FAILED, marks, type NodeRequestLike, type NodeResponseLike} from './node-http.js';
import {createRequestTracker, type RequestTracker, type RouteTrackingOptions} from './request.js';

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

/** What the `close` listener needs: the reply, and when the request arrived ({@link performance.now}). */
class Started {
	constructor(
		readonly reply: FastifyReplyLike,
		readonly start: number,
	) {}
}
type Pending = NodeResponseLike & {[TRACKED]?: Started | undefined};

type HookRegistrar = (
	name: 'onRequest' | 'onError',
	hook: (request: FastifyRequestLike, reply: FastifyReplyLike, ...rest: never[]) => void,
) => unknown;

function record(tracker: RequestTracker, started: Started, response: Pending): void {
	const request = started.reply.request;
	if (isSkipped(request) || isSkipped(request.raw)) return;
	const headers = request.headers;
	const status = response.statusCode;
	tracker.track({
		method: request.method,
		path: request.url,
		route: request.routeOptions.url,
		status,
		durationMs: performance.now() - started.start,
		error: marks(request)[FAILED] === true || status >= 500,
		aborted: !response.writableFinished,
		header: (name) => {
			const value = headers[name];
			return typeof value === 'string' ? value : value?.[0];
		},
		ip: tracker.needsIp ? request.ip : undefined,
	});
}

/**
 * Installs the hooks: `onRequest` decides whether the request is tracked and listens for its Node response's
 * `close`, which records it (after `finish` when it completed, so Fastify's error handler has set the status;
 * else as aborted); `onError` sets the error flag. No `onResponse` hook: with one, Fastify adds its own
 * `finish` and `error` listeners, a closure and a hook run to every response of the app, which costs more
 * than the tracking itself. Per request: no closure, one small object until the record.
 */
function install(instance: FastifyInstanceLike, tracker: RequestTracker): void {
	const addHook = instance.addHook.bind(instance) as unknown as HookRegistrar;
	/** The one `close` listener of every tracked response (`this` is the response). */
	function umamiOnClose(this: Pending): void {
		const started = this[TRACKED];
		if (started === undefined) return;
		this[TRACKED] = undefined;
		record(tracker, started, this);
	}
	addHook('onRequest', function umamiOnRequest(request, reply, done: Done) {
		if (tracker.shouldTrack(request.method, request.url)) {
			const raw = reply.raw as Pending;
			raw[TRACKED] = new Started(reply, performance.now());
			raw.on('close', umamiOnClose);
		}
		done();
	});
	addHook('onError', function umamiOnError(request, _reply, _error: never, done: Done) {
		marks(request)[FAILED] = true;
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
