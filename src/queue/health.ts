/**
 * The server's health as one settled batch shows it: the pure decision the queue's state machine acts on,
 * as `transport/classify.ts` classifies each answer. No state, no timers, no callbacks.
 */
import type {DeliveryResult, DropReason} from '../types.js';

/** A per-event result that asks for another attempt. */
export type RetryResult = Extract<DeliveryResult, {status: 'retry'}>;

/**
 * Health of the server as the last answered batch showed it.
 * - `ok`: it answered and settled at least one event of the last batch.
 * - `unreachable`: no answer (refused, reset, timeout): hold everything, probe with one batch per backoff step.
 * - `failing`: it answered 5xx/408/429 to every event of the last batch: same as unreachable, but counted
 *   as `server_error` if events age out.
 */
export type Health = 'ok' | 'unreachable' | 'failing';

/** One event of a batch that came back as `retry`, with the attempts it had counted before this batch. */
export interface Retried {
	readonly entry: {readonly attempts: number};
	readonly result: RetryResult;
}

/** What a settled batch says about the server. */
export interface Verdict {
	readonly health: Health;
	/**
	 * The server settled none of the batch and the failure is news (not only suspects failing again, not a
	 * server that says it is up): the whole queue waits, and no event counts an attempt.
	 */
	readonly wholeQueueWaits: boolean;
}

const OK: Verdict = Object.freeze({health: 'ok', wholeQueueWaits: false});

/** No answer at all: refused, reset or timed out. */
export function isNoAnswer(result: RetryResult): boolean {
	return result.kind === 'network' || result.kind === 'timeout';
}

/**
 * Judges a settled batch from how many of its events the server settled (delivered, bot-filtered or
 * rejected) and the events it asked to retry.
 *
 * Suspects (events the server already failed while settling others, so `attempts > 0`) that fail again
 * alone say nothing new about the server: they keep counting attempts instead of holding the queue.
 *
 * @example
 * ```ts
 * judgeBatch(0, [{entry: {attempts: 0}, result: {status: 'retry', kind: 'server', detail: '503'}}]);
 * // → {health: 'failing', wholeQueueWaits: true}
 * ```
 */
export function judgeBatch(settled: number, retries: readonly Retried[]): Verdict {
	if (retries.length === 0) return OK;
	const noAnswer = retries.some(({result}) => isNoAnswer(result));
	const onlySuspects = retries.every(({entry, result}) => !isNoAnswer(result) && entry.attempts > 0);
	const serverUp = retries.every(({result}) => result.serverUp === true);
	const wholeQueueWaits = settled === 0 && !onlySuspects && !serverUp;
	return {health: noAnswer ? 'unreachable' : wholeQueueWaits ? 'failing' : 'ok', wholeQueueWaits};
}

/**
 * A `server`/`rate_limited` retry in a batch where the server settled others is the event's own problem: it
 * counts an attempt and waits out its own backoff aside, while healthy traffic flows on.
 */
export function isItemSpecific(result: RetryResult, verdict: Verdict): boolean {
	return !verdict.wholeQueueWaits && (result.kind === 'server' || result.kind === 'rate_limited');
}

/** The drop reason for an event that aged out while the server was down. */
export function agedOutReason(health: Health): DropReason {
	return health === 'failing' ? 'server_error' : 'network_error';
}
