import type {DeliveryResult, DropReason, FlushResult} from '../types.js';
import {unref, type TimerHandle} from '../timers.js';
import {fullJitterDelay} from './backoff.js';
import {
	agedOutReason,
	isItemSpecific,
	judgeBatch,
	type Health,
	type Retried,
	type RetryResult,
} from './health.js';
import type {EventQueue, QueueCounters, QueueOptions} from './types.js';
import {Waiting, type Entry} from './waiting.js';

interface Batch<T> {
	readonly entries: readonly Entry<T>[];
	readonly controller: AbortController;
	/** Set when shutdown gave up on the batch: its entries are already counted, a late result is ignored. */
	cancelled: boolean;
	/** Results told before the batch settled (`answered`), by index: what shutdown's give-up still honours. */
	readonly early: (DeliveryResult | undefined)[];
	/**
	 * Sent after `shutdown()` began. Only such a batch can tell shutdown that the server is down now: a probe
	 * sent during an outage may settle as refused after the server came back, and shutdown still owes the
	 * held events its own attempt.
	 */
	readonly duringShutdown: boolean;
}

interface Round<T> {
	readonly gen: number;
	readonly untilSeq: number;
	forcing: boolean;
	readonly batches: Set<Batch<T>>;
	readonly resolve: () => void;
}

interface RetriedEntry<T> extends Retried {
	readonly entry: Entry<T>;
}

interface Snapshot {
	readonly sent: number;
	readonly failed: number;
	readonly dropped: number;
}

/** Drop reasons that mean "delivery failed" (counted in {@link FlushResult.failed}). */
const FAILED_REASONS: ReadonlySet<DropReason> = new Set<DropReason>([
	'rejected',
	'server_error',
	'network_error',
	'shutdown_timeout',
]);

const UNEXPECTED: RetryResult = {status: 'retry', kind: 'network', detail: 'send failed unexpectedly'};

function safely(fn: () => void): void {
	try {
		fn();
	} catch {
		// A throwing callback must never break the queue.
	}
}

/**
 * Whether `work` settled before `timeoutMs` (none: waits for it). The timer is unref'd and cleared, so it
 * never keeps a process alive; the work goes on either way (requests in flight are not aborted).
 */
function withinDeadline(work: Promise<unknown>, timeoutMs: number | undefined): Promise<boolean> {
	if (timeoutMs === undefined) return work.then(() => true);
	let timer: TimerHandle | undefined;
	const deadline = new Promise<boolean>((resolve) => {
		timer = unref(setTimeout(() => resolve(false), Math.max(0, timeoutMs)));
	});
	return Promise.race([work.then(() => true), deadline]).finally(() => clearTimeout(timer));
}

/**
 * Creates the bounded delivery queue.
 *
 * - `push` is synchronous, O(1) and never throws. When `maxSize` events are held (waiting + in flight) the
 *   overflow policy drops the oldest *waiting* event (`drop_oldest`, or the new one if every held event is
 *   in flight) or the new event (`drop_newest`), counted as `queue_overflow`.
 * - A batch leaves when `batchSize` events wait or the oldest waiting one is `flushIntervalMs` old; at most
 *   `maxInFlight` batches are in flight. While `requestPerEvent()` holds, a flush or shutdown sends batches of
 *   at most `waiting / maxInFlight` events, so the drain keeps every lane busy to the end.
 * - Per-event results decide: `delivered` → `onDelivered`; `bot_filtered`/`rejected` → `onDrop`; `retry` →
 *   back to the front of the queue, in push order, after exponential backoff with full jitter (at least
 *   `retryAfterMs`). Never duplicated, never reordered among the rest.
 * - A batch whose events *all* come back as `retry` marks the server down (`network`/`timeout`: unreachable;
 *   `server`/`rate_limited`: failing); so does any `network`/`timeout` result. Then everything is held,
 *   attempts are not counted, and **one** probe batch goes out per backoff step (the front of the queue);
 *   the first batch the server settles again restores full concurrency and the queue drains at once. Held
 *   events older than `maxEventAgeMs` are dropped as `network_error` (unreachable) or `server_error`
 *   (failing).
 * - A `server`/`rate_limited` retry in a batch where the server settled other events is item-specific: the
 *   event counts an attempt and waits out its *own* backoff aside, so healthy traffic keeps flowing; it
 *   rejoins the front when due and is dropped as `server_error` at `maxAttempts`. Such a suspect keeps
 *   counting attempts even when it later fails alone in a batch.
 * - `flush(timeoutMs)` stops waiting at its deadline: it resolves with `timedOut` and the events still held
 *   (`pending`, in flight included), which stay queued and go out with the next round; nothing is aborted.
 * - `flush()` and `shutdown()` release every backoff (one immediate attempt); shutdown gives up at once
 *   (dropping the rest as `shutdown_timeout`) when a batch it sent finds the server down, instead of waiting
 *   for the deadline. At its deadline, the events of a batch in flight that `send` already told as answered
 *   (`answered`: the earlier requests of a per-event batch) settle as answered; only the rest are dropped. A batch sent before shutdown began that comes back refused does not count: the server
 *   may have come back since, so its events go out again in shutdown's own attempt.
 * - After `shutdown()` begins, `push` drops the event as `shutdown_timeout` (detail `queue closed`).
 *
 * @example
 * ```ts
 * const queue = createQueue<UmamiEvent>({
 *   maxSize: 10_000, batchSize: 100, flushIntervalMs: 5_000, maxInFlight: 2, overflow: 'drop_oldest',
 *   backoff: DEFAULT_BACKOFF, maxAttempts: 5, maxEventAgeMs: 3_600_000,
 *   send: (events, signal, answered) => transport.send(events, signal, answered),
 *   onDrop: (event, reason) => stats.drop(reason), onDelivered: () => stats.sent++, onRetry: () => {},
 *   now: Date.now,
 * });
 * queue.push(event);
 * await queue.shutdown(5_000);
 * ```
 */
