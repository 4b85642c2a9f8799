/**
 * `initExpress` on an app with nothing registered runs from Express's `app.handle`, not as a router layer
 * (`express-handle.ts`), over real HTTP on real Express 4 and 5 apps, beside `app.use(umamiExpress())` for
 * comparison: the same events — completed, aborted (also on a keep-alive connection that served a request
 * before), streamed to the end, under a mounted sub-app. Once something is registered, `initExpress` adds its
 * middleware as before, and what an earlier middleware answers stays untracked.
 */
import {Agent, request as httpRequest, type IncomingMessage, type Server} from 'node:http';
import {createRequire} from 'node:module';
import express5 from 'express';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {initExpress, umamiExpress} from '../../src/integrations/express.js';
import {beginInHandle, type HandledApp} from '../../src/integrations/express-handle.js';
import {trackRoute} from '../../src/integrations/track-route.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {
	eventFor,
	listening,
	trackedAnalytics,
	type Listening,
	type Payload,
} from '../helpers/tracked-apps.js';
import {BROWSER_UA} from '../helpers/umami.js';

// express@4 is installed as `express4`, without types.
const express4 = createRequire(import.meta.url)('express4') as typeof express5;

/** How each app is tracked. */
type Install = (app: express5.Express, analytics: UmamiAnalytics) => void;

/** What each request's handler saw. */
interface Seen {
	/** `close` listeners on the response when the handler ran. */
	closeListeners: number;
}

/**
 * An app with a plain route, a streamed one the test ends (`finishStream`), one that never ends, an ignored
 * path, and a sub-app mounted on a pattern.
 */
function buildApp(
	express: typeof express5,
	install: Install,
	analytics: UmamiAnalytics,
	seen: Map<string, Seen>,
): {app: express5.Express; finishStream: () => void} {
	const app = express();
	install(app, analytics);
	const note = (req: express5.Request, res: express5.Response): void => {
		seen.set(req.originalUrl, {closeListeners: res.listenerCount('close')});
	};
	let finish = (): void => undefined;
	app.get('/done/:id', (req, res) => {
		note(req, res);
		res.json({id: req.params.id});
	});
	app.get('/health', (req, res) => {
		note(req, res);
		res.send('ok');
	});
	app.get('/stream', (req, res) => {
		note(req, res);
		res.type('text/plain');
		res.write('first chunk\n');
		finish = () => res.end('last chunk\n');
	});
	app.get('/endless', (req, res) => {
		note(req, res);
		res.type('text/plain');
		res.write('first chunk\n');
	});
	const people = express();
	people.get('/products/:id', (req, res) => {
		note(req, res);
		res.send('product');
	});
	app.use('/people/:name', people);
	return {app, finishStream: () => finish()};
}

/** One GET over `agent`; resolves with the response once its headers arrived. */
function open(base: string, path: string, agent: Agent): Promise<IncomingMessage> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(base + path, {agent, headers: {'user-agent': BROWSER_UA}}, resolve);
		request.on('error', reject);
		request.end();
	});
}

/** The body of `response`, read to its end. */
async function body(response: IncomingMessage): Promise<string> {
	let text = '';
	for await (const chunk of response) text += String(chunk);
	return text;
}

/** Resolves with the first chunk of `response`. */
function firstChunk(response: IncomingMessage): Promise<string> {
	return new Promise((resolve) => response.once('data', (chunk) => resolve(String(chunk))));
}

/** Serves `app` on 127.0.0.1 while `use` runs, with a keep-alive agent; closes both after. */
async function serving(
	app: express5.Express,
	use: (base: string, agent: Agent) => Promise<void>,
): Promise<void> {
	const server = await new Promise<Server>((resolve) => {
		const s: Server = app.listen(0, '127.0.0.1', () => resolve(s));
	});
	const {base, close} = listening(server);
	const agent = new Agent({keepAlive: true});
	try {
		await use(base, agent);
	} finally {
		agent.destroy();
		await close();
	}
}

