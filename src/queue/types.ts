import type {DeliveryResult, DropReason, FlushResult} from '../types.js';

/** What the queue calls to deliver one batch. Must never reject; one result per item, in order. */
export type SendBatch<T> = (items: readonly T[], signal: AbortSignal) => Promise<readonly DeliveryResult[]>;

/** What to do with a new event when the queue is full. */
export type OverflowPolicy = 'drop_oldest' | 'drop_newest';

/** Complete, normalized queue options (the client builds them from the resolved configuration). */
export interface QueueOptions<T> {
	/** Maximum events held (waiting + in flight). */
	readonly maxSize: number;
	/** A batch is sent as soon as this many events wait. */
	readonly batchSize: number;
	/** …or when the oldest waiting event is this old. */
	readonly flushIntervalMs: number;
	/** Concurrent batches in flight. */
	readonly maxInFlight: number;
	/** Overflow policy when `maxSize` is reached. */
	readonly overflow: OverflowPolicy;
	/** Backoff: first delay and cap, full jitter. */
	readonly backoff: {readonly baseMs: number; readonly maxMs: number};
	/** Attempts for an event that the server answers with 5xx while accepting others. */
	readonly maxAttempts: number;
	/** An event older than this while the server stays unreachable is dropped as `network_error`. */
	readonly maxEventAgeMs: number;
	/** Delivers one batch. */
	readonly send: SendBatch<T>;
	/** Called once per dropped event. Must not throw (the queue guards it anyway). */
	readonly onDrop: (item: T, reason: DropReason, detail: string) => void;
	/** Called once per delivered event. */
	readonly onDelivered: (item: T) => void;
	/** Called once per retry scheduled (with the number of events retried). */
	readonly onRetry: (count: number, result: DeliveryResult) => void;
	/** Clock, injectable for tests. */
	readonly now: () => number;
}

/** Counters the queue keeps; the client merges them into `stats()`. */
export interface QueueCounters {
	readonly waiting: number;
	readonly inFlight: number;
	readonly retried: number;
}

/** The delivery queue as the client sees it. */
export interface EventQueue<T> {
	/** Adds an event; synchronous, never throws. May drop (counted) by the overflow policy. */
	push(item: T): void;
	/** Sends everything waiting now, ignoring backoff timers; resolves when those events are settled. */
	flush(): Promise<FlushResult>;
	/** Stops accepting, drains until `timeoutMs`, aborts what is still open, drops the rest as `shutdown_timeout`. Idempotent. */
	shutdown(timeoutMs: number): Promise<FlushResult>;
	/** Current counters. */
	counters(): QueueCounters;
}
