import {Readable} from 'node:stream';
import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {skipTracking, umamiFastify} from '../../src/integrations/fastify.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '00000000-0000-4000-8000-000000000001';
type Payload = Record<string, unknown> & {url?: string; name?: string; data?: Record<string, unknown>};

function ticking(count: number, intervalMs: number): Readable {
	let sent = 0;
	return new Readable({
		read() {
			setTimeout(() => this.push(sent++ < count ? `chunk ${sent}\n` : null), intervalMs);
		},
	});
}

describe('fastify 5', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let app: FastifyInstance;
	let base: string;
	const seenErrors: unknown[] = [];

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = new UmamiAnalytics(
			resolveConfig('fastify-test', {
				websiteId: WEBSITE,
				apiUrl: umami.url,
				configFile: false,
				flushIntervalMs: 20,
				env: {},
			}),
		);
		app = Fastify();
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
		app.get('/private-report', async (request) => {
			skipTracking(request);
			return 'ok';
		});
		app.setErrorHandler((error, _request, reply) => {
			seenErrors.push(error);
			void reply.status(500).send({handled: true});
		});
		base = await app.listen({port: 0, host: '127.0.0.1'});
	});

	afterAll(async () => {
		await analytics.shutdown();
		await app.close();
		await umami.close();
	});

	const get = (path: string, init: RequestInit = {}): Promise<Response> =>
		fetch(base + path, {...init, headers: {'user-agent': BROWSER_UA, ...init.headers}});

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

	it('records the route template of an encapsulated plugin, never the raw id; query allowlisted', async () => {
		const response = await get('/users/98765?utm_source=news&token=secret');
		expect(await response.json()).toEqual({id: '98765'});
		const event = await eventFor('/users/:id');
		expect(event.url).toBe('/users/:id?utm_source=news');
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/users/:id'});
		const bodies = JSON.stringify(umami.requests.map((request) => request.body));
		expect(bodies).not.toContain('98765');
		expect(bodies).not.toContain('secret');
	});

	it('records a thrown error as 500 + error flag; the error handler sees the same error', async () => {
		const response = await get('/boom');
		expect(response.status).toBe(500);
		expect(await response.json()).toEqual({handled: true});
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

	it('skipTracking(request) opts one request out', async () => {
		await get('/private-report');
		await get('/users/marker-after-skip');
		await eventFor('/users/:id');
		const payloads = umami.stored.map((stored) => stored.event.payload as Payload);
		expect(payloads.map((payload) => payload.url)).not.toContain('/private-report');
	});

	it('registers with the instance and tracking options together, without patching the instance', async () => {
		expect('fastify' in analytics).toBe(false);
		const other = Fastify();
		await other.register(umamiFastify, {analytics, mode: 'event'});
		other.get('/x', async () => 'x');
		await other.inject({method: 'GET', url: '/x', headers: {'user-agent': BROWSER_UA}});
		const event = await eventFor('http_request');
		expect(event.data).toMatchObject({route: '/x', status: 200});
		await other.close();
	});
});