const variants: [string, typeof express5, Install][] = [
	['express 5, initExpress', express5, (app, analytics) => initExpress(app, analytics)],
	['express 4, initExpress', express4, (app, analytics) => initExpress(app, analytics)],
	['express 5, app.use(umamiExpress())', express5, (app, analytics) => app.use(umamiExpress(analytics))],
];

describe.each(variants)('%s: the end of each response', (_name, express, install) => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let server: Listening;
	let finishStream: () => void;
	let agent: Agent;
	const seen = new Map<string, Seen>();

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami);
		const built = buildApp(express, install, analytics, seen);
		finishStream = built.finishStream;
		const listener = await new Promise<Server>((resolve) => {
			const s: Server = built.app.listen(0, '127.0.0.1', () => resolve(s));
		});
		server = listening(listener);
	});

	afterEach(() => agent?.destroy());

	afterAll(async () => {
		await analytics.shutdown();
		await server.close();
		await umami.close();
	});

	it('records a completed response', async () => {
		agent = new Agent({keepAlive: true});
		expect(await body(await open(server.base, '/health', agent))).toBe('ok');
		expect(await body(await open(server.base, '/done/7', agent))).toBe('{"id":"7"}');
		const event = await eventFor(analytics, umami, '/done/:id');
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/done/:id'});
		expect(event.data?.['aborted']).toBeUndefined();
		// The request's headers, read when it starts (before Express swaps the prototypes under initExpress).
		expect(event['hostname']).toBe('127.0.0.1');
		expect(event['userAgent']).toBe(BROWSER_UA);
		// One `close` listener more than on an ignored request's response: the record's.
		expect(seen.get('/done/7')!.closeListeners).toBe(seen.get('/health')!.closeListeners + 1);
	});

	it('records a request under a mounted sub-app with the mount pattern', async () => {
		agent = new Agent({keepAlive: true});
		expect(await body(await open(server.base, '/people/John-Smith/products/3', agent))).toBe('product');
		const event = await eventFor(analytics, umami, '/people/:name/products/:id');
		expect(event.data).toMatchObject({status: 200, route: '/people/:name/products/:id'});
	});

	it('records a streamed response once it ends, not before', async () => {
		agent = new Agent({keepAlive: true});
		const response = await open(server.base, '/stream', agent);
		expect(await firstChunk(response)).toBe('first chunk\n');
		const before = analytics.stats().tracked;
		// The response has started and is not over: the turn of its first chunk has passed, nothing is recorded.
		await new Promise((resolve) => setImmediate(resolve));
		expect(analytics.stats().tracked).toBe(before);
		finishStream();
		expect(await body(response)).toBe('last chunk\n');
		const event = await eventFor(analytics, umami, '/stream');
		expect(event.data).toMatchObject({status: 200, route: '/stream'});
		expect(event.data?.['aborted']).toBeUndefined();
	});

	it('records an aborted response as aborted, on a keep-alive connection that served one before', async () => {
		agent = new Agent({keepAlive: true, maxSockets: 1});
		expect(await body(await open(server.base, '/done/8', agent))).toBe('{"id":"8"}');
		const response = await open(server.base, '/endless', agent);
		await firstChunk(response);
		response.destroy();
		const event = await eventFor(analytics, umami, '/endless');
		expect(event.data).toMatchObject({aborted: true, status: 200, route: '/endless'});
		const done = umami.stored
			.map((stored) => stored.event.payload as Payload)
			.filter((payload) => payload.url === '/done/:id');
		expect(done.length).toBeGreaterThan(0);
		expect(done.every((payload) => payload.data?.['aborted'] === undefined)).toBe(true);
	});
});

