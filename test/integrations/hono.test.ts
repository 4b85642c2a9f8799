/**
 * Hono middleware: a real Hono app served by @hono/node-server on 127.0.0.1 (and through `app.request()`),
 * sending to the fault server. Each test reads back what the fake Umami stored.
 */
import {serve, type ServerType} from '@hono/node-server';
import {Hono} from 'hono';
import {stream} from 'hono/streaming';
import type {AddressInfo} from 'node:net';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {skipTracking, umamiHono, type UmamiHonoOptions} from '../../src/integrations/hono.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '0b6a5d3e-8a1f-4c57-9e2d-3f4a5b6c7d8e';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let umami: FaultServer;
let analytics: UmamiAnalytics;
let counter = 0;

beforeAll(async () => {
	umami = await startFaultServer();
});
afterAll(async () => {
	await umami.close();
});

function newAnalytics(): UmamiAnalytics {
	analytics = new UmamiAnalytics(
		resolveConfig(`hono-test-${++counter}`, {
			websiteId: WEBSITE,
			apiUrl: umami.url,
			configFile: false,
			env: {},
			flushIntervalMs: 60_000,
		}),
	);
	umami.reset();
	return analytics;
}

function buildApp(options: UmamiHonoOptions = {}): Hono {
	const app = new Hono();
	app.use(umamiHono(newAnalytics(), options));
	app.get('/users/:id', (c) => c.json({id: c.req.param('id')}));
	app.get('/boom', () => {
		throw new Error('kaputt');
	});
	app.get('/health', (c) => c.text('ok'));
	app.get('/secret', (c) => {
		skipTracking(c.req.raw);
		return c.text('not tracked');
	});
	app.get('/slow', (c) =>
		stream(c, async (body) => {
			for (let index = 0; index < 3; index++) {
				await body.write(`chunk ${index}\n`);
				await body.sleep(100);
			}
		}),
	);
	app.get('/endless', (c) =>
		stream(c, async (body) => {
			while (!body.aborted && !body.closed) {
				await body.write('tick\n');
				await body.sleep(20);
			}
		}),
	);
	const api = new Hono();
	api.get('/items/:itemId', (c) => c.text(c.req.param('itemId')));
	app.route('/api', api);
	return app;
}

async function listen(app: Hono): Promise<{url: string; server: ServerType}> {
	return new Promise((resolve) => {
		const server = serve({fetch: app.fetch, port: 0, hostname: '127.0.0.1'}, (info: AddressInfo) => {
			resolve({url: `http://127.0.0.1:${info.port}`, server});
		});
	});
}

function close(server: ServerType): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		(server as {closeAllConnections?: () => void}).closeAllConnections?.();
	});
}

/** Flushes and returns the payloads the fake Umami stored. */
async function stored(): Promise<Record<string, unknown>[]> {
	await analytics.flush();
	return umami.stored.map((entry) => entry.event.payload ?? {});
}

async function waitTracked(count: number): Promise<void> {
	for (let waited = 0; analytics.stats().tracked < count && waited < 3000; waited += 10) await sleep(10);
}

const headers = {'user-agent': BROWSER_UA, 'accept-language': 'de-DE,de;q=0.9'};

describe('umamiHono over @hono/node-server', () => {
	let url: string;
	let server: ServerType;
	let shared: UmamiAnalytics;
	beforeAll(async () => {
		({url, server} = await listen(buildApp()));
		shared = analytics;
	});
	beforeEach(() => {
		analytics = shared;
		umami.reset();
	});
	afterAll(async () => {
		await close(server);
		await shared.shutdown(1000);
	});

	it('stores the route template, not the raw id; keeps only allowlisted query keys', async () => {
		const response = await fetch(`${url}/users/8812734?utm_source=news&token=abc123&ref=home`, {headers});
		expect(await response.json()).toEqual({id: '8812734'});
		const [event, ...rest] = await stored();
		expect(rest).toEqual([]);
		expect(event).toMatchObject({
			website: WEBSITE,
			url: '/users/:id?utm_source=news&ref=home',
			hostname: '127.0.0.1',
			language: 'de-DE',
			userAgent: BROWSER_UA,
			data: {method: 'GET', status: 200, route: '/users/:id'},
		});
		expect(event!['name']).toBeUndefined();
		expect(JSON.stringify(event)).not.toMatch(/8812734|abc123|token/);
	});

	it('uses the full template of a sub-app route', async () => {
		await fetch(`${url}/api/items/998877`, {headers});
		const [event] = await stored();
		expect(event).toMatchObject({url: '/api/items/:itemId', data: {route: '/api/items/:itemId'}});
	});

	it('records a thrown error as 500 with the error flag; Hono’s default onError answers', async () => {
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
		const response = await fetch(`${url}/boom`, {headers});
		expect(response.status).toBe(500);
		expect(await response.text()).toBe('Internal Server Error');
		const [event] = await stored();
		expect(event).toMatchObject({url: '/boom', data: {status: 500, error: true, route: '/boom'}});
		quiet.mockRestore();
	});

	it('stores a 404 under its sanitized path', async () => {
		const response = await fetch(`${url}/people/john.doe@example.com?email=jane@example.com`, {headers});
		expect(response.status).toBe(404);
		const [event] = await stored();
		expect(event!['url']).toBe('/people/[REDACTED_EMAIL]');
		expect(event!['data']).toMatchObject({status: 404});
		expect((event!['data'] as Record<string, unknown>)['route']).toBeUndefined();
		expect(JSON.stringify(event)).not.toContain('example.com');
	});

	it('measures a streamed response to its end', async () => {
		const started = Date.now();
		const response = await fetch(`${url}/slow`, {headers});
		expect(await response.text()).toBe('chunk 0\nchunk 1\nchunk 2\n');
		const elapsed = Date.now() - started;
		const [event] = await stored();
		const duration = (event!['data'] as {duration_ms: number}).duration_ms;
		expect(duration).toBeGreaterThanOrEqual(250);
		expect(duration).toBeLessThanOrEqual(elapsed + 5);
	});

	it('counts a client that leaves mid-stream as aborted', async () => {
		const before = analytics.stats().tracked;
		const controller = new AbortController();
		const response = await fetch(`${url}/endless`, {headers, signal: controller.signal});
		const reader = response.body!.getReader();
		await reader.read();
		controller.abort();
		await waitTracked(before + 1);
		const [event] = await stored();
		expect(event).toMatchObject({url: '/endless', data: {status: 200, aborted: true}});
	});

	it('ignores HEAD, health checks and requests opted out with skipTracking', async () => {
		const before = analytics.stats().tracked;
		await fetch(`${url}/users/1`, {method: 'HEAD', headers});
		await fetch(`${url}/health`, {headers});
		expect(await (await fetch(`${url}/secret`, {headers})).text()).toBe('not tracked');
		expect(await stored()).toEqual([]);
		expect(analytics.stats().tracked).toBe(before);
	});
});

