/**
 * The counters of an instance and the `stats()` snapshot assembled from them. The client bumps the counters
 * on its paths (plain fields: nothing allocated per call); the snapshot copies them with the live figures.
 */
import type {PiiClass} from '../sanitize/index.js';
import {DROP_REASONS, type DropReason} from '../types.js';

/**
 * Where an instance is in its life: `open` (tracking), `closing` (`shutdown()` began: delivering what it holds,
 * refusing new events), `closed` (shut down: every tracking call is dropped as `after_shutdown`), or
 * `disabled` (configured off: every call is a no-op).
 */
export type AnalyticsState = 'open' | 'closing' | 'closed' | 'disabled';

/**
 * The key of the method by which a framework integration counts a request it left out on purpose
 * (`stats().skippedRequests`): kept off the public API. Registered (`Symbol.for`), so that an integration of one
 * copy of the library (the ESM or the CommonJS build) counts on an instance of the other.
 */
export const COUNT_SKIPPED_REQUEST: unique symbol = Symbol.for('umami-guard.countSkippedRequest');

/** Counters of one instance. Nothing here is personal: counts and reasons only. */
export interface AnalyticsStats {
	/** Whether the instance sends at all (the configuration; see `state` for shutdown). */
	readonly enabled: boolean;
	/**
	 * `open`, `closing` once `shutdown()` began (by the app, an exit hook or the natural exit), `closed` when it
	 * ended, `disabled` when configured off. Only an `open` instance takes events.
	 */
	readonly state: AnalyticsState;
	/**
	 * Why it sends nothing, when it does not: `no website id …`, `disabled by UMAMI_ENABLED`, or
	 * `the configuration is invalid …` with every problem of the configuration, each with its source.
	 */
	readonly disabledReason: string | undefined;
	/** Calls accepted by `trackEvent` / `trackPageView` / `identify`. */
	readonly tracked: number;
	/** Events waiting or in flight now (with the outbox on: including replayed events not queued yet). */
	readonly queued: number;
	/** Events in requests now in flight. */
	readonly inFlight: number;
	/** Events Umami accepted. */
	readonly sent: number;
	/** Delivery retries scheduled (events × attempts). */
	readonly retried: number;
	/** Events removed on purpose by `beforeSend` (not a loss). */
	readonly filtered: number;
	/**
	 * Requests a framework integration left untracked on purpose: `ignorePaths`, static assets, `ignoreMethods`,
	 * sampling, `skipTracking`. Requests, not events: not part of `tracked`.
	 */
	readonly skippedRequests: number;
	/** Dropped events by reason. */
	readonly dropped: Readonly<Record<DropReason, number>>;
	/** Sum of `dropped`. */
	readonly droppedTotal: number;
	/** Values cut or removed to fit Umami's limits. */
	readonly adjusted: number;
	/** Redactions by PII class. */
	readonly redacted: Readonly<Partial<Record<PiiClass, number>>>;
	/** Endpoint in use: `batch` (`/api/batch`) or `send` (fallback for Umami < 2.17). */
	readonly endpoint: 'batch' | 'send';
	/** Durable outbox: events read back from the journal at start, to be delivered again. */
	readonly replayed: number;
	/**
	 * Durable outbox: events still undelivered when `shutdown()` ended, left in the journal for the next
	 * start. Counted here *instead of* `dropped.shutdown_timeout`: they are not lost.
	 */
	readonly persisted: number;
}

/** The figures of a snapshot that are not counters: the instance's state and its queue, outbox and transport now. */
export interface LiveFigures {
	readonly enabled: boolean;
	readonly state: AnalyticsState;
	readonly disabledReason: string | undefined;
	readonly queued: number;
	readonly inFlight: number;
	readonly endpoint: 'batch' | 'send';
	readonly replayed: number;
	readonly persisted: number;
}

/** The running counts of one instance. */
export class Counters {
	/** Redactions so far, all classes (the scrubber's proof that a call redacted nothing). */
	hits = 0;
	tracked = 0;
	sent = 0;
	retried = 0;
	filtered = 0;
	skippedRequests = 0;
	adjusted = 0;
	readonly dropped = Object.fromEntries(DROP_REASONS.map((reason) => [reason, 0])) as Record<
		DropReason,
		number
	>;
	readonly redacted: Partial<Record<PiiClass, number>> = {};

	/** Every drop so far, all reasons. */
	droppedTotal(): number {
		let total = 0;
		for (const reason of DROP_REASONS) total += this.dropped[reason];
		return total;
	}

	/** The snapshot `stats()` returns: copies, so the caller cannot change the counts. */
	snapshot(live: LiveFigures): AnalyticsStats {
		const droppedTotal = this.droppedTotal();
		return {
			enabled: live.enabled,
			state: live.state,
			disabledReason: live.disabledReason,
			tracked: this.tracked,
			queued: live.queued,
			inFlight: live.inFlight,
			sent: this.sent,
			retried: this.retried,
			filtered: this.filtered,
			skippedRequests: this.skippedRequests,
			dropped: {...this.dropped},
			droppedTotal,
			adjusted: this.adjusted,
			redacted: {...this.redacted},
			endpoint: live.endpoint,
			replayed: live.replayed,
			persisted: live.persisted,
		};
	}
}
