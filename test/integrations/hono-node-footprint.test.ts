/**
 * On `@hono/node-server`, `c.req.raw.headers` builds a WHATWG `Headers` from the Node request the first time
 * it is read, and reading a response's `body` turns node-server's light response into a full web `Response`
 * sent through a stream: a hello-world app never pays for either, so the middleware must not either, while it
 * still measures to the last byte (from the Node response). Real Hono app, real HTTP.
 */
import type {AddressInfo} from 'node:net';
import {serve, type ServerType} from '@hono/node-server';
import {Hono} from 'hono';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {umamiHono} from '../../src/integrations/hono.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {browserFetch, eventFor, trackedAnalytics} from '../helpers/tracked-apps.js';
import {BROWSER_UA} from '../helpers/umami.js';

describe('umamiHono on @hono/node-server', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let server: ServerType;
	let base: string;
	const headerReads = new Map<string, number>();
	const answered = new Map<string, Response & {reads?: number}>();

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		const app = new Hono();
		app.use(async (c, next) => {
			// An own getter shadows node-server's: it counts, then answers as the original would.
			const raw = c.req.raw;
			const original = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(raw), 'headers')?.get;
			const path = new URL(raw.url).pathname;
			headerReads.set(path, 0);
			Object.defineProperty(raw, 'headers', {
				configurable: true,
				get: () => {
					headerReads.set(path, (headerReads.get(path) ?? 0) + 1);
					return original?.call(raw) as Headers;
				},
			});
			await next();
		});
		app.use(umamiHono(analytics));
		app.get('/orders/:id', (c) => c.json({id: c.req.param('id')}));
		app.get('/items/:id', (c) => {
			const response = countBodyReads(c.json({id: c.req.param('id')}));
			answered.set(c.req.path, response);
			return response;
		});
		app.get('/slow/:id', async (c) => {
			await new Promise((resolve) => setTimeout(resolve, 300));
			return c.json({id: c.req.param('id')});
		});
		server = await new Promise<ServerType>((resolve) => {
			const started = serve({fetch: app.fetch, port: 0, hostname: '127.0.0.1'}, () => resolve(started));
		});
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await analytics.shutdown();
		await new Promise((resolve) => server.close(resolve));
		await umami.close();
	});

	it('measures to the last byte without reading the response body: the body goes out as is', async () => {
		const response = await browserFetch(`${base}/items/7`);
		expect(response.headers.get('content-length')).toBe(String('{"id":"7"}'.length));
		expect(response.headers.get('transfer-encoding')).toBeNull();
		expect(await response.json()).toEqual({id: '7'});
		const event = await eventFor(analytics, umami, '/items/:id');
		expect(event.data).toMatchObject({status: 200, route: '/items/:id'});
		expect(event.data?.['aborted']).toBeUndefined();
		expect(answered.get('/items/7')?.reads ?? 0).toBe(0);
	});

	it('records a request whose client left before the handler answered as aborted', async () => {
		const controller = new AbortController();
		const pending = browserFetch(`${base}/slow/1`, {signal: controller.signal}).catch(() => undefined);
		await new Promise((resolve) => setTimeout(resolve, 100));
		controller.abort();
		await pending;
		const event = await eventFor(analytics, umami, '/slow/:id');
		expect(event.data).toMatchObject({route: '/slow/:id', aborted: true});
	});

	it('tracks host and language from the Node request, never building the web Headers', async () => {
		await browserFetch(`${base}/orders/1`, {headers: {'accept-language': 'fr-FR,fr;q=0.8'}});
		const event = await eventFor(analytics, umami, '/orders/:id');
		expect(event['hostname']).toBe('127.0.0.1');
		expect(event['language']).toBe('fr-FR');
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/orders/:id'});
		expect(headerReads.get('/orders/1')).toBe(0);
	});
});

/** Makes `response.body` count its reads in `response.reads`. */
function countBodyReads(response: Response): Response & {reads?: number} {
	const original = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(response), 'body')?.get;
	Object.defineProperty(response, 'body', {
		configurable: true,
		get(this: Response & {reads?: number}) {
			this.reads = (this.reads ?? 0) + 1;
			return original?.call(this) as ReadableStream | null;
		},
	});
	return response;
}

describe('umamiHono with measureBody: false', () => {
	it('never reads the response body (records it when the handler returned)', async () => {
		const umami = await startFaultServer();
		const analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		const app = new Hono();
		let bodyReads = -1;
		app.use(async (c, next) => {
			await next();
			bodyReads = (c.res as Response & {reads?: number}).reads ?? 0;
		});
		app.use(umamiHono(analytics, {measureBody: false}));
		app.get('/items/:id', (c) => countBodyReads(c.json({id: c.req.param('id')})));
		const response = await app.request('http://shop.test/items/9', {headers: {'user-agent': BROWSER_UA}});
		expect(await response.json()).toEqual({id: '9'});
		const event = await eventFor(analytics, umami, '/items/:id');
		expect(event.data).toMatchObject({status: 200, route: '/items/:id'});
		expect(bodyReads).toBe(0);
		await analytics.shutdown();
		await umami.close();
	});
});
