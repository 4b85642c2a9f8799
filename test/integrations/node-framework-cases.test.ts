/**
 * What Express (4 and 5), Fastify and Koa must do alike, run over each: route templates, thrown errors, 404s,
 * streamed and aborted responses, ignored requests. Each framework serves the same routes from a real app on 127.0.0.1;
 * what only one framework has (array routes, `trackRoute`, `skipTracking`, plugin options) stays in its own suite.
 */
import type {Server} from 'node:http';
import {createRequire} from 'node:module';
import {Readable} from 'node:stream';
import Router from '@koa/router';
import express5 from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {umamiExpress} from '../../src/integrations/express.js';
import {umamiFastify} from '../../src/integrations/fastify.js';
import {umamiKoa} from '../../src/integrations/koa.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {
	browserFetch,
	eventFor as storedEvent,
	listening,
	trackedAnalytics,
	type Listening,
	type Payload,
} from '../helpers/tracked-apps.js';

/** `count` chunks, one every `intervalMs`. */
function ticking(count: number, intervalMs: number): Readable {
	let sent = 0;
	return new Readable({
		read() {
			setTimeout(() => this.push(sent++ < count ? `chunk ${sent}\n` : null), intervalMs);
		},
	});
}

/**
 * Starts an app tracked by `analytics` serving `/boom` (throws; the app's own error handler answers 500
 * `{handled: true}` and records the error in `seen`), `/stream` (5 chunks), `/slow-stream` (1,000 chunks),
 * `/health` and `/users/:id` (mounted the framework's way: a sub-app, an encapsulated plugin, a router prefix).
 */
type SharedApp = (analytics: UmamiAnalytics, seen: unknown[]) => Promise<Listening>;

interface ExpressLike {
	use(...args: unknown[]): unknown;
	get(path: string, handler: (req: unknown, res: ExpressResponse) => void): unknown;
	listen(port: number, host: string, callback: () => void): Server;
}
interface ExpressResponse {
	send(body: unknown): void;
	status(code: number): ExpressResponse;
	json(body: unknown): void;
	type(type: string): ExpressResponse;
}

function expressApp(express: () => ExpressLike): SharedApp {
	return (analytics, seen) => {
		const app = express();
		app.use(umamiExpress(analytics));
		const users = express();
		users.get('/:id', (req, res) => res.json({id: (req as {params: {id: string}}).params.id}));
		app.use('/users', users);
		app.get('/boom', () => {
			throw new Error('boom');
		});
		app.get('/stream', (_req, res) => ticking(5, 50).pipe(res.type('text/plain') as never));
		app.get('/slow-stream', (_req, res) => ticking(1000, 50).pipe(res.type('text/plain') as never));
		app.get('/health', (_req, res) => res.send('ok'));
		app.use((error: unknown, _req: unknown, res: ExpressResponse, _next: unknown) => {
			seen.push(error);
			res.status(500).json({handled: true});
		});
		return new Promise((resolve) => {
			const server: Server = app.listen(0, '127.0.0.1', () => resolve(listening(server)));
		});
	};
}

// express@4 is installed as `express4`, without types; both versions share the surface used here.
const express4 = createRequire(import.meta.url)('express4') as () => ExpressLike;

