/**
 * Durable delivery: the client's bookkeeping around the outbox journal. Each event is written ahead before it
 * is queued and acknowledged once it settles; what an earlier run left is replayed into the queue as it has
 * room; what the shutdown deadline cuts off stays in the journal for the next start.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import type {Scrubber} from '../gate/scrubber.js';
import {createOutbox} from '../outbox/journal.js';
import type {Outbox, PendingEvent} from '../outbox/types.js';
import type {EventQueue} from '../queue/index.js';
import type {DropReason, FlushResult, UmamiEvent} from '../types.js';
import type {IdempotencyRecord} from './idempotency.js';
import type {InstanceLogger} from './logger.js';

/** What durable delivery needs of its instance. */
export interface DurableParts {
	readonly config: ResolvedConfig;
	readonly queue: EventQueue<UmamiEvent>;
	readonly scrub: Scrubber;
	readonly log: InstanceLogger;
	readonly idempotency: IdempotencyRecord;
	readonly now: () => number;
	/** Whether `shutdown()` began: nothing is replayed or spilled back any more. */
	readonly closing: () => boolean;
	/** The instance's drop: counted, warned, told to `onDrop`. */
	readonly drop: (event: UmamiEvent, reason: DropReason, detail: string) => void;
}

/** The outbox of one instance, the journal sequence of each persisted event, the replay backlog. */
export class DurableDelivery {
	/** Events read back from the journal at start. */
	readonly replayed: number;
	/** Events left in the journal at shutdown. */
	persisted = 0;
	/** Persisted events pushed out of a full queue into the backlog (not dropped). */
	spilled = 0;
	readonly #outbox: Outbox;
	readonly #parts: DurableParts;
	readonly #seqs = new WeakMap<UmamiEvent, number>();
	#backlog: PendingEvent[];
	#backlogAt = 0;
	#refillScheduled = false;

	/** Opens the journal (undefined when it cannot be opened: events are kept in memory only). */
	static open(parts: DurableParts): DurableDelivery | undefined {
		const {config, log} = parts;
		const outbox = createOutbox({
			path: config.outbox.path,
			maxBytes: config.outbox.maxBytes,
			maxKeys: config.idempotency.maxKeys,
			appName: config.appName,
			now: parts.now,
			onWarn: (message) => log.warn(message),
		});
		return outbox === undefined ? undefined : new DurableDelivery(outbox, parts);
	}

	private constructor(outbox: Outbox, parts: DurableParts) {
		this.#outbox = outbox;
		this.#parts = parts;
		for (const digest of outbox.keys()) parts.idempotency.add(digest);
		this.#backlog = outbox.pending();
		this.replayed = this.#backlog.length;
	}

	/** Queues what an earlier run left in the journal (as far as the queue has room). */
	replay(): void {
		if (this.#backlog.length > 0) {
			this.#parts.log.warn(`replaying ${this.#backlog.length} event(s) left in the outbox by an earlier run`);
			this.#refill();
		}
	}

	/** Write-ahead of an event about to be queued; false when the journal is full. */
	append(event: UmamiEvent, digest: string | undefined): boolean {
		const seq = this.#outbox.append(event, digest);
		if (seq === undefined) return false;
		if (seq > 0) this.#seqs.set(event, seq);
		return true;
	}

	/** Replayed events not queued yet. */
	backlog(): number {
		return this.#backlog.length - this.#backlogAt;
	}

	/**
	 * Bookkeeping when the queue settles a persisted event. `reason` undefined: delivered. Returns true
	 * when the event is not dropped after all: it stays in the journal, either for the next start (the
	 * shutdown deadline) or, pushed out of a full queue, in the backlog that refills the queue as it drains.
	 */
	settle(event: UmamiEvent, reason: DropReason | undefined): boolean {
		const seq = this.#seqs.get(event);
		if (seq !== undefined) {
			this.#seqs.delete(event);
			if (reason === 'shutdown_timeout') {
				this.persisted++;
				return true;
			}
			if (reason === 'queue_overflow' && !this.#parts.closing()) {
				this.spilled++;
				this.#backlog.push({seq, event});
				return true;
			}
			this.#outbox.ack(seq);
		}
		if (this.#backlogAt < this.#backlog.length && !this.#refillScheduled) {
			// Not from inside the queue's own callback (an overflow drop happens in the middle of `push`).
			this.#refillScheduled = true;
			queueMicrotask(() => {
				this.#refillScheduled = false;
				this.#refill();
			});
		}
		return false;
	}

	/** A flush's result as the caller sees it: `spilledBefore` is `spilled` when the flush began. */
	flushed(result: FlushResult, spilledBefore: number): FlushResult {
		return {
			...result,
			// Pushed out of the queue into the backlog: still pending, not dropped.
			dropped: result.dropped - (this.spilled - spilledBefore),
			pending: result.pending + this.#backlog.length - this.#backlogAt,
		};
	}

	/** After the queue's shutdown: what did not go out stays in the journal; the journal is closed. */
	close(result: FlushResult, persistedBefore: number): FlushResult {
		const kept = this.persisted - persistedBefore;
		const notQueued = this.#backlog.length - this.#backlogAt;
		this.persisted += notQueued;
		this.#backlog = [];
		this.#backlogAt = 0;
		this.#outbox.close();
		if (kept > 0 || notQueued > 0)
			this.#parts.log.debug(`${kept + notQueued} event(s) left in the outbox for the next start`);
		return {
			sent: result.sent,
			failed: result.failed - kept,
			dropped: result.dropped - kept,
			pending: result.pending + kept + notQueued,
		};
	}

	/** Moves replayed events into the queue while it has room (never making it overflow). */
	#refill(): void {
		const {queue, config, scrub} = this.#parts;
		const counters = queue.counters();
		let room = config.queue.maxSize - counters.waiting - counters.inFlight;
		const backlog = this.#backlog;
		while (room > 0 && this.#backlogAt < backlog.length && !this.#parts.closing()) {
			const {seq, event} = backlog[this.#backlogAt++]!;
			// The journal only ever holds sanitized events; the final gate runs again all the same.
			if (scrub.leaks(event.payload, false)) {
				this.#outbox.ack(seq);
				this.#parts.drop(event, 'pii_gate', 'personal data detected in an event read back from the outbox');
				continue;
			}
			this.#seqs.set(event, seq);
			room--;
			queue.push(event);
		}
		if (this.#backlogAt === backlog.length) {
			this.#backlog = [];
			this.#backlogAt = 0;
		}
	}
}
