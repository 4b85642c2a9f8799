/**
 * What the Fastify plugin adds to a real Fastify 5 request, over real HTTP. An `onResponse` hook anywhere in
 * the app makes Fastify add a `finish` and an `error` listener (and a closure) to every response: the plugin
 * registers none and records each request from the one `close` listener it adds. What is tracked stays the same.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {umamiFastify} from '../../src/integrations/fastify.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {browserFetch, eventFor, trackedAnalytics} from '../helpers/tracked-apps.js';

type Listeners = Record<'finish' | 'error' | 'close', number>;

/** An app whose handler waits 30 ms and reports the listeners on its Node response at that point. */
async function app(analytics: UmamiAnalytics | undefined, seen: Listeners[]): Promise<FastifyInstance> {
	const instance = Fastify();
	if (analytics) await instance.register(umamiFastify, {analytics});
	instance.get('/orders/:id', async (request, reply) => {
		const raw = reply.raw;
		seen.push({
			finish: raw.listenerCount('finish'),
			error: raw.listenerCount('error'),
			close: raw.listenerCount('close'),
		});
		await sleep(30);
		return {id: (request.params as {id: string}).id};
	});
	await instance.listen({port: 0, host: '127.0.0.1'});
	return instance;
}

describe('umamiFastify on a real Fastify 5 request', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let bare: FastifyInstance;
	let tracked: FastifyInstance;
	const bareSeen: Listeners[] = [];
	const trackedSeen: Listeners[] = [];

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		bare = await app(undefined, bareSeen);
		tracked = await app(analytics, trackedSeen);
	});

	afterAll(async () => {
		await analytics.shutdown();
		await Promise.all([bare.close(), tracked.close()]);
		await umami.close();
	});

	const address = (instance: FastifyInstance): string => {
		const info = instance.server.address();
		return typeof info === 'object' && info !== null ? `http://127.0.0.1:${info.port}` : '';
	};

	it('adds one close listener and no finish or error listener to the response', async () => {
		await browserFetch(`${address(bare)}/orders/1`);
		await browserFetch(`${address(tracked)}/orders/1`);
		expect(trackedSeen).toHaveLength(1);
		expect(trackedSeen[0]).toEqual({...bareSeen[0]!, close: bareSeen[0]!.close + 1});
	});

	it('still records the route, status and the time to the last byte', async () => {
		const response = await browserFetch(`${address(tracked)}/orders/42`);
		expect(await response.json()).toEqual({id: '42'});
		const event = await eventFor(analytics, umami, '/orders/:id');
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/orders/:id'});
		// The handler waits 30 ms on a timer, which libuv may fire up to 1 ms early against the clock the
		// duration is measured on (its loop time is cached per iteration).
		expect(event.data?.['duration_ms']).toBeGreaterThanOrEqual(29);
		expect(event.data?.['aborted']).toBeUndefined();
	});
});
