/**
 * `flush(timeoutMs)` stops waiting at its deadline — also when it queued behind a round still running —
 * resolves with `timedOut` and the events still held, and leaves them to be delivered, never dropped.
 * Fake timers: nothing here depends on the machine's speed.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {delivered, harness, range, settle} from './harness.js';

beforeEach(() => {
	vi.useFakeTimers({now: 1_000_000});
});
afterEach(() => {
	vi.useRealTimers();
});

describe('flush with a deadline', () => {
	it('resolves at the deadline with the events in flight pending; they are delivered when the answer comes', async () => {
		const h = harness({}, () => 'defer');
		for (const item of range(0, 3)) h.queue.push(item);
		let result: Awaited<ReturnType<typeof h.queue.flush>> | undefined;
		void h.queue.flush(500).then((settled) => (result = settled));
		await vi.advanceTimersByTimeAsync(499);
		expect(result).toBeUndefined();
		await vi.advanceTimersByTimeAsync(1);
		expect(result).toEqual({sent: 0, failed: 0, dropped: 0, pending: 3, timedOut: true});
		// Not aborted: the late answer still counts.
		expect(h.batches[0]?.signal.aborted).toBe(false);
		h.batches[0]?.resolve(range(0, 3).map(() => delivered));
		await settle();
		expect(h.delivered).toEqual(range(0, 3));
		expect(h.drops).toEqual([]);
	});

	it('a flush queued behind a running round still stops at its own deadline', async () => {
		const h = harness({}, () => 'defer');
		h.queue.push(0);
		void h.queue.flush();
		await settle();
		h.queue.push(1);
		let result: Awaited<ReturnType<typeof h.queue.flush>> | undefined;
		void h.queue.flush(500).then((settled) => (result = settled));
		await vi.advanceTimersByTimeAsync(500);
		expect(result).toMatchObject({pending: 2, timedOut: true});
	});

	it('within the deadline it resolves as before, without timedOut', async () => {
		const h = harness();
		for (const item of range(0, 3)) h.queue.push(item);
		expect(await h.queue.flush(500)).toEqual({sent: 3, failed: 0, dropped: 0, pending: 0});
	});
});