export function createQueue<T>(options: QueueOptions<T>): EventQueue<T> {
	return new DeliveryQueue(options);
}

/**
 * The queue's state machine. Options arrive complete and validated (`resolveConfig` owns the defaults);
 * what the server's answers mean is decided in `health.ts`.
 */
class DeliveryQueue<T> implements EventQueue<T> {
	readonly #options: QueueOptions<T>;
	readonly #overflowDetail: string;
	readonly #waiting: Waiting<T>;
	/**
	 * Events with an item-specific failure (the server settled others in the same batch), each waiting out
	 * its own backoff. Kept aside so they neither block healthy traffic nor make the batch timer fire early;
	 * when due they rejoin the front of `waiting` in push order.
	 */
	#delayed: Entry<T>[] = [];
	readonly #inFlight = new Set<Batch<T>>();
	#inFlightItems = 0;
	#lastSeq = 0;

	#health: Health = 'ok';
	#streak = 0;
	#retryAt = 0;

	#timer: TimerHandle | undefined;
	#timerAt = 0;
	#pumpScheduled = false;

	#state: 'open' | 'draining' | 'closed' = 'open';
	#shutdownPromise: Promise<FlushResult> | undefined;
	#shutdownTimer: TimerHandle | undefined;
	#finishShutdown: (() => void) | undefined;

	#round: Round<T> | undefined;
	#roundGen = 0;
	#roundChain: Promise<void> = Promise.resolve();
	#queuedRound: Promise<void> | undefined;

	#sent = 0;
	#failed = 0;
	#dropped = 0;
	#retried = 0;

	readonly #pump = (): void => this.#runPump();

	constructor(options: QueueOptions<T>) {
		this.#options = options;
		this.#overflowDetail = `queue full (${options.maxSize} events)`;
		this.#waiting = new Waiting<T>(Math.min(options.maxSize, 1024));
	}

