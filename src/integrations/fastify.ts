/**
 * Fastify 5: a plugin that escapes encapsulation (like `fastify-plugin`, without depending on it), so its
 * hooks see every route of the app, with the route template from `request.routeOptions.url`. Typed
 * structurally: no Fastify code is loaded.
 */
export {skipTracking} from './skip.js';
import {isSkipped} from './skip.js';
import {UmamiAnalytics, type EventCatalog} from '../client/analytics.js';
import {defaultAnalytics} from '../client/registry.js';
import {headerReader, type NodeRequestLike, type NodeResponseLike} from './node-http.js';
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

/** Per-request state, kept on the request under a symbol. */
interface Timing {
	readonly start: number;
	error: boolean;
	done: boolean;
}

const TIMING = Symbol('umami-guard.timing');
type Timed = {[TIMING]?: Timing};

type HookRegistrar = (
	name: 'onRequest' | 'onResponse' | 'onError',
	hook: (request: FastifyRequestLike & Timed, reply: FastifyReplyLike, ...rest: never[]) => void,
) => unknown;

function record(
	tracker: RequestTracker,
	request: FastifyRequestLike,
	timing: Timing,
	status: number,
	aborted: boolean,
): void {
	timing.done = true;
	if (isSkipped(request) || isSkipped(request.raw)) return;
	tracker.track({
		method: request.method,
		path: request.url,
		route: request.routeOptions.url,
		status,
		durationMs: performance.now() - timing.start,
		error: timing.error || status >= 500,
		aborted,
		header: headerReader(request.headers),
		ip: request.ip,
	});
}

/**
 * Installs the hooks: `onRequest` starts the clock, `onError` sets the error flag, `onResponse` records
 * the finished request (status as sent; Fastify's error handler has run by then). A response whose
 * connection closes before it finished is recorded as aborted when it closes.
 */
function install(instance: FastifyInstanceLike, tracker: RequestTracker): void {
	const addHook = instance.addHook.bind(instance) as unknown as HookRegistrar;
	addHook('onRequest', function umamiOnRequest(request, reply, done: Done) {
		if (tracker.shouldTrack(request.method, request.url)) {
			const timing: Timing = {start: performance.now(), error: false, done: false};
			request[TIMING] = timing;
			reply.raw.once('close', function umamiOnClose() {
				if (!timing.done && !reply.raw.writableFinished)
					record(tracker, request, timing, reply.raw.statusCode, true);
			});
		}
		done();
	});
	addHook('onError', function umamiOnError(request, _reply, _error: never, done: Done) {
		const timing = request[TIMING];
		if (timing) timing.error = true;
		done();
	});
	addHook('onResponse', function umamiOnResponse(request, reply, done: Done) {
		const timing = request[TIMING];
		if (timing && !timing.done) record(tracker, request, timing, reply.statusCode, false);
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

declare module '../client/analytics.js' {
	// The type parameter must repeat the class's, even unused.
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	interface UmamiAnalytics<Events extends EventCatalog> {
		/**
		 * The Fastify plugin bound to this instance (available after `import 'umami-guard/fastify'`).
		 *
		 * @example
		 * ```ts
		 * await app.register(analytics.fastify());
		 * ```
		 */
		fastify(options?: RouteTrackingOptions): UmamiFastifyPlugin;
	}
}

UmamiAnalytics.prototype.fastify = function fastify(this: UmamiAnalytics<EventCatalog>, options = {}) {
	const bound: FastifyTrackingOptions = {...options, analytics: this};
	return skipOverride(function umamiFastifyBound(instance, extra, done) {
		umamiFastify(instance, {...bound, ...extra, analytics: bound.analytics}, done);
	});
};
