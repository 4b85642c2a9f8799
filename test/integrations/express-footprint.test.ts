/**
 * What the Express middleware touches on a real Express 5 request and response, over real HTTP. Inside
 * Express every read of a `req`/`res` property and every property added to them goes through the prototype
 * chain (Express swaps their prototypes per request, so no two requests share a hidden class): the adapter
 * must read each thing once and store nothing on the request or the response — not even when a request is
 * ignored, named by `trackRoute` or opted out with `skipTracking`. What is tracked stays the same, also when
 * `skipTracking` and `trackRoute` come from a second copy of the library (the CommonJS build in `dist/`, built
 * before the tests, beside these ESM sources), as in a codebase that mixes `import` and `require`.
 */
import type {Server} from 'node:http';
import {createRequire} from 'node:module';
import express from 'express';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {skipTracking, umamiExpress} from '../../src/integrations/express.js';
import {trackRoute} from '../../src/integrations/track-route.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {
	browserFetch,
	eventFor,
	listening,
	trackedAnalytics,
	type Listening,
	type Payload,
} from '../helpers/tracked-apps.js';

const require = createRequire(import.meta.url);
const otherCopy = require('../../dist/express.cjs') as typeof import('../../src/integrations/express.js');
const otherIndex =
	require('../../dist/track-route.cjs') as typeof import('../../src/integrations/track-route.js');

/** What one request did to its `req`/`res`, as seen by probes around the middleware. */
interface Footprint {
	/** Reads of `req.headers` once the response had finished. */
	headerReadsAfterFinish: number;
	/** Reads of getters that run Express's proxy-trust rules or parse headers. */
	getterReads: string[];
	/** Own symbol keys of umami-guard's on `res` while the handler runs. */
	responseSymbols: string[];
	/** Own symbol keys of umami-guard's on `req` while the handler runs and once the response closed. */
	requestSymbols: string[];
	/** `close` and `finish` listeners the middleware added. */
	closeListenersAdded: number;
	finishListenersAdded: number;
}

/** The descriptions of umami-guard's own symbol keys on `target`. */
function ourSymbols(target: object): string[] {
	return Object.getOwnPropertySymbols(target)
		.map((symbol) => symbol.description ?? '')
		.filter((name) => name.startsWith('umami-guard'));
}

describe('umamiExpress on a real Express 5 request', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let app: Listening;
	const footprints = new Map<string, Footprint>();

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		const application = express();
		const before = new WeakMap<object, {close: number; finish: number}>();
		application.use((req, res, next) => {
			const footprint: Footprint = {
				headerReadsAfterFinish: 0,
				getterReads: [],
				responseSymbols: [],
				requestSymbols: [],
				closeListenersAdded: 0,
				finishListenersAdded: 0,
			};
			footprints.set(req.url, footprint);
			let finished = false;
			res.on('finish', () => (finished = true));
			// Own getters shadow Express's and Node's: they count, then answer as the originals would.
			const headers = req.headers;
			Object.defineProperty(req, 'headers', {
				configurable: true,
				get: () => {
					if (finished) footprint.headerReadsAfterFinish++;
					return headers;
				},
			});
			for (const name of ['ip', 'ips', 'hostname', 'host', 'protocol', 'secure', 'subdomains']) {
				Object.defineProperty(req, name, {
					configurable: true,
					get: () => {
						footprint.getterReads.push(name);
						return undefined;
					},
				});
			}
			// Registered before the middleware's: runs after the handler's marks, before the record is read.
			res.on('close', () => footprint.requestSymbols.push(...ourSymbols(req)));
			before.set(res, {close: res.listenerCount('close'), finish: res.listenerCount('finish')});
			next();
		});
		application.use(umamiExpress(analytics));
		application.get('/orders/:id', (req, res) => {
			const footprint = footprints.get(req.url)!;
			const counts = before.get(res)!;
			footprint.closeListenersAdded = res.listenerCount('close') - counts.close;
			footprint.finishListenersAdded = res.listenerCount('finish') - counts.finish;
			footprint.responseSymbols = ourSymbols(res);
			footprint.requestSymbols.push(...ourSymbols(req));
			res.json({id: req.params.id});
		});
		application.get('/named/:id', trackRoute('orders.named'), (req, res) => {
			footprints.get(req.url)!.requestSymbols.push(...ourSymbols(req));
			res.json({ok: true});
		});
		application.get('/skipped/:id', (req, res) => {
			skipTracking(req);
			footprints.get(req.url)!.requestSymbols.push(...ourSymbols(req));
			res.json({ok: true});
		});
		application.get('/copies/skipped/:id', (req, res) => {
			otherCopy.skipTracking(req);
			res.send('ok');
		});
		application.get('/copies/named/:id', otherIndex.trackRoute('copies.named'), (_req, res) => {
			res.send('ok');
		});
		const server = await new Promise<Server>((resolve) => {
			const s: Server = application.listen(0, '127.0.0.1', () => resolve(s));
		});
		app = listening(server);
	});

	afterAll(async () => {
		await analytics.shutdown();
		await app.close();
		await umami.close();
	});

	it('tracks the same event: route, method, status, duration, host, language', async () => {
		await browserFetch(`${app.base}/orders/1?utm_source=news`, {
			headers: {'accept-language': 'de-DE,de;q=0.9'},
		});
		const event = await eventFor(analytics, umami, '/orders/:id');
		expect(event.url).toBe('/orders/:id?utm_source=news');
		expect(event['hostname']).toBe('127.0.0.1');
		expect(event['language']).toBe('de-DE');
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/orders/:id'});
		expect(typeof event.data?.['duration_ms']).toBe('number');
	});

	it('stores nothing on the response and adds one close listener, no finish listener', async () => {
		await browserFetch(`${app.base}/orders/2`);
		await eventFor(analytics, umami, '/orders/:id');
		const footprint = footprints.get('/orders/2')!;
		expect(footprint.responseSymbols).toEqual([]);
		expect(footprint.closeListenersAdded).toBe(1);
		expect(footprint.finishListenersAdded).toBe(0);
	});

	it('stores nothing on the request: tracked, ignored, named by trackRoute or opted out', async () => {
		await browserFetch(`${app.base}/orders/5`);
		await browserFetch(`${app.base}/health`);
		await browserFetch(`${app.base}/skipped/1`);
		await browserFetch(`${app.base}/named/1`);
		const named = await eventFor(analytics, umami, 'orders.named');
		expect(named.data).toMatchObject({route: '/named/:id', route_name: 'orders.named'});
		for (const url of ['/orders/5', '/health', '/skipped/1', '/named/1']) {
			expect(footprints.get(url)!.requestSymbols, url).toEqual([]);
		}
		const urls = umami.stored.map((stored) => (stored.event.payload as Payload).url);
		expect(urls.some((url) => url?.startsWith('/skipped'))).toBe(false);
	});

	it('skipTracking and trackRoute of another copy of the library: skipped, named once', async () => {
		await browserFetch(`${app.base}/copies/skipped/1`);
		await browserFetch(`${app.base}/copies/named/1`);
		const named = await eventFor(analytics, umami, 'copies.named');
		expect(named.data).toMatchObject({route: '/copies/named/:id', route_name: 'copies.named'});
		const copies = umami.stored
			.map((stored) => stored.event.payload as Payload)
			.filter((payload) => payload.name === 'copies.named' || payload.url?.startsWith('/copies'));
		expect(copies).toHaveLength(1);
	});

	it('reads req.headers before the response, never again when recording it', async () => {
		await browserFetch(`${app.base}/orders/3`);
		await eventFor(analytics, umami, '/orders/:id');
		await analytics.flush();
		expect(footprints.get('/orders/3')!.headerReadsAfterFinish).toBe(0);
	});

	it('reads no getter that runs proxy-trust rules (req.ip, req.hostname, req.protocol, …) by default', async () => {
		await browserFetch(`${app.base}/orders/4`);
		await eventFor(analytics, umami, '/orders/:id');
		expect(footprints.get('/orders/4')!.getterReads).toEqual([]);
	});
});

