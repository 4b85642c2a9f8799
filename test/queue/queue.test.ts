import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {DeliveryResult} from '../../src/types.js';
import {all, delivered, down, harness, range, serverError, settle} from './harness.js';

beforeEach(() => {
	vi.useFakeTimers({now: 1_000_000});
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

const pushAll = (queue: {push(item: number): void}, items: number[]): void => {
	for (const item of items) queue.push(item);
};

describe('batching', () => {
	it('sends a batch as soon as batchSize events wait', async () => {
		const h = harness();
		pushAll(h.queue, range(0, 10));
		await settle();
		expect(h.batches.map((batch) => batch.items)).toEqual([range(0, 5), range(5, 10)]);
		expect(h.delivered).toEqual(range(0, 10));
	});

	it('sends a partial batch flushIntervalMs after the oldest waiting event', async () => {
		const h = harness();
		h.queue.push(0);
		await vi.advanceTimersByTimeAsync(500);
		h.queue.push(1);
		await vi.advanceTimersByTimeAsync(499);
		expect(h.batches).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(h.batches.map((batch) => batch.items)).toEqual([[0, 1]]);
	});

	it('keeps at most maxInFlight batches in flight', async () => {
		const h = harness({}, () => 'defer');
		pushAll(h.queue, range(0, 20));
		await settle();
		expect(h.batches).toHaveLength(2);
		expect(h.queue.counters()).toEqual({waiting: 10, inFlight: 10, retried: 0});
		h.batches[0]?.resolve(range(0, 5).map(() => delivered));
		await settle();
		expect(h.batches).toHaveLength(3);
		expect(h.batches[2]?.items).toEqual(range(10, 15));
	});
});

describe('draining over per-event requests (requestPerEvent)', () => {
	it("a flush sends at most a lane's share of what waits per batch, so both lanes start at once", async () => {
		const h = harness({batchSize: 100, flushIntervalMs: 60_000, requestPerEvent: () => true}, () => 'defer');
		pushAll(h.queue, range(0, 30));
		const flushed = h.queue.flush();
		await settle();
		// Half of 30, then half of the 15 left: a lane that frees first still finds work.
		expect(h.batches.map((batch) => batch.items.length)).toEqual([15, 8]);
		h.setResponder(all(delivered));
		h.batches[0]?.resolve(range(0, 15).map(() => delivered));
		h.batches[1]?.resolve(range(0, 8).map(() => delivered));
		expect(await flushed).toMatchObject({sent: 30, pending: 0});
		expect(h.batches.map((batch) => batch.items.length)).toEqual([15, 8, 4, 2, 1]);
		expect(h.delivered).toEqual(range(0, 30));
	});

	it('a shutdown likewise; what waits beyond the lanes goes in full batches first', async () => {
		const h = harness({batchSize: 10, requestPerEvent: () => true});
		pushAll(h.queue, range(0, 9));
		await h.queue.shutdown(1000);
		expect(h.batches.map((batch) => batch.items.length)).toEqual([5, 2, 1, 1]);
		expect(h.delivered).toEqual(range(0, 9));
	});

	it('leaves batches whole outside a flush, and whenever requests carry batches', async () => {
		const perEvent = harness({batchSize: 10, requestPerEvent: () => true});
		pushAll(perEvent.queue, range(0, 20));
		await settle();
		expect(perEvent.batches.map((batch) => batch.items.length)).toEqual([10, 10]);
		const batched = harness({batchSize: 100, requestPerEvent: () => false});
		pushAll(batched.queue, range(0, 30));
		await batched.queue.flush();
		expect(batched.batches.map((batch) => batch.items.length)).toEqual([30]);
	});
});

describe('overflow', () => {
	it('drop_oldest drops the oldest waiting event, counted as queue_overflow', async () => {
		const h = harness({maxSize: 3, batchSize: 100});
		pushAll(h.queue, range(0, 5));
		expect(h.dropped('queue_overflow')).toEqual([0, 1]);
		const result = await h.queue.flush();
		expect(h.batches.map((batch) => batch.items)).toEqual([[2, 3, 4]]);
		expect(result).toEqual({sent: 3, failed: 0, dropped: 0, pending: 0});
	});

	it('drop_newest drops the new event', async () => {
		const h = harness({maxSize: 3, batchSize: 100, overflow: 'drop_newest'});
		pushAll(h.queue, range(0, 5));
		expect(h.dropped('queue_overflow')).toEqual([3, 4]);
		await h.queue.flush();
		expect(h.delivered).toEqual([0, 1, 2]);
	});

	it('counts events in flight against maxSize; drops the new one when nothing waits', async () => {
		const h = harness({maxSize: 4, batchSize: 2}, () => 'defer');
		pushAll(h.queue, range(0, 4));
		await settle();
		expect(h.queue.counters()).toMatchObject({waiting: 0, inFlight: 4});
		h.queue.push(4);
		expect(h.dropped('queue_overflow')).toEqual([4]);
	});

	it('push stays cheap and bounded with 100k events', () => {
		const h = harness({maxSize: 50_000, batchSize: 1_000_000, flushIntervalMs: 1e9});
		const start = performance.now();
		pushAll(h.queue, range(0, 100_000));
		const elapsed = performance.now() - start;
		expect(h.queue.counters().waiting).toBe(50_000);
		expect(h.dropped('queue_overflow')).toHaveLength(50_000);
		expect(elapsed).toBeLessThan(1000);
	});
});

describe('retries', () => {
	it('puts retried events back at the front in original order, without duplicates', async () => {
		// The backoff's jitter pinned to half its range: a draw near 0 made item 1 ready before the healthy batch left.
		vi.spyOn(Math, 'random').mockReturnValue(0.5);
		const h = harness({maxInFlight: 1}, (items, n) =>
			items.map((item) => (n === 0 && (item === 1 || item === 3) ? serverError : delivered)),
		);
		pushAll(h.queue, range(0, 10));
		await settle();
		await vi.advanceTimersByTimeAsync(2000);
		// Item-specific failures wait out their own backoff; healthy traffic is not held up behind them.
		expect(h.batches.map((batch) => batch.items)).toEqual([range(0, 5), range(5, 10), [1, 3]]);
		expect([...h.delivered].sort((a, b) => a - b)).toEqual(range(0, 10));
		expect(h.retries).toEqual([{count: 2, result: serverError}]);
	});

	it('merges retries from two batches in flight back in push order', async () => {
		const h = harness({}, () => 'defer');
		pushAll(h.queue, range(0, 12));
		await settle();
		const [first, second] = h.batches;
		second?.resolve(range(5, 10).map(() => serverError));
		await settle();
		first?.resolve(range(0, 5).map(() => serverError));
		await settle();
		h.setResponder(all(delivered));
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.batches.slice(2).flatMap((batch) => batch.items)).toEqual(range(0, 12));
	});

	it('delivers or drops every event exactly once, whatever the results (property)', async () => {
		const kinds: DeliveryResult[] = [
			delivered,
			{status: 'bot_filtered'},
			{status: 'rejected', httpStatus: 400, detail: 'HTTP 400'},
			serverError,
			{status: 'retry', kind: 'rate_limited', httpStatus: 429, retryAfterMs: 300, detail: 'HTTP 429'},
			down,
			{status: 'retry', kind: 'timeout', detail: 'timeout'},
		];
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.integer({min: 0, max: kinds.length - 1}), {minLength: 1, maxLength: 200}),
				fc.integer({min: 1, max: 40}),
				fc.integer({min: 1, max: 3}),
				async (script, count, maxInFlight) => {
					let cursor = 0;
					const h = harness({maxInFlight, maxEventAgeMs: 20_000}, (items) =>
						items.map(() => kinds[script[cursor++ % script.length] ?? 0] ?? delivered),
					);
					pushAll(h.queue, range(0, count));
					// Eventually the script yields enough successes, or events age out.
					for (let step = 0; step < 400 && h.delivered.length + h.drops.length < count; step++) {
						await vi.advanceTimersByTimeAsync(250);
					}
					const outcomes = [...h.delivered, ...h.drops.map((drop) => drop.item)].sort((a, b) => a - b);
					expect(outcomes).toEqual(range(0, count));
					const sent = h.batches.flatMap((batch) => batch.items);
					for (const batch of h.batches) expect(new Set(batch.items).size).toBe(batch.items.length);
					expect(sent.length).toBeGreaterThanOrEqual(count);
					await h.queue.shutdown(0);
				},
			),
			{numRuns: 40},
		);
	});

	it('backs off exponentially with full jitter, within the bounds', async () => {
		vi.spyOn(Math, 'random').mockReturnValue(0.999);
		const h = harness({batchSize: 1, backoff: {baseMs: 100, maxMs: 1000}}, all(serverError));
		h.queue.push(0);
		await settle();
		await vi.advanceTimersByTimeAsync(5000);
		const gaps = h.batches.slice(1, 7).map((batch, index) => batch.at - (h.batches[index]?.at ?? 0));
		// ceil = min(1000, 100·2^n): 100, 200, 400, 800, 1000, 1000 → floor(0.999 · ceil)
		expect(gaps).toEqual([99, 199, 399, 799, 999, 999]);
	});

	it('with zero jitter retries at once, never earlier than Retry-After', async () => {
		vi.spyOn(Math, 'random').mockReturnValue(0.5);
		const limited: DeliveryResult = {
			status: 'retry',
			kind: 'rate_limited',
			httpStatus: 429,
			retryAfterMs: 5000,
			detail: 'HTTP 429',
		};
		const h = harness({batchSize: 1}, (items, n) => items.map(() => (n === 0 ? limited : delivered)));
		h.queue.push(0);
		await settle();
		await vi.advanceTimersByTimeAsync(4999);
		expect(h.batches).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(h.batches).toHaveLength(2);
		expect(h.delivered).toEqual([0]);
	});

	it('drops an event as server_error after maxAttempts while the server accepts others', async () => {
		const h = harness({maxAttempts: 3, batchSize: 2}, (items) =>
			items.map((item) => (item === 0 ? serverError : delivered)),
		);
		pushAll(h.queue, range(0, 8));
		await vi.advanceTimersByTimeAsync(10_000);
		expect(h.dropped('server_error')).toEqual([0]);
		expect(h.batches.filter((batch) => batch.items.includes(0))).toHaveLength(3);
		expect(h.delivered).toEqual(range(1, 8));
		expect(h.drops[0]?.detail).toContain('gave up after 3 attempts');
	});
});

