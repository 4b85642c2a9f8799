import type {ResolvedConfig} from '../config/resolve.js';
import type {UmamiEvent} from '../types.js';

/** Options of {@link Outbox} (the client builds them from `ResolvedConfig.outbox`). */
export interface OutboxOptions {
	/** Directory of the journals, relative to the working directory or absolute. */
	readonly path: string;
	/** App name: one journal file (and one lock) per app. */
	readonly appName: string;
	/** Upper bound of the journal file in bytes; an event that does not fit is refused. */
	readonly maxBytes: number;
	/** Clock (names of files moved aside). @default Date.now */
	readonly now?: () => number;
	/** Receives the outbox's warnings (disabled, corrupt file moved aside, I/O failure). @default none */
	readonly onWarn?: (message: string) => void;
	/** Idempotency digests kept in the journal after their events settled (the most recent). @default 10000 */
	readonly maxKeys?: number;
}

/** An event read back from the journal, with the sequence number to acknowledge it by. */
export interface PendingEvent {
	readonly seq: number;
	readonly event: UmamiEvent;
}

/** What the journal holds now. */
export interface OutboxStatus {
	/** Events persisted and not yet acknowledged. */
	readonly events: number;
	/** Size of the journal file in bytes. */
	readonly bytes: number;
	/** The journal file. */
	readonly path: string;
	/** Corrupt journals moved aside when this outbox was opened (0 or 1). */
	readonly corrupt: number;
	/** Torn last lines ignored when this outbox was opened (a crash in the middle of a write). */
	readonly torn: number;
}

/**
 * The durable outbox of one app: a write-ahead journal of sanitized events. Every method is synchronous
 * and never throws; an I/O failure is reported once through `onWarn`.
 */
export interface Outbox {
	/**
	 * Persists `event` (one `write` to the journal, before it enters the queue). Returns its sequence number;
	 * `undefined` when it does not fit in `maxBytes` (drop it as `outbox_full`); `0` when the journal failed
	 * (closed, or an I/O error): the event is not persisted and may be delivered without durability.
	 * `key`: the digest of the event's idempotency key (16 hex characters), written in the same line.
	 */
	append(event: UmamiEvent, key?: string): number | undefined;
	/** Marks an event settled for good (delivered, or dropped for a final reason). Written in a microtask. */
	ack(seq: number): void;
	/** Events persisted and not acknowledged, oldest first (what a restart replays). */
	pending(): PendingEvent[];
	/** Idempotency digests recorded (the `key` of `append`, 16 hex characters), oldest first, at most `maxKeys`. */
	keys(): string[];
	/** Events, bytes and path of the journal. */
	status(): OutboxStatus;
	/** Writes pending acknowledgements, closes the file and releases the lock. Idempotent. */
	close(): void;
}

/** Progress of {@link CliOutbox.replay}. */
export interface ReplayProgress {
	readonly sent: number;
	readonly failed: number;
	readonly total: number;
}

/** The outbox as the `umami-guard outbox status|replay` command uses it. */
export interface CliOutbox {
	/** Events and bytes waiting (read without taking the lock, so it works while the app runs). */
	status(): OutboxStatus;
	/**
	 * Sends every pending event to Umami now and acknowledges what settled for good. Rejects when another
	 * live process holds the journal (the running app replays it itself).
	 */
	replay(onProgress: (progress: ReplayProgress) => void): Promise<{sent: number; failed: number}>;
}

/** Options of `openOutbox` (what the CLI's loader passes: `{...config.outbox, config, fetch}`). */
export interface CliOutboxOptions {
	readonly path: string;
	readonly maxBytes: number;
	readonly config: ResolvedConfig;
	/** @default globalThis.fetch */
	readonly fetch?: typeof fetch;
	readonly onWarn?: (message: string) => void;
}