describe('umamiExpress reads the getters and methods of each app’s own prototypes', () => {
	it('two apps, one with its own req.headers getter and res.on: each request read through its own app', async () => {
		const umami = await startFaultServer();
		const analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		const plain = express();
		const custom = express();
		// Express's documented extension points: `app.request` and `app.response`, the prototypes of this app's
		// requests and responses. A cache that did not tell the apps' prototypes apart would mix them up.
		const headers = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(express.request), 'headers')!;
		Object.defineProperty(custom.request, 'headers', {
			configurable: true,
			get(this: object) {
				const real = headers.get!.call(this) as Record<string, string>;
				return {...real, 'accept-language': 'fr-CH'};
			},
		});
		let closeListeners = 0;
		const on = custom.response.on;
		custom.response.on = function (this: typeof custom.response, event: string, listener: () => void) {
			if (event === 'close') closeListeners++;
			return on.call(this, event, listener);
		} as typeof on;
		for (const [app, name] of [
			[plain, 'plain'],
			[custom, 'custom'],
		] as const) {
			app.use(umamiExpress(analytics));
			app.get(`/${name}/:id`, (_req, res) => {
				res.send('ok');
			});
		}
		const servers = await Promise.all(
			[plain, custom].map(
				(app) =>
					new Promise<Listening>((resolve) => {
						const s: Server = app.listen(0, '127.0.0.1', () => resolve(listening(s)));
					}),
			),
		);
		try {
			for (let round = 0; round < 2; round++) {
				await browserFetch(`${servers[0]!.base}/plain/${round}`, {headers: {'accept-language': 'de-DE'}});
				await browserFetch(`${servers[1]!.base}/custom/${round}`, {headers: {'accept-language': 'de-DE'}});
			}
			await eventFor(analytics, umami, '/custom/:id');
			await eventFor(analytics, umami, '/plain/:id');
			const payloads = umami.stored.map((stored) => stored.event.payload as Payload);
			const languages = (prefix: string): unknown[] =>
				payloads.filter((p) => p.url?.startsWith(prefix)).map((p) => p['language']);
			expect(languages('/plain/')).toEqual(['de-DE', 'de-DE']);
			expect(languages('/custom/')).toEqual(['fr-CH', 'fr-CH']);
			expect(closeListeners).toBe(2);
		} finally {
			await analytics.shutdown();
			await Promise.all(servers.map((s) => s.close()));
			await umami.close();
		}
	});
});