describe('initExpress on an app that has middleware already', () => {
	it('installs a middleware layer, as before: what an earlier middleware answers is not tracked', async () => {
		const umami = await startFaultServer();
		const analytics = trackedAnalytics(umami);
		const app = express5();
		app.use('/early', (_req, res) => void res.send('early'));
		initExpress(app, analytics);
		app.get('/late/:id', (_req, res) => void res.send('late'));
		const names = app.router.stack.map((layer) => (layer as {name?: string}).name);
		expect(names).toContain('umamiExpressMiddleware');
		await serving(app, async (base, agent) => {
			expect(await body(await open(base, '/early', agent))).toBe('early');
			expect(await body(await open(base, '/late/1', agent))).toBe('late');
			const event = await eventFor(analytics, umami, '/late/:id');
			expect(event.data).toMatchObject({status: 200, route: '/late/:id'});
			expect(umami.stored.map((stored) => (stored.event.payload as Payload).url)).not.toContain('/early');
		});
		await analytics.shutdown();
		await umami.close();
	});

	it('on an app with nothing registered, no layer is added to its router (Express 5 and 4)', () => {
		const app = express5();
		initExpress(app, trackedAnalyticsStub());
		expect(app.router.stack).toHaveLength(0);
		const app4 = express4() as unknown as {_router?: {stack: {name: string}[]}; get: express5.Express['get']};
		initExpress(app4 as unknown as express5.Express, trackedAnalyticsStub());
		app4.get('/x', (_req, res) => void res.send('x'));
		expect(app4._router!.stack.map((layer) => layer.name)).toEqual([
			'query',
			'expressInit',
			'bound dispatch',
		]);
	});

	it('when the identity policy reads req.ip, installs the middleware layer (Express answers req.ip there)', () => {
		const app = express5();
		initExpress(
			app,
			trackedAnalytics({url: 'http://127.0.0.1:9'} as FaultServer, {identity: {ip: 'truncate'}}),
		);
		expect(app.router.stack.map((layer) => (layer as {name?: string}).name)).toEqual([
			'umamiExpressMiddleware',
		]);
	});
});

describe('initExpress from app.handle with trackRoute and ignorePaths', () => {
	it('names a route once, skips an ignored path', async () => {
		const umami = await startFaultServer();
		const analytics = trackedAnalytics(umami);
		const app = express5();
		initExpress(app, analytics, {ignorePaths: ['/internal/*']});
		app.get('/named/:id', trackRoute('orders.named'), (_req, res) => void res.send('named'));
		app.get('/internal/:id', (_req, res) => void res.send('internal'));
		await serving(app, async (base, agent) => {
			expect(await body(await open(base, '/internal/1', agent))).toBe('internal');
			expect(await body(await open(base, '/named/1', agent))).toBe('named');
			const named = await eventFor(analytics, umami, 'orders.named');
			expect(named.data).toMatchObject({route: '/named/:id', route_name: 'orders.named', status: 200});
			const payloads = umami.stored.map((stored) => stored.event.payload as Payload);
			expect(payloads).toHaveLength(1);
			expect(analytics.stats().skippedRequests).toBe(1);
		});
		await analytics.shutdown();
		await umami.close();
	});
});

/** An instance that never sends (the test only inspects the app). */
function trackedAnalyticsStub(): UmamiAnalytics {
	return trackedAnalytics({url: 'http://127.0.0.1:9'} as FaultServer);
}

describe('beginInHandle', () => {
	it('a tracking step that throws never reaches the app: the request is answered, untracked', async () => {
		const app = express5();
		expect(
			beginInHandle(app as unknown as HandledApp, () => {
				throw new Error('tracking failed');
			}),
		).toBe(true);
		app.get('/ok', (_req, res) => res.send('answered'));
		const server = await new Promise<Server>((resolve) => {
			const started = app.listen(0, '127.0.0.1', () => resolve(started));
		});
		const {base, close} = listening(server);
		try {
			const answer = await fetch(`${base}/ok`);
			expect(answer.status).toBe(200);
			expect(await answer.text()).toBe('answered');
		} finally {
			await close();
		}
	});
});