describe('outage', () => {
	it('holds everything, sends one probe per backoff step, then drains at full concurrency', async () => {
		const h = harness({batchSize: 10, backoff: {baseMs: 500, maxMs: 1000}}, all(down));
		pushAll(h.queue, range(0, 100));
		await settle();
		expect(h.batches).toHaveLength(2); // before the first failure: normal concurrency
		await vi.advanceTimersByTimeAsync(30_000);
		const probes = h.batches.length - 2;
		expect(probes).toBeGreaterThanOrEqual(30); // ≤ 1 s apart
		expect(probes).toBeLessThanOrEqual(30_000 / 1); // sanity
		for (const batch of h.batches.slice(2)) expect(batch.items).toEqual(range(0, 10)); // always the front
		expect(h.drops).toEqual([]); // no attempts counted while unreachable
		// Recovery: the next probe succeeds and the queue drains with 2 batches in flight.
		let inFlight = 0;
		let maxSeen = 0;
		h.setResponder(() => {
			inFlight++;
			maxSeen = Math.max(maxSeen, inFlight);
			return 'defer';
		});
		const before = h.batches.length;
		await vi.advanceTimersByTimeAsync(1000);
		expect(h.batches.length).toBe(before + 1);
		for (let index = before; index < h.batches.length || h.delivered.length < 100; index++) {
			const batch = h.batches[index];
			if (batch === undefined) break;
			inFlight--;
			batch.resolve(batch.items.map(() => delivered));
			await settle();
		}
		expect(h.delivered).toEqual(range(0, 100));
		expect(maxSeen).toBe(2);
	});

	it('drops events older than maxEventAgeMs as network_error while unreachable', async () => {
		const h = harness({batchSize: 10, maxEventAgeMs: 10_000}, all(down));
		pushAll(h.queue, range(0, 5));
		await vi.advanceTimersByTimeAsync(6000);
		pushAll(h.queue, range(5, 10));
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.dropped('network_error')).toEqual(range(0, 5));
		h.setResponder(all(delivered));
		await vi.advanceTimersByTimeAsync(2000);
		expect(h.delivered).toEqual(range(5, 10));
		expect(h.drops.every((drop) => drop.detail.includes('ECONNREFUSED'))).toBe(true);
	});

	it("counts an event's age from the time its caller read for it, when push is given one", async () => {
		const h = harness({batchSize: 10, maxEventAgeMs: 10_000}, all(down));
		for (const item of range(0, 5)) h.queue.push(item, Date.now() - 9000);
		pushAll(h.queue, range(5, 10));
		await vi.advanceTimersByTimeAsync(2000);
		expect(h.dropped('network_error')).toEqual(range(0, 5));
		expect(h.queue.counters().waiting).toBe(5);
	});

	it('a server answering 5xx to everything is held like an outage (no attempts counted)', async () => {
		const h = harness({batchSize: 5, maxAttempts: 2, maxEventAgeMs: 600_000}, all(serverError));
		pushAll(h.queue, range(0, 5));
		await vi.advanceTimersByTimeAsync(20_000);
		expect(h.drops).toEqual([]);
		h.setResponder(all(delivered));
		await vi.advanceTimersByTimeAsync(1000);
		expect(h.delivered).toEqual(range(0, 5));
	});
});