	push(item: T, at?: number): void {
		if (this.#state !== 'open') {
			this.#drop(item, 'shutdown_timeout', 'queue closed');
			return;
		}
		const {maxSize, batchSize, overflow} = this.#options;
		const waiting = this.#waiting;
		const current = at ?? this.#options.now();
		if (waiting.length + this.#delayed.length + this.#inFlightItems >= maxSize) {
			// O(1) and no object per drop: the oldest waiting item leaves the ring as it is.
			if (overflow === 'drop_oldest' && waiting.length > 0)
				this.#drop(waiting.shiftItem() as T, 'queue_overflow', this.#overflowDetail);
			else if (overflow === 'drop_oldest' && this.#delayed.length > 0)
				this.#drop((this.#delayed.shift() as Entry<T>).item, 'queue_overflow', this.#overflowDetail);
			else {
				this.#drop(item, 'queue_overflow', this.#overflowDetail);
				return;
			}
		}
		waiting.push(item, ++this.#lastSeq, current);
		if (this.#pumpScheduled || this.#inFlight.size >= this.#concurrency()) return;
		if (waiting.length >= batchSize ? current >= this.#retryAt : this.#timer === undefined)
			this.#schedulePump();
	}

	async flush(timeoutMs?: number): Promise<FlushResult> {
		const start = this.#snapshot();
		const work = this.#state === 'open' ? this.#requestRound() : (this.#shutdownPromise ?? Promise.resolve());
		if (!(await withinDeadline(work, timeoutMs))) return {...this.#since(start), timedOut: true};
		return this.#since(start);
	}

	shutdown(timeoutMs: number): Promise<FlushResult> {
		if (this.#shutdownPromise !== undefined) return this.#shutdownPromise;
		const start = this.#snapshot();
		this.#state = 'draining';
		this.#clearTimer();
		this.#shutdownPromise = new Promise<FlushResult>((resolve) => {
			this.#finishShutdown = () => {
				this.#finishShutdown = undefined;
				this.#state = 'closed';
				this.#clearTimer();
				if (this.#shutdownTimer !== undefined) clearTimeout(this.#shutdownTimer);
				this.#shutdownTimer = undefined;
				this.#checkRound();
				resolve(this.#since(start));
			};
			const limit = Number.isFinite(timeoutMs) && timeoutMs >= 0 ? timeoutMs : 0;
			this.#shutdownTimer = unref(
				setTimeout(() => this.#giveUp(`shutdown deadline of ${limit} ms reached`), limit),
			);
			if (this.#idle()) this.#finishShutdown();
			else this.#runPump();
		});
		return this.#shutdownPromise;
	}

	counters(): QueueCounters {
		return {
			waiting: this.#waiting.length + this.#delayed.length,
			inFlight: this.#inFlightItems,
			retried: this.#retried,
		};
	}

	// Accounting.

	#drop(item: T, reason: DropReason, detail: string): void {
		this.#dropped++;
		if (FAILED_REASONS.has(reason)) this.#failed++;
		try {
			this.#options.onDrop(item, reason, detail);
		} catch {
			// A throwing callback must never break the queue (no closure per drop: a burst drops a lot).
		}
	}

	#deliver(item: T): void {
		this.#sent++;
		try {
			this.#options.onDelivered(item);
		} catch {
			// Guarded like `onDrop`, without a closure per event: every delivered event passes here.
		}
	}

	#snapshot(): Snapshot {
		return {sent: this.#sent, failed: this.#failed, dropped: this.#dropped};
	}

	#since(start: Snapshot): FlushResult {
		return {
			sent: this.#sent - start.sent,
			failed: this.#failed - start.failed,
			dropped: this.#dropped - start.dropped,
			pending: this.#waiting.length + this.#delayed.length + this.#inFlightItems,
		};
	}

	#idle(): boolean {
		return this.#waiting.length === 0 && this.#delayed.length === 0 && this.#inFlight.size === 0;
	}

	#concurrency(): number {
		return this.#health === 'ok' ? this.#options.maxInFlight : 1;
	}

	// Scheduling.

	#clearTimer(): void {
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#schedulePump(): void {
		if (this.#pumpScheduled) return;
		this.#pumpScheduled = true;
		queueMicrotask(this.#pump);
	}

	#armTimer(at: number, current: number): void {
		if (this.#timer !== undefined && this.#timerAt === at) return;
		this.#clearTimer();
		this.#timerAt = at;
		this.#timer = unref(
			setTimeout(
				() => {
					this.#timer = undefined;
					this.#runPump();
				},
				Math.max(0, at - current),
			),
		);
	}

	/**
	 * The front of the queue, up to a batch. While a flush or shutdown drains it over per-event requests, a
	 * batch takes at most its share of what waits (half, with two lanes): a drain of 300 events then ends
	 * with every lane busy, not with the last 100 sent one by one on one lane while the others idle.
	 */
	#takeFront(): Entry<T>[] {
		let limit = this.#options.batchSize;
		if (
			(this.#state === 'draining' || this.#round?.forcing === true) &&
			this.#options.requestPerEvent?.() === true
		)
			limit = Math.min(limit, Math.ceil(this.#waiting.length / this.#concurrency()));
		const entries: Entry<T>[] = [];
		while (entries.length < limit) {
			const entry = this.#waiting.shift();
			if (entry === undefined) break;
			entries.push(entry);
		}
		return entries;
	}

	/** Entries a flush round may still force out: untried in this round, starting at or before `untilSeq`. */
	#takeForced(active: Round<T>): Entry<T>[] | undefined {
		const waiting = this.#waiting;
		const skipped: Entry<T>[] = [];
		let first = waiting.at(0);
		while (first !== undefined && first.tried === active.gen) {
			skipped.push(first);
			waiting.shift();
			first = waiting.at(0);
		}
		const entries = first !== undefined && first.seq <= active.untilSeq ? this.#takeFront() : undefined;
		for (let index = skipped.length - 1; index >= 0; index--) waiting.unshift(skipped[index] as Entry<T>);
		return entries;
	}

	#hasForcible(active: Round<T>): boolean {
		for (let index = 0; index < this.#waiting.length; index++) {
			const entry = this.#waiting.at(index) as Entry<T>;
			if (entry.tried !== active.gen) return entry.seq <= active.untilSeq;
		}
		return false;
	}

	#runPump(): void {
		this.#pumpScheduled = false;
		if (this.#state === 'closed') return;
		const {batchSize, flushIntervalMs} = this.#options;
		const waiting = this.#waiting;
		const current = this.#options.now();
		const draining = this.#state === 'draining';
		this.#releaseDelayed(draining || this.#round?.forcing === true ? Number.POSITIVE_INFINITY : current);
		while (waiting.length > 0 && this.#inFlight.size < this.#concurrency()) {
			let entries: Entry<T>[] | undefined;
			if (draining) entries = this.#takeFront();
			else if (this.#round?.forcing) entries = this.#takeForced(this.#round);
			if (entries === undefined) {
				if (current < this.#retryAt) break;
				const oldest = waiting.at(0) as Entry<T>;
				if (waiting.length < batchSize && current < oldest.enqueuedAt + flushIntervalMs) break;
				entries = this.#takeFront();
			}
			this.#dispatch(entries);
		}
		const wake = this.#nextWake(current);
		if (wake === Number.POSITIVE_INFINITY) this.#clearTimer();
		else this.#armTimer(wake, current);
		this.#checkRound();
	}

	/** When the pump must run again by itself: the batch timer, the backoff, or a delayed event due. */
	#nextWake(current: number): number {
		let wake = Number.POSITIVE_INFINITY;
		if (this.#state !== 'open' || this.#inFlight.size >= this.#concurrency()) return wake;
		const oldest = this.#waiting.at(0);
		if (oldest !== undefined) {
			const due =
				this.#waiting.length < this.#options.batchSize
					? oldest.enqueuedAt + this.#options.flushIntervalMs
					: current;
			wake = Math.max(due, this.#retryAt);
		}
		for (const entry of this.#delayed) wake = Math.min(wake, Math.max(entry.notBefore, this.#retryAt));
		return wake;
	}

	#dispatch(entries: Entry<T>[]): void {
		const batch: Batch<T> = {
			entries,
			controller: new AbortController(),
			cancelled: false,
			early: [],
			duringShutdown: this.#state === 'draining',
		};
		this.#inFlight.add(batch);
		this.#inFlightItems += entries.length;
		const round = this.#round;
		const gen = round?.gen ?? 0;
		for (const entry of entries) entry.tried = gen;
		const first = entries[0];
		if (round !== undefined && first !== undefined && first.seq <= round.untilSeq) round.batches.add(batch);
		let result: Promise<readonly DeliveryResult[]>;
		try {
			result = Promise.resolve(
				this.#options.send(
					entries.map((entry) => entry.item),
					batch.controller.signal,
					(index, answer) => {
						if (!batch.cancelled && answer.status !== 'retry') batch.early[index] = answer;
					},
				),
			);
		} catch {
			result = Promise.resolve([]);
		}
		// `send` must not reject, but a broken one only costs a retry; `settle` itself never throws
		// (callbacks are guarded), and the final catch makes an unhandled rejection impossible regardless.
		result
			.then(
				(results) => this.#settle(batch, results),
				() => this.#settle(batch, []),
			)
			.catch(() => undefined);
	}

	// Results.

	/** Puts retried entries back at the front, merged by push order with earlier returns still waiting. */
	#requeue(entries: Entry<T>[]): void {
		const waiting = this.#waiting;
		const last = entries.at(-1);
		if (last === undefined) return;
		const earlier: Entry<T>[] = [];
		for (let front = waiting.at(0); front !== undefined && front.seq < last.seq; front = waiting.at(0)) {
			earlier.push(front);
			waiting.shift();
		}
		const merged: Entry<T>[] = [];
		let a = 0;
		let b = 0;
		while (a < earlier.length || b < entries.length) {
			const left = earlier[a];
			const right = entries[b];
			if (right === undefined || (left !== undefined && left.seq < right.seq)) {
				merged.push(left as Entry<T>);
				a++;
			} else {
				merged.push(right);
				b++;
			}
		}
		for (let index = merged.length - 1; index >= 0; index--) waiting.unshift(merged[index] as Entry<T>);
	}

	/** Moves delayed events due by `until` back to the front of `waiting`. */
	#releaseDelayed(until: number): void {
		if (this.#delayed.length === 0) return;
		const due: Entry<T>[] = [];
		const later: Entry<T>[] = [];
		for (const entry of this.#delayed) (entry.notBefore <= until ? due : later).push(entry);
		if (due.length === 0) return;
		this.#delayed = later;
		due.sort((a, b) => a.seq - b.seq);
		this.#requeue(due);
	}

	/** Drops held events that waited longer than `maxEventAgeMs` (a prefix: the deque is in push order). */
	#expireHeld(current: number, reason: DropReason, detail: string): void {
		const {maxEventAgeMs} = this.#options;
		for (let front = this.#waiting.at(0); front !== undefined; front = this.#waiting.at(0)) {
			if (current - front.enqueuedAt <= maxEventAgeMs) break;
			this.#waiting.shift();
			this.#drop(front.item, reason, `${detail}; held longer than ${maxEventAgeMs} ms`);
		}
	}

	#settle(batch: Batch<T>, results: readonly DeliveryResult[]): void {
		if (batch.cancelled) return;
		this.#inFlight.delete(batch);
		this.#inFlightItems -= batch.entries.length;
		this.#round?.batches.delete(batch);
		const current = this.#options.now();
		const retries: RetriedEntry<T>[] = [];
		const settled = this.#settleEach(batch.entries, results, retries);
		const verdict = judgeBatch(settled, retries);
		this.#health = verdict.health;
		if (retries.length === 0) {
			this.#streak = 0;
			this.#retryAt = 0;
		} else if (this.#retry(retries, verdict, current, batch.duringShutdown)) return;
		if (this.#state === 'draining' && this.#idle()) {
			this.#finishShutdown?.();
			return;
		}
		this.#runPump();
	}

	/** Delivers and drops what the server settled; collects the retries. Returns how many it settled. */
	#settleEach(
		entries: readonly Entry<T>[],
		results: readonly DeliveryResult[],
		retries: RetriedEntry<T>[],
	): number {
		let settled = 0;
		for (let index = 0; index < entries.length; index++) {
			const entry = entries[index]!;
			const result = results[index] ?? UNEXPECTED;
			switch (result.status) {
				case 'delivered': {
					settled++;
					this.#deliver(entry.item);
					break;
				}
				case 'bot_filtered': {
					settled++;
					this.#drop(entry.item, 'bot_filtered', 'Umami took the sender for a bot');
					break;
				}
				case 'rejected': {
					settled++;
					this.#drop(entry.item, 'rejected', result.detail);
					break;
				}
				case 'retry': {
					retries.push({entry, result});
					break;
				}
			}
		}
		return settled;
	}

	/**
	 * Acts on the retries of a settled batch as the verdict says. Returns true when shutdown gave up (the
	 * server is down for a batch sent during shutdown): nothing more to do.
	 */
	#retry(
		retries: readonly RetriedEntry<T>[],
		verdict: ReturnType<typeof judgeBatch>,
		current: number,
		duringShutdown: boolean,
	): boolean {
		const {maxAttempts, maxEventAgeMs} = this.#options;
		const {baseMs, maxMs} = this.#options.backoff;
		const health = verdict.health;
		const ageReason = agedOutReason(health);
		const keep: Entry<T>[] = [];
		let retryAfterMs = 0;
		let kept = 0;
		// The longest wait before a kept event is tried again (told to `onRetry`).
		let waitMs = 0;
		for (const {entry, result} of retries) {
			retryAfterMs = Math.max(retryAfterMs, result.retryAfterMs ?? 0);
			if (isItemSpecific(result, verdict)) {
				entry.attempts++;
				if (entry.attempts >= maxAttempts) {
					this.#drop(
						entry.item,
						'server_error',
						`${result.detail}; gave up after ${entry.attempts} attempts`,
					);
					continue;
				}
				// Its own backoff; the rest of the queue flows on.
				const delay = fullJitterDelay(entry.attempts - 1, baseMs, maxMs);
				entry.notBefore = current + Math.max(delay, result.retryAfterMs ?? 0);
				waitMs = Math.max(waitMs, entry.notBefore - current);
				this.#delayed.push(entry);
				kept++;
				continue;
			}
			if (health !== 'ok' && current - entry.enqueuedAt > maxEventAgeMs) {
				this.#drop(entry.item, ageReason, `${result.detail}; held longer than ${maxEventAgeMs} ms`);
				continue;
			}
			keep.push(entry);
			kept++;
		}
		if (keep.length > 0) {
			// The whole queue waits: the server did not settle anything, or stopped answering.
			this.#streak++;
			const delay = Math.max(fullJitterDelay(this.#streak - 1, baseMs, maxMs), retryAfterMs);
			this.#retryAt = Math.max(this.#retryAt, current + delay);
			waitMs = Math.max(waitMs, this.#retryAt - current);
			this.#requeue(keep);
		} else if (health === 'ok') {
			this.#streak = 0;
			this.#retryAt = 0;
		}
		// A draining pump releases every backoff: the events go out again at once, and `onRetry` says so.
		if (this.#state === 'draining') waitMs = 0;
		const firstRetry = retries[0];
		if (kept > 0 && firstRetry !== undefined) {
			this.#retried += kept;
			safely(() => this.#options.onRetry(kept, firstRetry.result, waitMs));
		}
		if (health === 'ok') return false;
		this.#expireHeld(current, ageReason, firstRetry?.result.detail ?? 'server down');
		if (this.#round !== undefined) this.#round.forcing = false;
		// A batch sent before shutdown began says how the server was then: the draining pump tries again.
		if (this.#state !== 'draining' || !duringShutdown) return false;
		// Said in the shutdown warning: nothing waited for the deadline here.
		this.#giveUp(`given up without waiting, the server is ${health}`);
		return true;
	}

	// Flush rounds.

	#checkRound(): void {
		const active = this.#round;
		if (active === undefined) return;
		const done =
			this.#state === 'closed' ||
			(active.batches.size === 0 && (!active.forcing || !this.#hasForcible(active)));
		if (!done) return;
		this.#round = undefined;
		active.resolve();
	}

	#runRound(): Promise<void> {
		return new Promise<void>((resolve) => {
			this.#queuedRound = undefined;
			if (this.#state === 'closed') {
				resolve();
				return;
			}
			this.#round = {
				gen: ++this.#roundGen,
				untilSeq: this.#lastSeq,
				forcing: true,
				batches: new Set(this.#inFlight),
				resolve,
			};
			this.#runPump();
		});
	}

	#requestRound(): Promise<void> {
		if (this.#queuedRound !== undefined) return this.#queuedRound;
		const next = this.#roundChain.then(() => this.#runRound());
		this.#queuedRound = next;
		this.#roundChain = next;
		return next;
	}

	// Shutdown.

	#giveUp(detail: string): void {
		if (this.#state === 'closed') return;
		for (const batch of this.#inFlight) {
			batch.cancelled = true;
			safely(() => batch.controller.abort());
			for (const [index, entry] of batch.entries.entries()) {
				const answer = batch.early[index];
				// Umami already answered this one (an earlier request of the batch): settled as answered.
				if (answer === undefined) this.#drop(entry.item, 'shutdown_timeout', detail);
				else this.#settleEach([entry], [answer], []);
			}
		}
		this.#inFlight.clear();
		this.#inFlightItems = 0;
		const rest = [...this.#waiting.drain(), ...this.#delayed];
		this.#delayed = [];
		for (const entry of rest) this.#drop(entry.item, 'shutdown_timeout', detail);
		this.#finishShutdown?.();
	}
}
