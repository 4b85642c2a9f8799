/**
 * "At most 2 requests in flight" (issue 4), counted where it matters: at a fault server on 127.0.0.1 whose
 * answers are slow, so every request the client opens stays open long enough to overlap with the others.
 * Queue and transport are wired the way the client wires them, with the configured `maxInFlight`.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {resolveConfig} from '../../src/config/resolve.js';
import {DEFAULT_BACKOFF, createQueue} from '../../src/queue/index.js';
import {createTransport, type EndpointMode} from '../../src/transport/index.js';
import type {UmamiEvent, UmamiLocation} from '../../src/types.js';
import {startFaultServer, type FaultServer, type FaultServerOptions} from '../helpers/fault-server.js';

const WEBSITE = '4f2b4a5e-8d3c-4d4b-9a53-0c0b5a2f1e11';
const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
/** The default of `async.max_in_flight`, read from the configuration rather than repeated here. */
const MAX_IN_FLIGHT = resolveConfig('concurrency', {env: {}, configFile: false, websiteId: WEBSITE}).queue
	.maxInFlight;

const servers: FaultServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts a fault server whose every answer takes `ms` (stored first, as Umami does). */
async function slowServer(options: FaultServerOptions, ms = 40): Promise<FaultServer> {
	const server = await startFaultServer(options);
	servers.push(server);
	server.setHandler(() => ({type: 'delay', ms}));
	return server;
}

/** Pushes every event into a queue + transport pair, drains it, and returns the statuses Umami answered. */
async function drain(server: FaultServer, events: readonly UmamiEvent[], endpoint: EndpointMode = 'auto') {
	const statuses: number[] = [];
	const transport = createTransport({
		apiUrl: server.url,
		fetch: async (input, init) => {
			const response = await fetch(input, init);
			statuses.push(response.status);
			return response;
		},
		timeoutMs: 10_000,
		userAgent: 'Mozilla/5.0 Umami/v20.20.2',
		headers: {},
		endpoint,
		maxRetryAfterMs: 60_000,
	});
	let delivered = 0;
	const queue = createQueue<UmamiEvent>({
		maxSize: 10_000,
		batchSize: 10,
		flushIntervalMs: 60_000,
		maxInFlight: MAX_IN_FLIGHT,
		overflow: 'drop_oldest',
		backoff: DEFAULT_BACKOFF,
		maxAttempts: 5,
		maxEventAgeMs: 3_600_000,
		send: (batch, signal) => transport.send(batch, signal),
		onDrop: () => undefined,
		onDelivered: () => delivered++,
		onRetry: () => undefined,
		now: Date.now,
	});
	for (const event of events) queue.push(event);
	const result = await queue.flush();
	await queue.shutdown(1000);
	return {result, delivered, statuses, mode: transport.endpoint()};
}

/** Event `index`; the three sessions (User-Agent) alternate so every session spans several batches. */
function event(index: number, location?: UmamiLocation): UmamiEvent {
	return {
		type: 'event',
		payload: {
			website: WEBSITE,
			url: '/concurrency',
			name: 'tick',
			data: {i: index},
			userAgent: `${UA} s${index % 3}`,
			timestamp: Math.floor(Date.now() / 1000),
		},
		...(location === undefined ? {} : {location}),
	};
}

const range = (count: number): number[] => Array.from({length: count}, (_, index) => index);
const COUNTRIES = ['DE', 'FR', 'IT', 'ES'];

describe(`at most ${MAX_IN_FLIGHT} HTTP requests open at once, in every mode`, () => {
	it('the configured default is 2', () => {
		expect(MAX_IN_FLIGHT).toBe(2);
	});

	it('/api/send (Umami 2.10, one request per event): peak ≤ max in flight, no session race', async () => {
		const server = await slowServer({version: '2.10', sessionRace: true, sessionCreateMs: 30});
		const {result, mode, statuses} = await drain(
			server,
			range(40).map((index) => event(index)),
		);
		expect(mode).toBe('send');
		expect(result).toMatchObject({sent: 40, failed: 0, dropped: 0, pending: 0});
		expect(server.tally(40)).toEqual({stored: 40, missing: [], duplicated: []});
		// Sessions span batches: the other batch in flight waits for a session's first request (no 500).
		expect(statuses.filter((status) => status >= 500)).toEqual([]);
		expect(server.requests.filter((request) => request.path === '/api/send')).toHaveLength(40);
		// Both slots are used (the drain is not serialized), never more.
		expect(server.peakOpen()).toBe(MAX_IN_FLIGHT);
	});

	it('/api/send chosen by configuration: the same bound', async () => {
		const server = await slowServer({version: '3'});
		const {result} = await drain(
			server,
			range(40).map((index) => event(index)),
			'send',
		);
		expect(result).toMatchObject({sent: 40, pending: 0});
		expect(server.peakOpen()).toBe(MAX_IN_FLIGHT);
	});

	it('/api/batch (one request per batch): peak ≤ max in flight', async () => {
		const server = await slowServer({version: '3'});
		const {result, mode} = await drain(
			server,
			range(60).map((index) => event(index)),
		);
		expect(mode).toBe('batch');
		expect(result).toMatchObject({sent: 60, pending: 0});
		expect(server.requests).toHaveLength(6);
		expect(server.peakOpen()).toBe(MAX_IN_FLIGHT);
	});

	it('/api/batch with CDN locations (one request per location in a batch): peak ≤ max in flight', async () => {
		const server = await slowServer({version: '3'});
		const events = range(60).map((index) => event(index, {country: COUNTRIES[index % 4]!}));
		const {result} = await drain(server, events);
		expect(result).toMatchObject({sent: 60, pending: 0});
		expect(server.tally(60)).toEqual({stored: 60, missing: [], duplicated: []});
		// 6 batches × 4 locations: 24 requests, of which at most 2 were ever open together.
		expect(server.requests).toHaveLength(24);
		expect(new Set(server.requests.map((request) => request.headers['cf-ipcountry']))).toEqual(
			new Set(COUNTRIES),
		);
		expect(server.peakOpen()).toBe(MAX_IN_FLIGHT);
	});

	it('CDN locations on Umami 2.10 (404 → /api/send per event): peak ≤ max in flight', async () => {
		const server = await slowServer({version: '2.10', sessionRace: true, sessionCreateMs: 30});
		const events = range(40).map((index) => event(index, {country: COUNTRIES[index % 4]!}));
		const {result, mode, statuses} = await drain(server, events);
		expect(mode).toBe('send');
		expect(result).toMatchObject({sent: 40, pending: 0});
		expect(server.tally(40)).toEqual({stored: 40, missing: [], duplicated: []});
		expect(statuses.filter((status) => status >= 500)).toEqual([]);
		expect(server.peakOpen()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
	});
});