describe('flush', () => {
	it('sends what waits now, ignoring the flush timer', async () => {
		const h = harness({batchSize: 100, flushIntervalMs: 60_000});
		pushAll(h.queue, range(0, 3));
		const result = await h.queue.flush();
		expect(result).toEqual({sent: 3, failed: 0, dropped: 0, pending: 0});
	});

	it('ignores a backoff wait (one immediate attempt)', async () => {
		const limited: DeliveryResult = {
			status: 'retry',
			kind: 'rate_limited',
			httpStatus: 429,
			retryAfterMs: 60_000,
			detail: 'HTTP 429',
		};
		const h = harness({batchSize: 2}, (items, n) => items.map(() => (n === 0 ? limited : delivered)));
		pushAll(h.queue, [0, 1]);
		await settle();
		expect(h.batches).toHaveLength(1);
		const result = await h.queue.flush();
		expect(result).toEqual({sent: 2, failed: 0, dropped: 0, pending: 0});
	});

	it('counts rejects as failed and reports pending after a failed probe during an outage', async () => {
		const h = harness({batchSize: 100}, (items) =>
			items.map((item) =>
				item === 0 ? {status: 'rejected', httpStatus: 400, detail: 'HTTP 400'} : delivered,
			),
		);
		pushAll(h.queue, range(0, 4));
		expect(await h.queue.flush()).toEqual({sent: 3, failed: 1, dropped: 1, pending: 0});
		h.setResponder(all(down));
		pushAll(h.queue, range(4, 8));
		expect(await h.queue.flush()).toEqual({sent: 0, failed: 0, dropped: 0, pending: 4});
		expect(h.batches).toHaveLength(2);
	});

	it('concurrent flush calls all resolve and between them cover every event', async () => {
		const h = harness({batchSize: 3}, () => 'defer');
		pushAll(h.queue, range(0, 2));
		const first = h.queue.flush();
		h.queue.push(2);
		const second = h.queue.flush();
		const third = h.queue.flush();
		for (let step = 0; step < 5; step++) {
			await settle();
			for (const batch of h.batches) batch.resolve(batch.items.map(() => delivered));
		}
		const results = await Promise.all([first, second, third]);
		expect(h.delivered.sort()).toEqual([0, 1, 2]);
		expect(results[1]?.pending).toBe(0);
	});

	it('flush on an empty queue resolves at once', async () => {
		const h = harness();
		expect(await h.queue.flush()).toEqual({sent: 0, failed: 0, dropped: 0, pending: 0});
	});
});

