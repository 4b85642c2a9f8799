/**
 * No thundering herd: many processes' queues facing one Umami that goes down and comes back must not retry
 * in the same instant. Sixteen queues with the client's backoff (`DEFAULT_BACKOFF`, full jitter, the real
 * `Math.random`) share one scripted server on fake timers; the test reads when each one sent. The fleet
 * benchmark (`bench/fleet.ts`, docs/fleet.md) shows the same against a real Umami.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {createQueue, DEFAULT_BACKOFF} from '../../src/queue/index.js';
import type {DeliveryResult} from '../../src/types.js';

const QUEUES = 16;
const OUTAGE_MS = 10_000;
const refused: DeliveryResult = {status: 'retry', kind: 'network', detail: 'network error ECONNREFUSED'};
const unavailable: DeliveryResult = {status: 'retry', kind: 'server', httpStatus: 503, detail: 'HTTP 503'};

beforeEach(() => {
	vi.useFakeTimers({now: 0});
});
afterEach(() => {
	vi.useRealTimers();
});

/** Sixteen queues against one server that fails with `failure` until `OUTAGE_MS`; the send times per queue. */
async function fleet(failure: DeliveryResult): Promise<number[][]> {
	const sends: number[][] = Array.from({length: QUEUES}, () => []);
	const queues = sends.map((times) =>
		createQueue<number>({
			maxSize: 1000,
			batchSize: 10,
			flushIntervalMs: 100,
			maxInFlight: 2,
			overflow: 'drop_oldest',
			backoff: DEFAULT_BACKOFF,
			maxAttempts: 10,
			maxEventAgeMs: 3_600_000,
			send: async (items) => {
				times.push(Date.now());
				return items.map(() => (Date.now() < OUTAGE_MS ? failure : {status: 'delivered'}));
			},
			onDrop: () => undefined,
			onDelivered: () => undefined,
			onRetry: () => undefined,
			now: () => Date.now(),
		}),
	);
	// Every process tracks at the same moment, so every first attempt fails at the same instant.
	for (const queue of queues) for (let item = 0; item < 20; item++) queue.push(item);
	await vi.advanceTimersByTimeAsync(OUTAGE_MS + 5000);
	for (const queue of queues) expect(queue.counters()).toMatchObject({waiting: 0, inFlight: 0});
	return sends;
}

function expectSpread(sends: number[][]): void {
	// While the server is down: the probes of all queues (from 2 s on), by millisecond.
	const probes = sends.flatMap((times) => times.filter((at) => at >= 2000 && at < OUTAGE_MS));
	const perInstant = new Map<number, number>();
	for (const at of probes) perInstant.set(at, (perInstant.get(at) ?? 0) + 1);
	expect(probes.length).toBeGreaterThan(QUEUES * 4);
	expect(Math.max(...perInstant.values())).toBeLessThanOrEqual(3);
	expect(perInstant.size).toBeGreaterThan(probes.length * 0.8);
	// After recovery: the moment each queue notices (its first send at or after OUTAGE_MS).
	const noticed = sends.map((times) => times.find((at) => at >= OUTAGE_MS)!);
	expect(new Set(noticed).size).toBeGreaterThanOrEqual(QUEUES - 2);
	expect(Math.max(...noticed) - Math.min(...noticed)).toBeGreaterThan(DEFAULT_BACKOFF.maxMs / 5);
	expect(Math.max(...noticed) - OUTAGE_MS).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
}

describe('a fleet of queues against one server that goes down and comes back', () => {
	it('refused connections: the probes and the first sends after recovery are spread, not simultaneous', async () => {
		expectSpread(await fleet(refused));
	});

	it('503 to everything: likewise', async () => {
		expectSpread(await fleet(unavailable));
	});
});
