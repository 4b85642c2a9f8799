import {createRequire} from 'node:module';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import express5 from 'express';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {initExpress, skipTracking, umamiExpress} from '../../src/integrations/express.js';
import {trackRoute} from '../../src/integrations/track-route.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {
	browserFetch,
	eventFor as storedEvent,
	trackedAnalytics,
	type Payload,
} from '../helpers/tracked-apps.js';

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

describe.each(versions)('%s', (label, express) => {
	// Express 5 names its wildcards (`*rest`); Express 4 has the bare `*`.
	const wildcard = label === 'express 5' ? '*rest' : '*';
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let server: Server;
	let base: string;

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		const app = express();
		initExpress(app, analytics);
		const reply = (_req: unknown, res: {send(body: string): void}): void => res.send('ok');
		app.get('/users/:id', reply); // the marker request after a skipped one
		app.get(['/view', `/view/${wildcard}`], reply);
		const shop = express();
		shop.get(['/items/:id', '/item/:id/details'], reply);
		app.use('/shop', shop);
		app.get('/private-report', (req: object, res: {send(body: string): void}) => {
			skipTracking(req);
			res.send('ok');
		});
		app.get('/api/generate', trackRoute('api.generate'), (_req: unknown, res: {json(body: unknown): void}) =>
			res.json({ok: true}),
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

	const get = (path: string, init: RequestInit = {}): Promise<Response> => browserFetch(base + path, init);
	const eventFor = (prefix: string): Promise<Payload> => storedEvent(analytics, umami, prefix);

	// Route templates, errors, 404s, streams, aborts and ignored requests: node-framework-cases.test.ts.

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

	it('works as app.use(umamiExpress()) and as initExpress(app), without patching the instance', async () => {
		expect(typeof umamiExpress(analytics)).toBe('function');
		expect(typeof umamiExpress(analytics, {mode: 'event'})).toBe('function');
		const app = express();
		initExpress(app, analytics);
		app.use(umamiExpress(analytics));
		expect('express' in analytics || 'initExpress' in analytics).toBe(false);
	});
});