describe('shutdown', () => {
	it('drains at once, ignoring timers and backoff', async () => {
		const limited: DeliveryResult = {
			status: 'retry',
			kind: 'server',
			retryAfterMs: 60_000,
			detail: 'HTTP 503',
		};
		const h = harness({batchSize: 2, flushIntervalMs: 60_000}, (items, n) =>
			items.map((item) => (n === 0 && item === 0 ? limited : delivered)),
		);
		pushAll(h.queue, [0, 1, 2]);
		await settle();
		expect(h.delivered).toEqual([1]);
		const result = await h.queue.shutdown(5000);
		expect(result).toEqual({sent: 2, failed: 0, dropped: 0, pending: 0});
		expect(h.delivered.sort()).toEqual([0, 1, 2]);
		expect(Date.now()).toBe(1_000_000);
	});

	it('aborts what is in flight at the deadline and drops the rest as shutdown_timeout', async () => {
		const h = harness({batchSize: 2, maxInFlight: 1}, () => 'defer');
		pushAll(h.queue, range(0, 5));
		await settle();
		const promise = h.queue.shutdown(1000);
		let resolved = false;
		void promise.then(() => (resolved = true));
		await vi.advanceTimersByTimeAsync(999);
		expect(resolved).toBe(false);
		expect(h.batches[0]?.signal.aborted).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(resolved).toBe(true);
		expect(h.batches[0]?.signal.aborted).toBe(true);
		expect(await promise).toEqual({sent: 0, failed: 5, dropped: 5, pending: 0});
		expect(h.dropped('shutdown_timeout')).toEqual(range(0, 5));
		// A late answer for the aborted batch changes nothing.
		h.batches[0]?.resolve([delivered, delivered]);
		await settle();
		expect(h.delivered).toEqual([]);
	});

	it('gives up at once when the server is unreachable, without waiting for the deadline', async () => {
		const h = harness({batchSize: 10}, all(down));
		pushAll(h.queue, range(0, 25));
		await settle();
		const result = await h.queue.shutdown(60_000);
		expect(result.dropped).toBe(25);
		expect(h.dropped('shutdown_timeout').sort((a, b) => a - b)).toEqual(range(0, 25));
		expect(Date.now()).toBe(1_000_000);
	});

	it('a probe sent before shutdown that comes back refused does not end it: shutdown tries once itself', async () => {
		// Deno's fetch settles a refused connection after the server may have come back (issue: held events
		// counted failed instead of sent on Bun and Deno when Umami returns during shutdown).
		const h = harness({batchSize: 10}, () => 'defer');
		pushAll(h.queue, range(0, 2));
		h.queue.flush().catch(() => undefined);
		await settle();
		h.batches[0]?.resolve([down, down]);
		await vi.advanceTimersByTimeAsync(5000); // the outage: probes on the backoff, one left in flight
		const probe = h.batches.at(-1);
		const shutdown = h.queue.shutdown(60_000);
		probe?.resolve([down, down]);
		await settle();
		const own = h.batches.at(-1);
		expect(own).not.toBe(probe);
		own?.resolve([delivered, delivered]);
		expect(await shutdown).toEqual({sent: 2, failed: 0, dropped: 0, pending: 0});
		expect(h.delivered).toEqual([0, 1]);
	});

	it('a batch shutdown sent itself that finds the server down ends it at once', async () => {
		const h = harness({batchSize: 10}, () => 'defer');
		pushAll(h.queue, range(0, 2));
		const shutdown = h.queue.shutdown(60_000);
		await settle();
		h.batches[0]?.resolve([down, down]);
		expect(await shutdown).toEqual({sent: 0, failed: 2, dropped: 2, pending: 0});
		expect(h.batches).toHaveLength(1);
		expect(Date.now()).toBe(1_000_000);
	});

	it('is idempotent and resolves pending flushes', async () => {
		const h = harness({batchSize: 100});
		pushAll(h.queue, range(0, 3));
		const flush = h.queue.flush();
		const first = h.queue.shutdown(1000);
		const second = h.queue.shutdown(5);
		expect(second).toBe(first);
		await first;
		await flush;
		expect(await h.queue.flush()).toEqual({sent: 0, failed: 0, dropped: 0, pending: 0});
		expect(h.delivered).toEqual([0, 1, 2]);
	});

	it('drops events pushed after shutdown as shutdown_timeout (queue closed)', async () => {
		const h = harness();
		await h.queue.shutdown(100);
		h.queue.push(7);
		expect(h.drops).toEqual([{item: 7, reason: 'shutdown_timeout', detail: 'queue closed'}]);
		expect(h.batches).toEqual([]);
	});
});

