import type {DeliveryResult, DropReason, FlushResult} from '../types.js';
import {fullJitterDelay} from './backoff.js';
import type {EventQueue, QueueCounters, QueueOptions} from './types.js';
import {Waiting, type Entry} from './waiting.js';

interface Batch<T> {
	readonly entries: readonly Entry<T>[];
	readonly controller: AbortController;
	/** Set when shutdown gave up on the batch: its entries are already counted, a late result is ignored. */
	cancelled: boolean;
}

interface Round<T> {
	readonly gen: number;
	readonly untilSeq: number;
	forcing: boolean;
	readonly batches: Set<Batch<T>>;
	readonly resolve: () => void;
}

type RetryResult = Extract<DeliveryResult, {status: 'retry'}>;

/**
 * Health of the server as the last answered batch showed it.
 * - `ok`: it answered and settled at least one event of the last batch.
 * - `unreachable`: no answer (refused, reset, timeout): hold everything, probe with one batch per backoff step.
 * - `failing`: it answered 5xx/408/429 to every event of the last batch: same as unreachable, but counted
 *   as `server_error` if events age out.
 */
type Health = 'ok' | 'unreachable' | 'failing';

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

type TimerHandle = ReturnType<typeof setTimeout>;

function unref(handle: TimerHandle): TimerHandle {
	// Deno and Workers may hand out plain numbers; Node and Bun return objects with `unref`.
	if (
		typeof handle === 'object' &&
		handle !== null &&
		'unref' in handle &&
		typeof handle.unref === 'function'
	) {
		handle.unref();
	}
	return handle;
}

function safely(fn: () => void): void {
	try {
		fn();
	} catch {
		// A throwing callback must never break the queue.
	}
}

