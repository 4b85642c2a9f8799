/**
 * NestJS 11: an interceptor that tracks every handled request (Express or Fastify adapter) and the
 * `@TrackRoute('name')` method decorator. Neither `@nestjs/*` nor `rxjs` is loaded: the interceptor is
 * typed structurally and wraps the handler's Observable with that Observable's own constructor.
 */
export {skipTracking} from './skip.js';
import type {UmamiAnalytics, EventCatalog} from '../client/analytics.js';
import {defaultAnalytics} from '../client/registry.js';
import {
	isOwned,
	joinPath,
	markFailed,
	nameRoute,
	ownUntracked,
	recordOnClose,
	type NodeRequestLike,
	type NodeResponseLike,
} from './node-http.js';
import {createRequestTracker, type RequestTracker, type RouteTrackingOptions} from './request.js';

/** Options of {@link UmamiInterceptor} (see `RouteTrackingOptions` for every default). */
export type NestTrackingOptions = RouteTrackingOptions;

/** The metadata key `@TrackRoute` sets on a handler (readable with Nest's `Reflector`). */
export const TRACK_ROUTE_METADATA = 'umami-guard:track-route';

/** The subscriber side of an Observable, structurally. */
interface ObserverLike<T> {
	next(value: T): void;
	error(error: unknown): void;
	complete(): void;
}

/** An rxjs `Observable`, structurally: its constructor takes a subscribe function. */
export interface ObservableLike<T> {
	subscribe(observer: Partial<ObserverLike<T>>): {unsubscribe(): void};
}

/** Nest's `ExecutionContext`, structurally (the part read here). */
export interface ExecutionContextLike {
	getType(): string;
	getClass(): unknown;
	getHandler(): unknown;
	switchToHttp(): {getRequest(): unknown; getResponse(): unknown};
}

/** A request as the Express or Fastify adapter hands it over. */
type AdapterRequest = NodeRequestLike & {
	originalUrl?: string;
	ip?: string;
	route?: {path?: unknown};
	routeOptions?: {url?: string};
	raw?: NodeRequestLike & object;
};
type AdapterResponse = NodeResponseLike & {raw?: NodeResponseLike};

const routeNames = new WeakMap<object, string>();

/**
 * Names a controller method's route: its requests become custom events named `name` (the interceptor,
 * or `umamiExpress` on the same app, records them). Sets metadata only, so it composes with `@Get()` &
 * co. in any order.
 *
 * @example
 * ```ts
 * @Controller('api')
 * @UseInterceptors(UmamiInterceptor)
 * class ApiController {
 * 	@Post('generate')
 * 	@TrackRoute('api.generate')
 * 	generate() {}
 * }
 * ```
 */
export function TrackRoute(name: string): MethodDecorator {
	return (_target, _key, descriptor) => {
		const method: unknown = descriptor.value;
		if (typeof method !== 'function') return;
		routeNames.set(method, name);
		const reflect = Reflect as unknown as {
			defineMetadata?: (key: string, value: unknown, target: object) => void;
		};
		reflect.defineMetadata?.(TRACK_ROUTE_METADATA, name, method);
	};
}

function metadataPath(target: unknown): string {
	const reflect = Reflect as unknown as {getMetadata?: (key: string, target: object) => unknown};
	if (!reflect.getMetadata || (typeof target !== 'function' && typeof target !== 'object') || target === null)
		return '';
	const path = reflect.getMetadata('path', target);
	const first = Array.isArray(path) ? path[0] : path;
	return typeof first === 'string' ? first : '';
}

/** The route template: the adapter's matched route, else the controller and method path metadata. */
function nestRoute(request: AdapterRequest, context: ExecutionContextLike): string | undefined {
	const expressPath = request.route?.path;
	if (typeof expressPath === 'string') return expressPath;
	const fastifyPath = request.routeOptions?.url;
	if (typeof fastifyPath === 'string') return fastifyPath;
	const path = joinPath(
		joinPath('', `/${metadataPath(context.getClass())}`),
		metadataPath(context.getHandler()),
	);
	return path.replace(/\/{2,}/g, '/');
}

/**
 * The interceptor. Register it globally (`app.useGlobalInterceptors(new UmamiInterceptor(analytics))`),
 * or per controller with `@UseInterceptors(UmamiInterceptor)` (then it uses the default instance). Each
 * handled request becomes one event when its response closes — status as sent (after exception
 * filters), error flag when the handler threw, the route template. Requests that reach no handler (404s)
 * never meet an interceptor: add `umamiExpress()` as middleware too if you want them; both cooperate,
 * tracking each request once.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule);
 * app.useGlobalInterceptors(new UmamiInterceptor(getAnalytics('my_app')));
 * ```
 */
export class UmamiInterceptor {
	readonly #tracker: RequestTracker;

	constructor(
		analytics: UmamiAnalytics<EventCatalog> = defaultAnalytics(),
		options: NestTrackingOptions = {},
	) {
		this.#tracker = createRequestTracker(analytics as UmamiAnalytics, options);
	}

	/** Called by Nest for every handled request. */
	intercept<Result extends ObservableLike<unknown>>(
		context: ExecutionContextLike,
		next: {handle(): Result},
	): Result {
		const source = next.handle();
		if (context.getType() !== 'http') return source;
		const http = context.switchToHttp();
		const request = http.getRequest() as AdapterRequest;
		const response = http.getResponse() as AdapterResponse;
		const rawRequest = request.raw ?? request;
		const name = routeNames.get(context.getHandler() as object);
		if (!isOwned(rawRequest)) {
			const rawPath = request.originalUrl ?? request.url ?? '/';
			const method = request.method ?? 'GET';
			if (this.#tracker.shouldTrack(method, rawPath)) {
				recordOnClose(this.#tracker, {
					request: rawRequest,
					response: response.raw ?? response,
					rawPath,
					method,
					routeOf: () => nestRoute(request, context),
					ip: this.#tracker.needsIp ? request.ip : undefined,
					routeName: name,
				});
			} else {
				ownUntracked(rawRequest);
			}
		} else if (name !== undefined) {
			nameRoute(rawRequest, name);
		}
		return observeErrors(source as ObservableLike<unknown>, () => markFailed(rawRequest)) as Result;
	}
}

/** Returns an Observable like `source` that calls `onError` before passing an error on untouched. */
function observeErrors<T>(source: ObservableLike<T>, onError: () => void): ObservableLike<T> {
	const Observable = source.constructor as new (
		subscribe: (subscriber: ObserverLike<T>) => {unsubscribe(): void},
	) => ObservableLike<T>;
	if (typeof Observable !== 'function') return source;
	return new Observable(function umamiSubscribe(subscriber) {
		return source.subscribe({
			next: (value) => subscriber.next(value),
			error: (error: unknown) => {
				onError();
				subscriber.error(error);
			},
			complete: () => subscriber.complete(),
		});
	});
}
