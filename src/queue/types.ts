import type {DeliveryResult, DropReason, FlushResult} from '../types.js';

/**
 * What the queue calls to deliver one batch. Must never reject; one result per item, in order. (The queue
 * survives a broken one anyway: a throw, a rejection or a missing result counts as `retry`/`network`.)
 * `signal` aborts when `shutdown()` reaches its deadline. `answered(index, result)` may tell an item's result
 * before the whole batch settles (one request per event): when the deadline aborts the batch, what was
 * answered is counted as answered, and only the rest is dropped as `shutdown_timeout`.
 */
export type SendBatch<T> = (
	items: readonly T[],
	signal: AbortSignal,
	answered: (index: number, result: DeliveryResult) => void,
) => Promise<readonly DeliveryResult[]>;

/**
 * What to do with a new event when the queue is full: `drop_oldest` drops the oldest *waiting* event (the
 * new one if everything held is in flight); `drop_newest` drops the new event. Either way counted as
 * `queue_overflow`.
 */
export type OverflowPolicy = 'drop_oldest' | 'drop_newest';

/** Complete, normalized queue options (the client builds them from the resolved configuration). */
export interface QueueOptions<T> {
	/** Maximum events held (waiting, waiting out a retry backoff, and in flight). */
	readonly maxSize: number;
	/** A batch is sent as soon as this many events wait. */
	readonly batchSize: number;
	/** …or when the oldest waiting event is this old, whichever comes first. */
	readonly flushIntervalMs: number;
	/** Concurrent batches in flight (1 while the server is down: one probe at a time). */
	readonly maxInFlight: number;
	/**
	 * True while the server takes one request per event (Umami's `/api/send`), so a smaller batch costs no
	 * request: then a flush or shutdown shares what waits between the lanes (see `createQueue`). Absent: false.
	 */
	readonly requestPerEvent?: () => boolean;
	/** Overflow policy when `maxSize` is reached. */
	readonly overflow: OverflowPolicy;
	/**
	 * Backoff: first delay and cap, full jitter (`uniform(0, min(maxMs, baseMs · 2^n))`). Also the probe
	 * interval while the server is down, so the cap bounds how long a recovery goes unnoticed.
	 * Recommended: `DEFAULT_BACKOFF` (`{baseMs: 500, maxMs: 1000}`).
	 */
	readonly backoff: {readonly baseMs: number; readonly maxMs: number};
	/**
	 * Attempts for an event that the server answers with 5xx/408/429 while settling others; then it is
	 * dropped as `server_error`. Failures while the server is down (everything failing) do not count.
	 */
	readonly maxAttempts: number;
	/**
	 * An event held longer than this while the server stays down is dropped as `network_error`
	 * (unreachable) or `server_error` (answering 5xx to everything). Age counts from `push`.
	 */
	readonly maxEventAgeMs: number;
	/** Delivers one batch. */
	readonly send: SendBatch<T>;
	/**
	 * Called once per dropped event; `detail` is safe to log (no payload). Must not throw (the queue guards
	 * it anyway). Events pushed after `shutdown()` began are dropped as `shutdown_timeout`, detail `queue closed`.
	 */
	readonly onDrop: (item: T, reason: DropReason, detail: string) => void;
	/** Called once per delivered event. Guarded like `onDrop`. */
	readonly onDelivered: (item: T) => void;
	/**
	 * Called once per batch result that schedules retries, with the number of events retried, the first
	 * retry result and the longest wait (ms) before one of them is tried again.
	 */
	readonly onRetry: (count: number, result: DeliveryResult, delayMs: number) => void;
	/** Clock, injectable for tests. */
	readonly now: () => number;
}

/** Counters the queue keeps; the client merges them into `stats()`. */
export interface QueueCounters {
	/** Events waiting to be sent, including those waiting out a retry backoff. */
	readonly waiting: number;
	/** Events in requests that have not settled yet. */
	readonly inFlight: number;
	/** Total events scheduled for a retry so far (one event retried twice counts twice). */
	readonly retried: number;
}

/** The delivery queue as the client sees it. */
export interface EventQueue<T> {
	/**
	 * Adds an event; synchronous, never throws. May drop (counted) by the overflow policy. `at`: the time of
	 * the push by the queue's clock (`now()`) when the caller has just read it (one clock read per event);
	 * read here when absent.
	 */
	push(item: T, at?: number): void;
	/**
	 * Sends everything waiting now, ignoring the flush timer and any backoff (one immediate attempt per
	 * event), and waits for requests already in flight. Stops early when the server turns out to be down.
	 * Resolves with what settled during the call (`failed`: rejected, server_error, network_error,
	 * shutdown_timeout; `dropped`: every drop including overflow and bots; `pending`: still held). Never
	 * rejects; concurrent calls are coalesced. With `timeoutMs`, stops waiting at that deadline: resolves
	 * with `timedOut: true` and `pending` counting the events still held (in flight included); they stay
	 * queued and requests in flight are not aborted.
	 */
	flush(timeoutMs?: number): Promise<FlushResult>;
	/**
	 * Stops accepting, drains at once (no timer or backoff is waited out) until `timeoutMs`, then aborts the
	 * requests still open and drops the rest as `shutdown_timeout`. When the server turns out to be down it
	 * gives up right away instead of waiting for the deadline. Idempotent: later calls return the same
	 * promise. Never rejects.
	 */
	shutdown(timeoutMs: number): Promise<FlushResult>;
	/** Current counters. */
	counters(): QueueCounters;
}