describe('umamiHono through app.request()', () => {
	afterEach(async () => {
		await analytics.shutdown(1000);
	});

	it('leaves a custom onError response untouched and flags the error', async () => {
		const app = buildApp();
		app.onError((error, c) => c.text(`handled: ${error.message}`, 503, {'x-handled': 'yes'}));
		const response = await app.request('/boom', {headers});
		expect(response.status).toBe(503);
		expect(response.headers.get('x-handled')).toBe('yes');
		expect(await response.text()).toBe('handled: kaputt');
		const [event] = await stored();
		expect(event).toMatchObject({data: {status: 503, error: true}});
	});

	it('keeps set-cookie headers as they were (no duplicates)', async () => {
		const app = new Hono();
		app.use(umamiHono(newAnalytics()));
		app.get('/cookies', (c) => {
			c.header('set-cookie', 'a=1', {append: true});
			c.header('set-cookie', 'b=2', {append: true});
			return c.text('ok');
		});
		const response = await app.request('/cookies', {headers});
		expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
		expect(await response.text()).toBe('ok');
		expect(await stored()).toHaveLength(1);
	});

	it('applies a custom query allowlist and event mode', async () => {
		const app = buildApp({queryAllowlist: ['page'], mode: 'event', eventName: 'api_call'});
		await (await app.request('/users/42?page=2&utm_source=x', {headers})).text();
		const [event] = await stored();
		expect(event).toMatchObject({name: 'api_call', url: '/users/:id?page=2'});
	});

	it('hands the flush to executionCtx.waitUntil (Workers) without anyone calling flush()', async () => {
		// On Node the context is only probed when asked (the default is on in workerd: see test/runtimes).
		const app = buildApp({flushOnWaitUntil: true});
		const pending: Promise<unknown>[] = [];
		const executionCtx = {waitUntil: vi.fn((promise: Promise<unknown>) => void pending.push(promise))};
		const response = await app.request('/users/7', {headers}, {}, executionCtx as never);
		await response.text();
		expect(executionCtx.waitUntil).toHaveBeenCalledOnce();
		await Promise.all(pending);
		expect(umami.stored).toHaveLength(1);
		expect(umami.stored[0]!.event.payload).toMatchObject({url: '/users/:id'});
	});

	it('does not flush per request when flushOnWaitUntil is false, nor by default on Node', async () => {
		for (const options of [{flushOnWaitUntil: false}, {}]) {
			const app = buildApp(options);
			const executionCtx = {waitUntil: vi.fn()};
			await (await app.request('/users/7', {headers}, {}, executionCtx as never)).text();
			expect(executionCtx.waitUntil).not.toHaveBeenCalled();
			expect(analytics.stats().queued).toBe(1);
		}
	});

	it('picks the instance from the bindings with a function (Workers style)', async () => {
		newAnalytics();
		const app = new Hono<{Bindings: {UMAMI_WEBSITE_ID: string}}>();
		const picked = vi.fn((c: {env: unknown}) => {
			expect(c.env).toEqual({UMAMI_WEBSITE_ID: WEBSITE});
			return analytics;
		});
		app.use(umamiHono(picked));
		app.get('/x', (c) => c.text('x'));
		await (await app.request('/x', {headers}, {UMAMI_WEBSITE_ID: WEBSITE})).text();
		await (await app.request('/x', {headers}, {UMAMI_WEBSITE_ID: WEBSITE})).text();
		expect(picked).toHaveBeenCalledTimes(2);
		expect(await stored()).toHaveLength(2);
	});

	it('never lets tracking break the request: a throwing instance picker leaves the app as is', async () => {
		const app = new Hono();
		app.use(
			umamiHono(() => {
				throw new Error('no config');
			}),
		);
		app.get('/x', (c) => c.text('still fine'));
		const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
		const response = await app.request('/x', {headers});
		expect(await response.text()).toBe('still fine');
		warning.mockRestore();
	});

	it('measures to the headers only with measureBody: false and returns the response object as is', async () => {
		const app = new Hono();
		const body = new Response('same');
		app.use(umamiHono(newAnalytics(), {measureBody: false}));
		app.get('/same', () => body);
		const response = await app.request('/same', {headers});
		expect(response).toBe(body);
		expect(await stored()).toHaveLength(1);
	});
});
