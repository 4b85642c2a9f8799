/**
 * Real apps of the framework integrations on 127.0.0.1, tracked into a {@link FaultServer}, for tests of what
 * every integration shares (ignore lists, sampling, the opt-out, `extraData`, the request context) rather
 * than of one framework. Each framework serves the same small route table, built per call with the tracking
 * options under test:
 *
 * - `GET /page/:n` → `ok`; `OPTIONS /page/:n` → 204
 * - `GET /app.css`, `GET /logo.png` → `asset` (a route, so NestJS's interceptor sees them too)
 * - `GET /internal/status`, `GET /health` → `ok`
 * - `GET /skip/:n` → calls `skipTracking` with the request object the framework hands a handler
 *
 * Requests go through `node:http` (not `fetch`, which ignores a `Host` header and adds `Accept-Language: *`).
 *
 * @example
 * ```ts
 * const umami = await startFaultServer();
 * const analytics = trackedAnalytics(umami);
 * const app = await nodeFrameworks['koa 3'](analytics, {tracking: {sampleRate: 0.5}});
 * await send(app.base, '/page/1');
 * const [event] = await storedAfter(analytics, umami, 1);
 * ```
 */
import 'reflect-metadata';
import {request as httpRequest, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {serve} from '@hono/node-server';
import Router from '@koa/router';
import {Controller, Get, HttpCode, Module, Options, Req, type INestApplication} from '@nestjs/common';
import {NestFactory} from '@nestjs/core';
import express from 'express';
import Fastify from 'fastify';
import {Hono} from 'hono';
import Koa from 'koa';
import {expect, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {umamiExpress} from '../../src/integrations/express.js';
import {umamiFastify} from '../../src/integrations/fastify.js';
import {umamiHono} from '../../src/integrations/hono.js';
import {umamiKoa} from '../../src/integrations/koa.js';
import {UmamiInterceptor} from '../../src/integrations/nestjs.js';
import type {RouteTrackingOptions} from '../../src/integrations/request.js';
import {skipTracking} from '../../src/integrations/skip.js';
import type {FaultServer} from './fault-server.js';
import {BROWSER_UA} from './umami.js';

/** An event payload as the fault server stored it. */
export type Payload = Record<string, unknown> & {url?: string; name?: string; data?: Record<string, unknown>};

/** A listening app. */
export interface Listening {
	/** `http://127.0.0.1:PORT`. */
	readonly base: string;
	readonly close: () => Promise<unknown>;
}

/** How an app is built. */
export interface AppOptions {
	/** The integration's options. */
	readonly tracking?: RouteTrackingOptions | undefined;
	/** Let the framework take the client IP from `X-Forwarded-For` (its own "trust proxy" setting). */
	readonly trustProxy?: boolean | undefined;
}

/** Starts one framework's app tracked by `analytics`. */
export type Framework = (analytics: UmamiAnalytics, options?: AppOptions) => Promise<Listening>;

let counter = 0;

/** A fresh instance sending to `umami`; flushed only when a test asks (`flushIntervalMs` of a minute). */
export function trackedAnalytics(umami: FaultServer, options: AnalyticsOptions = {}): UmamiAnalytics {
	const all: AnalyticsOptions = {
		websiteId: '00000000-0000-4000-8000-000000000001',
		apiUrl: umami.url,
		configFile: false,
		env: {},
		flushIntervalMs: 60_000,
		...options,
	};
	// The options carry the hooks (onError, onDrop, …) too: the constructor takes them as its second argument.
	return new UmamiAnalytics(resolveConfig(`tracked-apps-${++counter}`, all), all);
}

/** The answer to one request. */
export interface Answer {
	readonly status: number;
	readonly body: string;
}

/** One request over `node:http` with a browser User-Agent (unless `headers` sets another). */
export function send(
	base: string,
	path: string,
	options: {method?: string; headers?: Record<string, string>} = {},
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(
			base + path,
			{method: options.method ?? 'GET', headers: {'user-agent': BROWSER_UA, ...options.headers}},
			(response) => {
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (body += chunk));
				response.on('end', () => resolve({status: response.statusCode ?? 0, body}));
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end();
	});
}

/** Waits until `analytics` has tracked `tracked` events in all, flushes, and returns every stored payload. */
export async function storedAfter(
	analytics: UmamiAnalytics,
	umami: FaultServer,
	tracked: number,
): Promise<Payload[]> {
	await vi.waitFor(() => expect(analytics.stats().tracked).toBeGreaterThanOrEqual(tracked), {
		timeout: 5000,
		interval: 10,
	});
	await analytics.flush();
	return umami.stored.map((stored) => (stored.event.payload ?? {}) as Payload);
}

/** Flushes until an event whose url starts with `prefix` (or whose name is `prefix`) is stored, and returns it. */
export async function eventFor(
	analytics: UmamiAnalytics,
	umami: FaultServer,
	prefix: string,
): Promise<Payload> {
	let found: Payload | undefined;
	await vi.waitFor(
		async () => {
			await analytics.flush();
			found = umami.stored
				.map((stored) => stored.event.payload as Payload)
				.find((payload) => payload.name === prefix || payload.url?.startsWith(prefix));
			expect(found).toBeDefined();
		},
		{timeout: 3000, interval: 30},
	);
	return found!;
}

/** `fetch` with a browser User-Agent (Umami drops bots), for tests that read the response as a stream. */
export function browserFetch(url: string, init: RequestInit = {}): Promise<Response> {
	return fetch(url, {...init, headers: {'user-agent': BROWSER_UA, ...init.headers}});
}

/** The listening address of a `node:http` server, and how to close it (open connections included). */
export function listening(server: Server): Listening {
	return {
		base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () =>
			new Promise((resolve) => {
				server.close(resolve);
				server.closeAllConnections();
			}),
	};
}

function listen(app: {listen(port: number, host: string, callback: () => void): Server}): Promise<Listening> {
	return new Promise((resolve) => {
		const server = app.listen(0, '127.0.0.1', () => resolve(listening(server)));
	});
}

const OK_PATHS = ['/page/:n', '/internal/status', '/health'];
const ASSETS = ['/app.css', '/logo.png'];

/** The route table as a NestJS controller, decorated the way `tsc` emits legacy decorators. */
class RoutesController {
	page(): string {
		return 'ok';
	}
	options(): void {
		// 204, no body.
	}
	asset(): string {
		return 'asset';
	}
	skip(request: object): string {
		skipTracking(request);
		return 'skipped';
	}
}

function decorate(key: keyof RoutesController, decorators: MethodDecorator[]): void {
	const target = RoutesController.prototype;
	const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
	Object.defineProperty(target, key, Reflect.decorate(decorators, target, key, descriptor) ?? descriptor);
}

decorate('page', [Get(OK_PATHS.map((path) => path.slice(1)))]);
decorate('options', [Options('page/:n'), HttpCode(204)]);
decorate('asset', [Get(ASSETS.map((path) => path.slice(1)))]);
decorate('skip', [Get('skip/:n')]);
Req()(RoutesController.prototype, 'skip', 0);
Reflect.decorate([Controller()], RoutesController);

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is an empty class with metadata
class RoutesModule {}
Module({controllers: [RoutesController]})(RoutesModule);

/** Express 5, Fastify 5, Koa 3 and NestJS 11 (on Express): the Node adapters. */
export const nodeFrameworks: Readonly<Record<string, Framework>> = {
	'express 5': (analytics, {tracking, trustProxy = false} = {}) => {
		const app = express();
		app.set('trust proxy', trustProxy);
		app.use(umamiExpress(analytics, tracking));
		// One route per path: Express gives an array route no template.
		for (const path of OK_PATHS) app.get(path, (_req, res) => void res.send('ok'));
		app.options('/page/:n', (_req, res) => void res.status(204).end());
		for (const path of ASSETS) app.get(path, (_req, res) => void res.send('asset'));
		app.get('/skip/:n', (req, res) => {
			skipTracking(req);
			res.send('skipped');
		});
		return listen(app);
	},
	'fastify 5': async (analytics, {tracking, trustProxy = false} = {}) => {
		const app = Fastify({trustProxy});
		await app.register(umamiFastify, {analytics, ...tracking});
		for (const path of OK_PATHS) app.get(path, async () => 'ok');
		app.options('/page/:n', async (_request, reply) => reply.code(204).send());
		for (const path of ASSETS) app.get(path, async () => 'asset');
		app.get('/skip/:n', async (request) => {
			skipTracking(request);
			return 'skipped';
		});
		return {base: await app.listen({port: 0, host: '127.0.0.1'}), close: () => app.close()};
	},
	'koa 3': (analytics, {tracking, trustProxy = false} = {}) => {
		const app = new Koa({proxy: trustProxy});
		app.use(umamiKoa(analytics, tracking));
		const router = new Router();
		for (const path of OK_PATHS) {
			router.get(path, (ctx) => {
				ctx.body = 'ok';
			});
		}
		router.options('/page/:n', (ctx) => {
			ctx.status = 204;
		});
		for (const path of ASSETS) {
			router.get(path, (ctx) => {
				ctx.body = 'asset';
			});
		}
		router.get('/skip/:n', (ctx) => {
			skipTracking(ctx);
			ctx.body = 'skipped';
		});
		app.use(router.routes());
		return listen(app);
	},
	'nestjs 11': async (analytics, {tracking, trustProxy = false} = {}) => {
		const app: INestApplication = await NestFactory.create(RoutesModule, {logger: false});
		(app.getHttpAdapter().getInstance() as {set(key: string, value: unknown): void}).set(
			'trust proxy',
			trustProxy,
		);
		app.useGlobalInterceptors(new UmamiInterceptor(analytics, tracking));
		await app.listen(0, '127.0.0.1');
		return {...listening(app.getHttpServer() as Server), close: () => app.close()};
	},
};

/** Serves a web-standard fetch handler with `@hono/node-server` (as the examples serve Next.js route handlers). */
export function serveFetch(handler: (request: Request) => Response | Promise<Response>): Promise<Listening> {
	return new Promise((resolve) => {
		const server = serve({fetch: handler, port: 0, hostname: '127.0.0.1'}, () =>
			resolve(listening(server as Server)),
		);
	});
}

/** Hono on `@hono/node-server`: the web-standard integrations' path (`umamiHono`, `withUmami`). */
export const hono: Framework = (analytics, {tracking} = {}) => {
	const app = new Hono();
	app.use(umamiHono(analytics, tracking));
	for (const path of OK_PATHS) app.get(path, (c) => c.text('ok'));
	app.options('/page/:n', (c) => c.body(null, 204));
	for (const path of ASSETS) app.get(path, (c) => c.text('asset'));
	app.get('/skip/:n', (c) => {
		skipTracking(c.req.raw);
		return c.text('skipped');
	});
	return serveFetch(app.fetch);
};

/** Every framework above. */
export const allFrameworks: Readonly<Record<string, Framework>> = {...nodeFrameworks, hono};
