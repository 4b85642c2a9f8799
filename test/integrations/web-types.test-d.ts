/**
 * Type tests: the web integrations fit the real types of Hono 4 and Next.js 15, and `withUmami` keeps a
 * handler's parameters.
 */
import type {Context, Hono, MiddlewareHandler} from 'hono';
import {after, type NextFetchEvent, type NextMiddleware, type NextRequest} from 'next/server.js';
import {describe, expectTypeOf, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {withUmami} from '../../src/integrations/fetch.js';
import {umamiHono, type UmamiHonoMiddleware} from '../../src/integrations/hono.js';
import {umamiMiddleware, withUmamiRoute} from '../../src/integrations/next.js';

declare const analytics: UmamiAnalytics;

describe('umamiHono', () => {
	it('is a Hono MiddlewareHandler for any app', () => {
		expectTypeOf<UmamiHonoMiddleware>().toExtend<MiddlewareHandler>();
		expectTypeOf<UmamiHonoMiddleware>().toExtend<
			MiddlewareHandler<{Bindings: {UMAMI_WEBSITE_ID: string}; Variables: {user: string}}>
		>();
		const use = (app: Hono<{Bindings: {KV: object}}>) =>
			app.use(umamiHono(analytics)).use('/api/*', umamiHono());
		expectTypeOf(use).returns.toExtend<Hono<{Bindings: {KV: object}}>>();
	});

	it('takes an instance or a function of the context', () => {
		umamiHono((c) => {
			expectTypeOf(c.env).toBeUnknown();
			return analytics;
		});
		// A real Context fits where the picker's parameter is used.
		expectTypeOf<Context>().toExtend<Parameters<UmamiHonoMiddleware>[0]>();
		// @ts-expect-error not an instance
		umamiHono({trackEvent() {}});
	});
});

describe('withUmami', () => {
	it('keeps the parameters of Bun, Deno and Workers handlers and returns a Promise<Response>', () => {
		interface Env {
			UMAMI_WEBSITE_ID: string;
		}
		interface ExecutionContext {
			waitUntil(promise: Promise<unknown>): void;
			passThroughOnException(): void;
		}
		const worker = withUmami(async (request: Request, env: Env, ctx: ExecutionContext) => {
			ctx.waitUntil(Promise.resolve(env.UMAMI_WEBSITE_ID));
			return new Response(request.url);
		});
		expectTypeOf(worker).parameters.toEqualTypeOf<[request: Request, env: Env, ctx: ExecutionContext]>();
		expectTypeOf(worker).returns.toEqualTypeOf<Promise<Response>>();
		// Fits `export default {fetch}` of a Worker.
		expectTypeOf(worker).toExtend<(request: Request, env: Env, ctx: ExecutionContext) => Promise<Response>>();

		const plain = withUmami((request) => {
			expectTypeOf(request).toEqualTypeOf<Request>();
			return new Response('ok');
		});
		expectTypeOf(plain).toExtend<(request: Request) => Promise<Response>>();
	});

	it('types the instance picker’s argument as the handler’s second parameter', () => {
		withUmami((_request: Request, _env: {UMAMI_WEBSITE_ID: string}) => new Response(), {
			analytics: (env) => {
				expectTypeOf(env).toEqualTypeOf<{UMAMI_WEBSITE_ID: string}>();
				return analytics;
			},
		});
	});

	it('refuses handlers that do not return a Response', () => {
		// @ts-expect-error a string is not a Response
		withUmami(() => 'hello');
	});
});

describe('withUmamiRoute', () => {
	type RouteContext = {params: Promise<{id: string}>};

	it('fits the shape of an App Router route handler and keeps NextRequest and params', () => {
		const GET = withUmamiRoute(
			async (request: NextRequest, {params}: RouteContext) =>
				Response.json({id: (await params).id, path: request.nextUrl.pathname}),
			{analytics, route: '/api/users/[id]', after},
		);
		expectTypeOf(GET).parameters.toEqualTypeOf<[request: NextRequest, context: RouteContext]>();
		expectTypeOf(GET).toExtend<(request: NextRequest, context: RouteContext) => Promise<Response>>();
	});

	it('accepts `after` from next/server and a plain waitUntil', () => {
		withUmamiRoute((_request: Request) => new Response(), {after});
		withUmamiRoute((_request: Request) => new Response(), {waitUntil: (_promise: Promise<unknown>) => {}});
		// @ts-expect-error route must be a string
		withUmamiRoute((_request: Request) => new Response(), {route: 1});
	});
});

describe('umamiMiddleware', () => {
	it("is called with Next's middleware arguments, and is a NextMiddleware itself", () => {
		const trackPageView = umamiMiddleware({analytics});
		expectTypeOf(trackPageView).toBeCallableWith({} as NextRequest, {} as NextFetchEvent);
		expectTypeOf(trackPageView).toBeCallableWith({} as NextRequest);
		expectTypeOf(trackPageView).toExtend<NextMiddleware>();
	});
});