const frameworks: [string, SharedApp][] = [
	['express 5', expressApp(express5 as unknown as () => ExpressLike)],
	['express 4', expressApp(express4)],
	[
		'fastify 5',
		async (analytics, seen) => {
			const app = Fastify();
			await app.register(umamiFastify, {analytics});
			// An encapsulated plugin registered later: its routes are still seen.
			await app.register(
				async (child) => {
					child.get('/:id', async (request) => ({id: (request.params as {id: string}).id}));
				},
				{prefix: '/users'},
			);
			app.get('/boom', async () => {
				throw new Error('boom');
			});
			app.get('/stream', (_request, reply) => reply.type('text/plain').send(ticking(5, 50)));
			app.get('/slow-stream', (_request, reply) => reply.type('text/plain').send(ticking(1000, 50)));
			app.get('/health', async () => 'ok');
			app.setErrorHandler((error, _request, reply) => {
				seen.push(error);
				void reply.status(500).send({handled: true});
			});
			const base = await app.listen({port: 0, host: '127.0.0.1'});
			return {base, close: () => app.close()};
		},
	],
	[
		'koa 3',
		async (analytics, seen) => {
			const app = new Koa();
			app.silent = true; // Koa logs the client's premature close of the aborted stream.
			// The app's own error handling, outside the tracker: it must see the very error thrown.
			app.use(async (ctx, next) => {
				try {
					await next();
				} catch (error) {
					seen.push(error);
					ctx.status = 500;
					ctx.body = {handled: true};
				}
			});
			app.use(umamiKoa(analytics));
			const users = new Router({prefix: '/users'});
			users.get('/:id', (ctx) => {
				ctx.body = {id: ctx.params['id']};
			});
			const router = new Router();
			router.get('/boom', () => {
				throw new Error('boom');
			});
			router.get('/stream', (ctx) => {
				ctx.type = 'text/plain';
				ctx.body = ticking(5, 50);
			});
			router.get('/slow-stream', (ctx) => {
				ctx.type = 'text/plain';
				ctx.body = ticking(1000, 50);
			});
			router.get('/health', (ctx) => {
				ctx.body = 'ok';
			});
			app.use(users.routes()).use(router.routes());
			return new Promise((resolve) => {
				const server = app.listen(0, '127.0.0.1', () => resolve(listening(server)));
			});
		},
	],
];

describe.each(frameworks)('%s', (_label, start) => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let app: Listening;
	const seenErrors: unknown[] = [];

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		app = await start(analytics, seenErrors);
	});

	afterAll(async () => {
		await analytics.shutdown();
		await app.close();
		await umami.close();
	});

	const get = (path: string, init: RequestInit = {}): Promise<Response> =>
		browserFetch(app.base + path, init);
	const eventFor = (prefix: string): Promise<Payload> => storedEvent(analytics, umami, prefix);

	it('records the route template (mount path, plugin or router prefix included), never the raw id; query allowlisted', async () => {
		const response = await get('/users/12345?utm_source=news&token=secret');
		expect(await response.json()).toEqual({id: '12345'});
		const event = await eventFor('/users/:id');
		expect(event.url).toBe('/users/:id?utm_source=news');
		expect(event.name).toBeUndefined();
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/users/:id'});
		expect(typeof event.data?.['duration_ms']).toBe('number');
		const bodies = JSON.stringify(umami.requests.map((request) => request.body));
		expect(bodies).not.toContain('12345');
		expect(bodies).not.toContain('secret');
	});

	it('records a thrown error as 500 + error flag; the app error handler sees the same error', async () => {
		const response = await get('/boom');
		expect(response.status).toBe(500);
		expect(await response.json()).toEqual({handled: true});
		expect(seenErrors).toHaveLength(1);
		expect((seenErrors[0] as Error).message).toBe('boom');
		const event = await eventFor('/boom');
		expect(event.data).toMatchObject({status: 500, error: true, route: '/boom'});
	});

	it('records 404s under the sanitized path', async () => {
		expect((await get('/nowhere/john@example.com')).status).toBe(404);
		const event = await eventFor('/nowhere/');
		expect(event.url).toBe('/nowhere/[REDACTED_EMAIL]');
		expect(event.data).toMatchObject({status: 404});
		expect(event.data?.['route']).toBeUndefined();
	});

	it('measures a streamed response to its end', async () => {
		expect(await (await get('/stream')).text()).toContain('chunk 5');
		const event = await eventFor('/stream');
		expect(event.data?.['duration_ms']).toBeGreaterThanOrEqual(150);
		expect(event.data?.['aborted']).toBeUndefined();
	});

	it('records a request the client aborts mid-stream as aborted', async () => {
		const controller = new AbortController();
		const response = await get('/slow-stream', {signal: controller.signal});
		const reader = response.body!.getReader();
		await reader.read();
		controller.abort();
		await reader.read().catch(() => undefined);
		const event = await eventFor('/slow-stream');
		expect(event.data).toMatchObject({aborted: true, status: 200, route: '/slow-stream'});
	});

	it('ignores health checks and HEAD requests', async () => {
		await get('/health');
		await get('/users/1', {method: 'HEAD'});
		await analytics.flush();
		const payloads = umami.stored.map((stored) => stored.event.payload as Payload);
		expect(payloads.map((payload) => payload.url)).not.toContain('/health');
		expect(payloads.filter((payload) => payload.data?.['method'] === 'HEAD')).toHaveLength(0);
	});
});
