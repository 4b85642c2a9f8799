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
	readonly raw: NodeResponseLike;
	readonly statusCode: number;
	/** Milliseconds since Fastify received the request (frozen once the response finished). */
	readonly elapsedTime: number;
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

/** The reply of a tracked request, kept on its Node response until it is recorded. */
const REPLY: unique symbol = Symbol('umami-guard.reply');
type Pending = NodeResponseLike & {[REPLY]?: FastifyReplyLike | undefined};

type HookRegistrar = (
	name: 'onRequest' | 'onResponse' | 'onError',
	hook: (request: FastifyRequestLike, reply: FastifyReplyLike, ...rest: never[]) => void,
) => unknown;

function record(tracker: RequestTracker, reply: FastifyReplyLike, status: number, aborted: boolean): void {
	const request = reply.request;
	if (isSkipped(request) || isSkipped(request.raw)) return;
	const headers = request.headers;
	tracker.track({
		method: request.method,
		path: request.url,
		route: request.routeOptions.url,
		status,
		durationMs: reply.elapsedTime,
		error: marks(request)[FAILED] === true || status >= 500,
		aborted,
		header: (name) => {
			const value = headers[name];
			return typeof value === 'string' ? value : value?.[0];
		},
		ip: tracker.needsIp ? request.ip : undefined,
	});
}

/**
 * Installs the hooks: `onRequest` decides whether the request is tracked, `onError` sets the error flag,
 * `onResponse` records the finished request (status as sent; Fastify's error handler has run by then;
 * duration from Fastify's own clock, `reply.elapsedTime`). A response whose connection closes before it
 * finished is recorded as aborted when it closes. Per request: no closure, no object until the record.
 */
function install(instance: FastifyInstanceLike, tracker: RequestTracker): void {
	const addHook = instance.addHook.bind(instance) as unknown as HookRegistrar;
	/** The one `close` listener of every tracked response (`this` is the response). */
	function umamiOnClose(this: Pending): void {
		const reply = this[REPLY];
		if (reply === undefined || this.writableFinished) return;
		this[REPLY] = undefined;
		record(tracker, reply, this.statusCode, true);
	}
	addHook('onRequest', function umamiOnRequest(request, reply, done: Done) {
		if (tracker.shouldTrack(request.method, request.url)) {
			const raw = reply.raw as Pending;
			raw[REPLY] = reply;
			raw.on('close', umamiOnClose);
		}
		done();
	});
	addHook('onError', function umamiOnError(request, _reply, _error: never, done: Done) {
		marks(request)[FAILED] = true;
		done();
	});
	addHook('onResponse', function umamiOnResponse(_request, reply, done: Done) {
		const raw = reply.raw as Pending;
		if (raw[REPLY] !== undefined) {
			raw[REPLY] = undefined;
			record(tracker, reply, reply.statusCode, false);
		}
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