describe('robustness', () => {
	it('survives callbacks that throw', async () => {
		const h = harness({
			maxSize: 2,
			batchSize: 2,
			onDrop: () => {
				throw new Error('onDrop');
			},
			onDelivered: () => {
				throw new Error('onDelivered');
			},
			onRetry: () => {
				throw new Error('onRetry');
			},
		});
		h.setResponder((items, n) => items.map(() => (n === 0 ? serverError : delivered)));
		expect(() => pushAll(h.queue, range(0, 3))).not.toThrow();
		await vi.advanceTimersByTimeAsync(3000);
		expect(await h.queue.flush()).toMatchObject({pending: 0});
		expect(h.batches.length).toBeGreaterThanOrEqual(2);
	});

	it('treats a send that throws or rejects as a retry and never leaks a rejection', async () => {
		const unhandled = vi.fn();
		process.on('unhandledRejection', unhandled);
		let calls = 0;
		const h = harness({
			batchSize: 1,
			send: () => {
				calls++;
				if (calls === 1) throw new Error('sync');
				if (calls === 2) return Promise.reject(new Error('async'));
				return Promise.resolve([delivered]);
			},
		});
		h.queue.push(0);
		await vi.advanceTimersByTimeAsync(5000);
		expect(calls).toBe(3);
		expect(h.delivered).toEqual([0]);
		vi.useRealTimers();
		await new Promise((resolve) => setImmediate(resolve));
		process.off('unhandledRejection', unhandled);
		expect(unhandled).not.toHaveBeenCalled();
	});

	it('unrefs its timers', async () => {
		const unrefs: unknown[] = [];
		const realSetTimeout = globalThis.setTimeout;
		vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
			const handle = realSetTimeout(fn, ms);
			const original = handle.unref.bind(handle);
			handle.unref = () => {
				unrefs.push(handle);
				return original();
			};
			return handle;
		}) as typeof setTimeout);
		const h = harness({batchSize: 100});
		h.queue.push(1);
		await settle();
		void h.queue.shutdown(1000);
		expect(unrefs.length).toBeGreaterThanOrEqual(2); // flush timer + shutdown deadline
	});
});
