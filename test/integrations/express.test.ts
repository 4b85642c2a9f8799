import {createRequire} from 'node:module';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import express5 from 'express';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {initExpress, skipTracking, umamiExpress} from '../../src/integrations/express.js';
import {trackRoute} from '../../src/integrations/track-route.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '00000000-0000-4000-8000-000000000001';
type Payload = Record<string, unknown> & {url?: string; name?: string; data?: Record<string, unknown>};
type ExpressFactory = () => {
	use(...args: unknown[]): unknown;
	get(...args: unknown[]): unknown;
	listen(port: number, host: string, callback: () => void): Server;
};

// express@4 is installed as `express4`, without types; both versions share the surface used below.
const express4 = createRequire(import.meta.url)('express4') as unknown;
const versions: [string, ExpressFactory][] = [
	['express 5', express5 as unknown as ExpressFactory],
	['express 4', express4 as unknown as ExpressFactory],
];

let counter = 0;

describe.each(versions)('%s', (label, express) => {
	// Express 5 names its wildcards (`*rest`); Express 4 has the bare `*`.
	const wildcard = label === 'express 5' ? '*rest' : '*';
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let server: Server;
	let base: string;
	const seenErrors: unknown[] = [];

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = new UmamiAnalytics(
			resolveConfig(`express-test-${++counter}`, {
				websiteId: WEBSITE,
				apiUrl: umami.url,
				configFile: false,
				flushIntervalMs: 20,
				env: {},
			}),
		);
		const app = express();
		initExpress(app, analytics);
		const users = express();
		users.get('/:id', (req: {params: {id: string}}, res: {json(body: unknown): void}) => {
			res.json({id: req.params.id});
		});
		app.use('/users', users);
		const reply = (_req: unknown, res: {send(body: string): void}): void => res.send('ok');
		app.get(['/view', `/view/${wildcard}`], reply);
		const shop = express();
		shop.get(['/items/:id', '/item/:id/details'], reply);
		app.use('/shop', shop);
		app.get('/boom', () => {
			throw new Error('boom');
		});
		app.get(
			'/stream',
			(_req: unknown, res: NodeJS.WritableStream & {setHeader(k: string, v: string): void}) => {
				res.setHeader('content-type', 'text/plain');
				let sent = 0;
				const timer = setInterval(() => {
					res.write(`chunk ${sent}\n`);
					if (++sent === 5) {
						clearInterval(timer);
						res.end();
					}
				}, 50);
				res.on('close', () => clearInterval(timer));
			},
		);
		app.get('/slow-stream', (_req: unknown, res: NodeJS.WritableStream) => {
			res.write('first\n');
			const timer = setInterval(() => res.write('more\n'), 50);
			res.on('close', () => clearInterval(timer));
		});
		app.get('/health', (_req: unknown, res: {send(body: string): void}) => res.send('ok'));
		app.get('/private-report', (req: object, res: {send(body: string): void}) => {
			skipTracking(req);
			res.send('ok');
		});
		app.get('/api/generate', trackRoute('api.generate'), (_req: unknown, res: {json(body: unknown): void}) =>
			res.json({ok: true}),
		);
		app.use(
			(
				error: unknown,
				_req: unknown,
				res: {status(code: number): {json(body: unknown): void}},
				_next: unknown,
			) => {
				seenErrors.push(error);
				res.status(500).json({handled: true});
			},
		);
		server = await new Promise<Server>((resolve) => {
			const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await analytics.shutdown();
		await new Promise((resolve) => server.close(resolve));
		await umami.close();
	});

	const get = (path: string, init: RequestInit = {}): Promise<Response> =>
		fetch(base + path, {...init, headers: {'user-agent': BROWSER_UA, ...init.headers}});

	/** Waits until an event whose url starts with `prefix` (or has name `prefix`) is stored. */
	async function eventFor(prefix: string): Promise<Payload> {
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

	it('records the route template (mount path included), never the raw id', async () => {
		const response = await get('/users/12345?utm_source=news&token=secret');
		expect(await response.json()).toEqual({id: '12345'});
		const event = await eventFor('/users/:id');
		expect(event.url).toBe('/users/:id?utm_source=news');
		expect(event.name).toBeUndefined();
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/users/:id'});
		expect(typeof event.data?.['duration_ms']).toBe('number');
		expect(JSON.stringify(umami.requests.map((request) => request.body))).not.toContain('12345');
		expect(JSON.stringify(umami.requests.map((request) => request.body))).not.toContain('secret');
	});

	it('array routes: the template of the entry that matched, mount path included', async () => {
		await get('/view');
		expect((await eventFor('/view')).data).toMatchObject({route: '/view'});
		await get('/view/secret-page/42');
		const rest = await eventFor(`/view/${wildcard}`);
		expect(rest.url).toBe(`/view/${wildcard}`);
		expect(rest.data).toMatchObject({route: `/view/${wildcard}`});
		await get('/shop/ITEM/981234/details');
		expect((await eventFor('/shop/item/:id/details')).data).toMatchObject({route: '/shop/item/:id/details'});
		await get('/shop/items/981234');
		expect((await eventFor('/shop/items/:id')).url).toBe('/shop/items/:id');
		const bodies = JSON.stringify(umami.requests.map((request) => request.body));
		expect(bodies).not.toContain('secret-page');
		expect(bodies).not.toContain('981234');
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
		const response = await get('/nowhere/john@example.com');
		expect(response.status).toBe(404);
		const event = await eventFor('/nowhere/');
		expect(event.url).toBe('/nowhere/[REDACTED_EMAIL]');
		expect(event.data).toMatchObject({status: 404});
		expect(event.data?.['route']).toBeUndefined();
	});

	it('measures a streamed response to its end', async () => {
		const response = await get('/stream');
		expect(await response.text()).toContain('chunk 4');
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
		expect(event.data).toMatchObject({aborted: true, status: 200});
	});

	it('ignores health checks and HEAD requests', async () => {
		await get('/health');
		await get('/users/1', {method: 'HEAD'});
		await get('/users/marker-after-ignored');
		await eventFor('/users/:id');
		await analytics.flush();
		const urls = umami.stored.map((stored) => (stored.event.payload as Payload).url);
		expect(urls).not.toContain('/health');
		const heads = umami.stored.filter(
			(stored) => (stored.event.payload as Payload).data?.['method'] === 'HEAD',
		);
		expect(heads).toHaveLength(0);
	});

	it('skipTracking(req) opts one request out', async () => {
		await get('/private-report');
		await get('/users/marker-after-skip');
		await eventFor('/users/:id');
		await analytics.flush();
		const urls = umami.stored.map((stored) => (stored.event.payload as Payload).url);
		expect(urls).not.toContain('/private-report');
	});

	it('names a route with trackRoute: a custom event, tracked once', async () => {
		await get('/api/generate');
		const event = await eventFor('api.generate');
		expect(event.url).toBe('/api/generate');
		expect(event.data).toMatchObject({route_name: 'api.generate', status: 200, route: '/api/generate'});
		await analytics.flush();
		expect(
			umami.stored.filter((stored) => (stored.event.payload as Payload).url === '/api/generate'),
		).toHaveLength(1);
	});

	it('works as app.use(umamiExpress()) and as the instance methods after importing the module', async () => {
		expect(typeof umamiExpress(analytics)).toBe('function');
		expect(typeof analytics.express()).toBe('function');
		const app = express();
		analytics.initExpress(app);
		app.use(analytics.express());
	});
});
