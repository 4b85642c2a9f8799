/**
 * Queue + transport + fault server, real timers: the outage scenarios of issue 4.
 * The client wires queue and transport in production; these tests wire them the same way, by hand.
 */
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {DEFAULT_BACKOFF, createQueue} from '../../src/queue/index.js';
import type {QueueOptions} from '../../src/queue/index.js';
import {createTransport} from '../../src/transport/index.js';
import type {DropReason, UmamiEvent} from '../../src/types.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {tsEvalCommand} from '../helpers/runtime.js';

const WEBSITE = '4f2b4a5e-8d3c-4d4b-9a53-0c0b5a2f1e11';
const servers: FaultServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

function pipeline(server: FaultServer, overrides: Partial<QueueOptions<UmamiEvent>> = {}) {
	const transport = createTransport({
		apiUrl: server.url,
		fetch: globalThis.fetch,
		timeoutMs: 10_000,
		userAgent: 'Mozilla/5.0 Umami/v20.20.2',
		headers: {},
		endpoint: 'auto',
		maxRetryAfterMs: 60_000,
	});
	const drops = new Map<DropReason, number>();
	let delivered = 0;
	const queue = createQueue<UmamiEvent>({
		maxSize: 100_000,
		batchSize: 100,
		flushIntervalMs: 1000,
		maxInFlight: 2,
		overflow: 'drop_oldest',
		backoff: DEFAULT_BACKOFF,
		maxAttempts: 5,
		maxEventAgeMs: 3_600_000,
		send: (events, signal) => transport.send(events, signal),
		onDrop: (_, reason) => drops.set(reason, (drops.get(reason) ?? 0) + 1),
		onDelivered: () => delivered++,
		onRetry: () => undefined,
		now: Date.now,
		...overrides,
	});
	return {queue, transport, drops, delivered: () => delivered};
}

const event = (index: number): UmamiEvent => ({
	type: 'event',
	payload: {
		website: WEBSITE,
		url: '/load',
		name: 'tick',
		data: {i: index},
		timestamp: Math.floor(Date.now() / 1000),
	},
});

