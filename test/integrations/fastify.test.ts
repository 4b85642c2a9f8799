import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {skipTracking, umamiFastify} from '../../src/integrations/fastify.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {
	browserFetch,
	eventFor as storedEvent,
	trackedAnalytics,
	type Payload,
} from '../helpers/tracked-apps.js';
import {BROWSER_UA} from '../helpers/umami.js';

describe('fastify 5', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let app: FastifyInstance;
	let base: string;

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		app = Fastify();
		await app.register(umamiFastify, {analytics});
		app.get('/users/:id', async () => 'ok'); // the marker request after a skipped one
		app.get('/private-report', async (request) => {
			skipTracking(request);
			return 'ok';
		});
		app.get('/orders/:id/refund', async () => {
			throw Object.assign(new Error('already refunded'), {statusCode: 409});
		});
		base = await app.listen({port: 0, host: '127.0.0.1'});
	});

	afterAll(async () => {
		await analytics.shutdown();
		await app.close();
		await umami.close();
	});

	const get = (path: string, init: RequestInit = {}): Promise<Response> => browserFetch(base + path, init);
	const eventFor = (prefix: string): Promise<Payload> => storedEvent(analytics, umami, prefix);

	// Route templates, errors, 404s, streams, aborts and ignored requests: node-framework-cases.test.ts.

	it('skipTracking(request) opts one request out', async () => {
		await get('/private-report');
		await get('/users/marker-after-skip');
		await eventFor('/users/:id');
		const payloads = umami.stored.map((stored) => stored.event.payload as Payload);
		expect(payloads.map((payload) => payload.url)).not.toContain('/private-report');
	});

	it('sets the error flag when a handler throws, whatever status the error handler answers', async () => {
		const response = await get('/orders/7/refund');
		expect(response.status).toBe(409);
		const event = await eventFor('/orders/:id/refund');
		expect(event.data).toMatchObject({status: 409, error: true, route: '/orders/:id/refund'});
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