function positiveInt(value: number, fallback: number): number {
	return Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

function nonNegative(value: number, fallback: number): number {
	return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * Creates the bounded delivery queue.
 *
 * - `push` is synchronous, O(1) and never throws. When `maxSize` events are held (waiting + in flight) the
 *   overflow policy drops the oldest *waiting* event (`drop_oldest`, or the new one if every held event is
 *   in flight) or the new event (`drop_newest`), counted as `queue_overflow`.
 * - A batch leaves when `batchSize` events wait or the oldest waiting one is `flushIntervalMs` old; at most
 *   `maxInFlight` batches are in flight.
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
 * - `flush()` and `shutdown()` release every backoff (one immediate attempt); shutdown gives up at once
 *   (dropping the rest as `shutdown_timeout`) when the server is down, instead of waiting for the deadline.
 * - After `shutdown()` begins, `push` drops the event as `shutdown_timeout` (detail `queue closed`).
 *
 * @example
 * ```ts
 * const queue = createQueue<UmamiEvent>({
 *   maxSize: 10_000, batchSize: 100, flushIntervalMs: 5_000, maxInFlight: 2, overflow: 'drop_oldest',
 *   backoff: DEFAULT_BACKOFF, maxAttempts: 5, maxEventAgeMs: 3_600_000,
 *   send: (events, signal) => transport.send(events, signal),
 *   onDrop: (event, reason) => stats.drop(reason), onDelivered: () => stats.sent++, onRetry: () => {},
 *   now: Date.now,
 * });
 * queue.push(event);
 * await queue.shutdown(5_000);
 * ```
 */
export function createQueue<T>(options: QueueOptions<T>): EventQueue<T> {
	const maxSize = positiveInt(options.maxSize, 10_000);
	const batchSize = positiveInt(options.batchSize, 100);
	const maxInFlight = positiveInt(options.maxInFlight, 2);
	const flushIntervalMs = nonNegative(options.flushIntervalMs, 5000);
	const maxAttempts = positiveInt(options.maxAttempts, 5);
	const maxEventAgeMs = nonNegative(options.maxEventAgeMs, Number.POSITIVE_INFINITY);
	const baseMs = nonNegative(options.backoff.baseMs, 500);
	const maxMs = nonNegative(options.backoff.maxMs, 1000);
	const {now, overflow} = options;
	const overflowDetail = `queue full (${maxSize} events)`;

	const waiting = new Waiting<T>(Math.min(maxSize, 1024));
	/**
	 * Events with an item-specific failure (the server settled others in the same batch), each waiting out
	 * its own backoff. Kept aside so they neither block healthy traffic nor make the batch timer fire early;
	 * when due they rejoin the front of `waiting` in push order.
	 */
	let delayed: Entry<T>[] = [];
	const inFlight = new Set<Batch<T>>();
	let inFlightItems = 0;
	let lastSeq = 0;

	let health: Health = 'ok';
	let streak = 0;
	let retryAt = 0;

	let timer: TimerHandle | undefined;
	let timerAt = 0;
	let pumpScheduled = false;

	let state: 'open' | 'draining' | 'closed' = 'open';
	let shutdownPromise: Promise<FlushResult> | undefined;
	let shutdownTimer: TimerHandle | undefined;
	let finishShutdown: (() => void) | undefined;

	let round: Round<T> | undefined;
	let roundGen = 0;
	let roundChain: Promise<void> = Promise.resolve();
	let queuedRound: Promise<void> | undefined;

	let sent = 0;
	let failed = 0;
	let dropped = 0;
	let retried = 0;

	// ---- accounting -------------------------------------------------------------------------------

	const drop = (item: T, reason: DropReason, detail: string): void => {
		dropped++;
		if (FAILED_REASONS.has(reason)) failed++;
		try {
			options.onDrop(item, reason, detail);
		} catch {
			// A throwing callback must never break the queue (no closure per drop: a burst drops a lot).
		}
	};

	const deliver = (item: T): void => {
		sent++;
		safely(() => options.onDelivered(item));
	};

	const snapshot = (): Snapshot => ({sent, failed, dropped});

	const since = (start: Snapshot): FlushResult => ({
		sent: sent - start.sent,
		failed: failed - start.failed,
		dropped: dropped - start.dropped,
		pending: waiting.length + delayed.length + inFlightItems,
	});

	const concurrency = (): number => (health === 'ok' ? maxInFlight : 1);

	// ---- scheduling -------------------------------------------------------------------------------

	const clearTimer = (): void => {
		if (timer !== undefined) clearTimeout(timer);
		timer = undefined;
	};

	const schedulePump = (): void => {
		if (pumpScheduled) return;
		pumpScheduled = true;
		queueMicrotask(pump);
	};

	const armTimer = (at: number, current: number): void => {
		if (timer !== undefined && timerAt === at) return;
		clearTimer();
		timerAt = at;
		timer = unref(
			setTimeout(
				() => {
					timer = undefined;
					pump();
				},
				Math.max(0, at - current),
			),
		);
	};

	const takeFront = (): Entry<T>[] => {
		const entries: Entry<T>[] = [];
		while (entries.length < batchSize) {
			const entry = waiting.shift();
			if (entry === undefined) break;
			entries.push(entry);
		}
		return entries;
	};

	/** Entries a flush round may still force out: untried in this round, starting at or before `untilSeq`. */
	const takeForced = (active: Round<T>): Entry<T>[] | undefined => {
		const skipped: Entry<T>[] = [];
		let first = waiting.at(0);
		while (first !== undefined && first.tried === active.gen) {
			skipped.push(first);
			waiting.shift();
			first = waiting.at(0);
		}
		const entries = first !== undefined && first.seq <= active.untilSeq ? takeFront() : undefined;
		for (let index = skipped.length - 1; index >= 0; index--) waiting.unshift(skipped[index] as Entry<T>);
		return entries;
	};

	const hasForcible = (active: Round<T>): boolean => {
		for (let index = 0; index < waiting.length; index++) {
			const entry = waiting.at(index) as Entry<T>;
			if (entry.tried !== active.gen) return entry.seq <= active.untilSeq;
		}
		return false;
	};

	function pump(): void {
		pumpScheduled = false;
		if (state === 'closed') return;
		const current = now();
		releaseDelayed(state === 'draining' || round?.forcing === true ? Number.POSITIVE_INFINITY : current);
		while (waiting.length > 0 && inFlight.size < concurrency()) {
			let entries: Entry<T>[] | undefined;
			if (state === 'draining') entries = takeFront();
			else if (round?.forcing) entries = takeForced(round);
			if (entries === undefined) {
				if (current < retryAt) break;
				const oldest = waiting.at(0) as Entry<T>;
				if (waiting.length < batchSize && current < oldest.enqueuedAt + flushIntervalMs) break;
				entries = takeFront();
			}
			dispatch(entries);
		}
		let wake = Number.POSITIVE_INFINITY;
		if (state === 'open' && inFlight.size < concurrency()) {
			const oldest = waiting.at(0);
			if (oldest !== undefined) {
				const due = waiting.length < batchSize ? oldest.enqueuedAt + flushIntervalMs : current;
				wake = Math.max(due, retryAt);
			}
			for (const entry of delayed) wake = Math.min(wake, Math.max(entry.notBefore, retryAt));
		}
		if (wake === Number.POSITIVE_INFINITY) clearTimer();
		else armTimer(wake, current);
		checkRound();
	}

	function dispatch(entries: Entry<T>[]): void {
		const batch: Batch<T> = {entries, controller: new AbortController(), cancelled: false};
		inFlight.add(batch);
		inFlightItems += entries.length;
		const gen = round?.gen ?? 0;
		for (const entry of entries) entry.tried = gen;
		const first = entries[0];
		if (round !== undefined && first !== undefined && first.seq <= round.untilSeq) round.batches.add(batch);
		let result: Promise<readonly DeliveryResult[]>;
		try {
			result = Promise.resolve(
				options.send(
					entries.map((entry) => entry.item),
					batch.controller.signal,
				),
			);
		} catch {
			result = Promise.resolve([]);
		}
		// `send` must not reject, but a broken one only costs a retry; `settle` itself never throws
		// (callbacks are guarded), and the final catch makes an unhandled rejection impossible regardless.
		result
			.then(
				(results) => settle(batch, results),
				() => settle(batch, []),
			)
			.catch(() => undefined);
	}

	// ---- results ----------------------------------------------------------------------------------

	/** Puts retried entries back at the front, merged by push order with earlier returns still waiting. */
	const requeue = (entries: Entry<T>[]): void => {
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
	};

	/** Moves delayed events due by `until` back to the front of `waiting`. */
	function releaseDelayed(until: number): void {
		if (delayed.length === 0) return;
		const due: Entry<T>[] = [];
		const later: Entry<T>[] = [];
		for (const entry of delayed) (entry.notBefore <= until ? due : later).push(entry);
		if (due.length === 0) return;
		delayed = later;
		due.sort((a, b) => a.seq - b.seq);
		requeue(due);
	}

	/** Drops held events that waited longer than `maxEventAgeMs` (a prefix: the deque is in push order). */
	const expireHeld = (current: number, reason: DropReason, detail: string): void => {
		for (let front = waiting.at(0); front !== undefined; front = waiting.at(0)) {
			if (current - front.enqueuedAt <= maxEventAgeMs) break;
			waiting.shift();
			drop(front.item, reason, `${detail}; held longer than ${maxEventAgeMs} ms`);
		}
	};

	function settle(batch: Batch<T>, results: readonly DeliveryResult[]): void {
		if (batch.cancelled) return;
		inFlight.delete(batch);
		inFlightItems -= batch.entries.length;
		round?.batches.delete(batch);
		const current = now();

		const retries: {entry: Entry<T>; result: RetryResult}[] = [];
		let settledCount = 0;
		let noAnswer = false;
		for (const [index, entry] of batch.entries.entries()) {
			const result = results[index] ?? UNEXPECTED;
			switch (result.status) {
				case 'delivered': {
					settledCount++;
					deliver(entry.item);
					break;
				}
				case 'bot_filtered': {
					settledCount++;
					drop(entry.item, 'bot_filtered', 'Umami took the sender for a bot');
					break;
				}
				case 'rejected': {
					settledCount++;
					drop(entry.item, 'rejected', result.detail);
					break;
				}
				case 'retry': {
					if (result.kind === 'network' || result.kind === 'timeout') noAnswer = true;
					retries.push({entry, result});
					break;
				}
			}
		}

		if (retries.length === 0) {
			health = 'ok';
			streak = 0;
			retryAt = 0;
		} else {
			// Suspects: events the server already failed while settling others. A batch of suspects only that
			// fails again says nothing new about the server: keep counting their attempts.
			const onlySuspects = retries.every(
				({entry, result}) => result.kind !== 'network' && result.kind !== 'timeout' && entry.attempts > 0,
			);
			const serverUp = retries.every(({result}) => result.serverUp === true);
			const allRetry = settledCount === 0 && !onlySuspects && !serverUp;
			health = noAnswer ? 'unreachable' : allRetry ? 'failing' : 'ok';
			const ageReason: DropReason = health === 'failing' ? 'server_error' : 'network_error';
			const keep: Entry<T>[] = [];
			let retryAfterMs = 0;
			let kept = 0;
			for (const {entry, result} of retries) {
				retryAfterMs = Math.max(retryAfterMs, result.retryAfterMs ?? 0);
				const itemSpecific = !allRetry && (result.kind === 'server' || result.kind === 'rate_limited');
				if (itemSpecific) {
					entry.attempts++;
					if (entry.attempts >= maxAttempts) {
						drop(entry.item, 'server_error', `${result.detail}; gave up after ${entry.attempts} attempts`);
						continue;
					}
					// Its own backoff; the rest of the queue flows on.
					const delay = fullJitterDelay(entry.attempts - 1, baseMs, maxMs);
					entry.notBefore = current + Math.max(delay, result.retryAfterMs ?? 0);
					delayed.push(entry);
					kept++;
					continue;
				}
				if (health !== 'ok' && current - entry.enqueuedAt > maxEventAgeMs) {
					drop(entry.item, ageReason, `${result.detail}; held longer than ${maxEventAgeMs} ms`);
					continue;
				}
				keep.push(entry);
				kept++;
			}
			if (keep.length > 0) {
				// The whole queue waits: the server did not settle anything, or stopped answering.
				streak++;
				const delay = Math.max(fullJitterDelay(streak - 1, baseMs, maxMs), retryAfterMs);
				retryAt = Math.max(retryAt, current + delay);
				requeue(keep);
			} else if (health === 'ok') {
				streak = 0;
				retryAt = 0;
			}
			const firstRetry = retries[0];
			if (kept > 0 && firstRetry !== undefined) {
				retried += kept;
				safely(() => options.onRetry(kept, firstRetry.result));
			}
			if (health !== 'ok') {
				expireHeld(current, ageReason, firstRetry?.result.detail ?? 'server down');
				if (round !== undefined) round.forcing = false;
				if (state === 'draining') {
					giveUp(`server ${health === 'unreachable' ? 'unreachable' : 'failing'} during shutdown`);
					return;
				}
			}
		}

		if (state === 'draining' && waiting.length === 0 && delayed.length === 0 && inFlight.size === 0) {
			finishShutdown?.();
			return;
		}
		pump();
	}

	// ---- flush ------------------------------------------------------------------------------------

	function checkRound(): void {
		const active = round;
		if (active === undefined) return;
		const done =
			state === 'closed' || (active.batches.size === 0 && (!active.forcing || !hasForcible(active)));
		if (!done) return;
		round = undefined;
		active.resolve();
	}

	const runRound = (): Promise<void> =>
		new Promise<void>((resolve) => {
			queuedRound = undefined;
			if (state === 'closed') {
				resolve();
				return;
			}
			round = {gen: ++roundGen, untilSeq: lastSeq, forcing: true, batches: new Set(inFlight), resolve};
			pump();
		});

	const requestRound = (): Promise<void> => {
		if (queuedRound !== undefined) return queuedRound;
		const next = roundChain.then(runRound);
		queuedRound = next;
		roundChain = next;
		return next;
	};

	// ---- shutdown ---------------------------------------------------------------------------------

	function giveUp(detail: string): void {
		if (state === 'closed') return;
		for (const batch of inFlight) {
			batch.cancelled = true;
			safely(() => batch.controller.abort());
			for (const entry of batch.entries) drop(entry.item, 'shutdown_timeout', detail);
		}
		inFlight.clear();
		inFlightItems = 0;
		const rest = [...waiting.drain(), ...delayed];
		delayed = [];
		for (const entry of rest) drop(entry.item, 'shutdown_timeout', detail);
		finishShutdown?.();
	}

	// ---- public API -------------------------------------------------------------------------------

	return {
		push(item: T): void {
			if (state !== 'open') {
				drop(item, 'shutdown_timeout', 'queue closed');
				return;
			}
			const current = now();
			if (waiting.length + delayed.length + inFlightItems >= maxSize) {
				// O(1) and no object per drop: the oldest waiting item leaves the ring as it is.
				if (overflow === 'drop_oldest' && waiting.length > 0)
					drop(waiting.shiftItem() as T, 'queue_overflow', overflowDetail);
				else if (overflow === 'drop_oldest' && delayed.length > 0)
					drop((delayed.shift() as Entry<T>).item, 'queue_overflow', overflowDetail);
				else {
					drop(item, 'queue_overflow', overflowDetail);
					return;
				}
			}
			waiting.push(item, ++lastSeq, current);
			if (pumpScheduled || inFlight.size >= concurrency()) return;
			if (waiting.length >= batchSize ? current >= retryAt : timer === undefined) schedulePump();
		},

		async flush(): Promise<FlushResult> {
			const start = snapshot();
			if (state !== 'open') {
				if (shutdownPromise !== undefined) await shutdownPromise;
				return since(start);
			}
			await requestRound();
			return since(start);
		},

		shutdown(timeoutMs: number): Promise<FlushResult> {
			if (shutdownPromise !== undefined) return shutdownPromise;
			const start = snapshot();
			state = 'draining';
			clearTimer();
			shutdownPromise = new Promise<FlushResult>((resolve) => {
				finishShutdown = () => {
					finishShutdown = undefined;
					state = 'closed';
					clearTimer();
					if (shutdownTimer !== undefined) clearTimeout(shutdownTimer);
					shutdownTimer = undefined;
					checkRound();
					resolve(since(start));
				};
				const limit = nonNegative(timeoutMs, 0);
				shutdownTimer = unref(setTimeout(() => giveUp(`shutdown deadline of ${limit} ms reached`), limit));
				if (waiting.length === 0 && delayed.length === 0 && inFlight.size === 0) finishShutdown();
				else pump();
			});
			return shutdownPromise;
		},

		counters(): QueueCounters {
			return {waiting: waiting.length + delayed.length, inFlight: inFlightItems, retried};
		},
	};
}