/** Pushes `rate` events per second in 10 ms slices until `stop()`; returns how many were pushed. */
function produce(push: (event: UmamiEvent) => void, rate: number) {
	let pushed = 0;
	const started = Date.now();
	const timer = setInterval(() => {
		const due = Math.floor(((Date.now() - started) * rate) / 1000);
		while (pushed < due) push(event(pushed++));
	}, 10);
	return {
		count: () => pushed,
		stop: () => {
			clearInterval(timer);
			return pushed;
		},
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outage under load (real timers)', () => {
	it('10 s of refused connections at 500 events/s: 100 % delivered, 0 duplicates, fast drain', async () => {
		const server = await startFaultServer();
		servers.push(server);
		const {queue} = pipeline(server);
		const producer = produce((item) => queue.push(item), 500);
		await sleep(2000);
		await server.down();
		const downAt = Date.now();
		await sleep(10_000);
		const pushedBeforeRecovery = producer.count();
		await server.up();
		const recoveredAt = Date.now();
		await sleep(3000);
		const total = producer.stop();
		const result = await queue.shutdown(10_000);

		const tally = server.tally(total);
		const held = server.stored.filter((stored) => (stored.index ?? 0) < pushedBeforeRecovery);
		const lastHeldAt = Math.max(...held.map((stored) => stored.at));
		const lag = lastHeldAt - recoveredAt;
		console.log(
			`[outage] events=${total} outage=${recoveredAt - downAt} ms held-at-recovery≈${
				pushedBeforeRecovery - server.stored.filter((stored) => stored.at < downAt).length
			} last-held-event-arrived=${lag} ms after recovery requests=${server.requests.length} missing=${
				tally.missing.length
			} duplicated=${tally.duplicated.length}`,
		);
		expect(tally.missing).toEqual([]);
		expect(tally.duplicated).toEqual([]);
		expect(result).toMatchObject({dropped: 0, pending: 0});
		// Issue target: ≤ 2 s. Asserted with slack for a loaded 2-core machine; the figure is printed above.
		expect(lag).toBeLessThan(4000);
	}, 30_000);

	it('server down for the whole run: the app survives and every event is accounted for', async () => {
		const server = await startFaultServer();
		servers.push(server);
		await server.down();
		const {queue, drops, delivered} = pipeline(server, {maxSize: 800, maxEventAgeMs: 1500});
		const producer = produce((item) => queue.push(item), 500);
		await sleep(3000);
		const total = producer.stop();
		const flushed = await queue.flush();
		const started = Date.now();
		const result = await queue.shutdown(5000);
		const elapsed = Date.now() - started;
		const accounted = [...drops.values()].reduce((sum, count) => sum + count, 0);
		console.log(
			`[down] events=${total} drops=${JSON.stringify(Object.fromEntries(drops))} shutdown=${elapsed} ms`,
		);
		expect(delivered()).toBe(0);
		expect(flushed.sent).toBe(0);
		expect(accounted).toBe(total);
		expect(drops.get('network_error')).toBeGreaterThan(0); // aged out while held
		expect(drops.get('shutdown_timeout')).toBeGreaterThan(0); // the rest at shutdown
		expect(
			[...drops.keys()].every((reason) =>
				['network_error', 'shutdown_timeout', 'queue_overflow'].includes(reason),
			),
		).toBe(true);
		expect(result.pending).toBe(0);
		expect(elapsed).toBeLessThan(1000); // one failed probe, not the 5 s deadline
	}, 30_000);

	it('v2.10 through the queue: falls back to /api/send, no lost or duplicated event', async () => {
		const server = await startFaultServer({version: '2.10', sessionRace: true});
		servers.push(server);
		const {queue, transport} = pipeline(server);
		for (let index = 0; index < 300; index++) queue.push(event(index));
		const result = await queue.shutdown(20_000);
		expect(transport.endpoint()).toBe('send');
		expect(result).toEqual({sent: 300, failed: 0, dropped: 0, pending: 0});
		expect(server.tally(300)).toEqual({stored: 300, missing: [], duplicated: []});
	}, 30_000);
});

describe('process lifetime', () => {
	it('pending flush, backoff and request timers do not keep the process alive', async () => {
		const root = fileURLToPath(new URL('../..', import.meta.url));
		const script = `
			import {createQueue, DEFAULT_BACKOFF} from './src/queue/index.ts';
			import {createTransport} from './src/transport/index.ts';
			const transport = createTransport({apiUrl: 'http://127.0.0.1:9', fetch, timeoutMs: 60000,
				userAgent: 'Mozilla/5.0 Umami/v20.20.2', headers: {}, endpoint: 'auto', maxRetryAfterMs: 60000});
			const queue = createQueue({maxSize: 100, batchSize: 10, flushIntervalMs: 60000, maxInFlight: 2,
				overflow: 'drop_oldest', backoff: {baseMs: 60000, maxMs: 60000}, maxAttempts: 5, maxEventAgeMs: 1e9,
				send: (events, signal) => transport.send(events, signal), onDrop() {}, onDelivered() {}, onRetry() {},
				now: Date.now});
			for (let i = 0; i < 15; i++) queue.push({type: 'event', payload: {website: 'w', data: {i}}});
			setTimeout(() => console.log('armed'), 200);
		`;
		const started = Date.now();
		const output = await new Promise<string>((resolve, reject) => {
			execFile(...tsEvalCommand(script), {cwd: root, timeout: 20_000}, (error, stdout) =>
				error ? reject(error) : resolve(stdout),
			);
		});
		expect(output.trim()).toBe('armed');
		expect(Date.now() - started).toBeLessThan(15_000);
	}, 30_000);
});
