/**
 * Types shared by every stage of the pipeline (client → sanitize → queue → transport).
 * This file is a leaf: it imports nothing, so every stage may depend on it without creating cycles.
 */

/** A value Umami can store in event data, after sanitizing. */
export type EventDataValue =
	string | number | boolean | null | EventDataValue[] | {[key: string]: EventDataValue};

/** Event properties as Umami receives them: always an object. */
export type EventData = Record<string, EventDataValue>;

/**
 * The `payload` of one Umami `/api/send` body, already sanitized and within Umami's limits.
 * Field limits are those of Umami's schema (see docs/umami-contract.md).
 */
export interface UmamiPayload {
	/** Website id (uuid). */
	website: string;
	/** Path and query, e.g. `/users/:id?utm_source=x` (≤ 500 chars). */
	url?: string;
	/** Host name (≤ 100 chars). */
	hostname?: string;
	/** Language tag, e.g. `en-US` (≤ 35 chars). */
	language?: string;
	/** Referrer URL (≤ 500 chars). */
	referrer?: string;
	/** Screen size, e.g. `1920x1080` (≤ 11 chars). */
	screen?: string;
	/** Page title (≤ 500 chars). */
	title?: string;
	/** Event name (≤ 50 chars). Absent → the event is a page view. */
	name?: string;
	/** Event tag (≤ 50 chars). */
	tag?: string;
	/** Event data or, for `identify`, session data. */
	data?: EventData;
	/** Distinct id (≤ 50 chars). */
	id?: string;
	/** Unix time in **seconds**, stamped when the event was tracked. */
	timestamp?: number;
	/** Client IP override (only when the identity policy allows it). */
	ip?: string;
	/** The end user's User-Agent. */
	userAgent?: string;
}

/**
 * The end user's coarse location as a CDN reported it, already validated. It travels beside the payload
 * and reaches Umami as request headers (`cf-ipcountry`, `cf-region-code`, `cf-ipcity`), never in the body.
 */
export interface UmamiLocation {
	/** ISO 3166-1 alpha-2 country code, upper case, e.g. `DE`. */
	readonly country: string;
	/** ISO 3166-2 subdivision code without the country prefix, e.g. `BY` (1–3 letters or digits). */
	readonly region?: string;
	/** City name (≤ 50 characters, the size of Umami's column). */
	readonly city?: string;
}

/**
 * One event as it travels through the queue and the transport: Umami's `{type, payload}` body, plus the
 * optional CDN location the transport sends as headers (only `type` and `payload` are serialized).
 */
export interface UmamiEvent {
	readonly type: 'event' | 'identify';
	readonly payload: UmamiPayload;
	/** Set only when the identity policy forwards CDN location headers (`identity.location: 'cdn'`). */
	readonly location?: UmamiLocation;
}

/**
 * Why an event was not delivered. A fixed union: every drop increments exactly one of these counters
 * in `stats().dropped` and reaches `onDrop`.
 */
export type DropReason =
	/** The queue was full; the overflow policy chose this event. */
	| 'queue_overflow'
	/**
	 * The event could not be made to fit Umami's schema (e.g. an empty name), or an argument had the wrong
	 * type (`trackPageView(null)`, a number as `title`): never stringified and sent.
	 */
	| 'invalid'
	/** The final PII gate still found personal data in the serialized payload. */
	| 'pii_gate'
	/** Umami answered `{"beep":"boop"}` (or `{}` on v2.10): it took the sender for a bot and stored nothing. */
	| 'bot_filtered'
	/** Umami refused the event (a 4xx, or a per-item error in a batch); retrying cannot help. */
	| 'rejected'
	/** Umami kept answering 5xx for this event while accepting others; given up after the retry limit. */
	| 'server_error'
	/** The event waited longer than the maximum event age while the server was unreachable. */
	| 'network_error'
	/**
	 * `shutdown()` ended before the event was delivered: at its deadline, or at once when a batch it sent
	 * found the server unreachable (the drop's `detail`, and the shutdown warning, say which).
	 */
	| 'shutdown_timeout'
	/** The durable outbox was full; the event could not be persisted. */
	| 'outbox_full'
	/**
	 * Tracked after `shutdown()` began (called by the app, by an exit hook, or at the process's natural exit):
	 * a closed instance sends nothing more. `stats().state` tells whether an instance is still open.
	 */
	| 'after_shutdown'
	/** An event with an `idempotencyKey` this instance (or, with the outbox, its journal) already recorded. */
	| 'duplicate';

/** Every drop reason, in a stable order (for zero-initialised counters and reports). */
export const DROP_REASONS: readonly DropReason[] = [
	'queue_overflow',
	'invalid',
	'pii_gate',
	'bot_filtered',
	'rejected',
	'server_error',
	'network_error',
	'shutdown_timeout',
	'outbox_full',
	'after_shutdown',
	'duplicate',
];

/** The outcome of one delivery attempt for one event, decided by the transport. */
export type DeliveryResult =
	| {readonly status: 'delivered'}
	| {readonly status: 'bot_filtered'}
	/**
	 * Permanent failure: never retry. `detail` is safe to log (no payload content). `websiteNotFound`: Umami
	 * does not know the website id (2.10: 403 `Website not found`; 3.x: 400 `website not found`), a
	 * misconfiguration that fails every event alike.
	 */
	| {
			readonly status: 'rejected';
			readonly httpStatus?: number;
			readonly websiteNotFound?: boolean;
			readonly detail: string;
	  }
	/**
	 * Transient failure: retry later. `retryAfterMs` comes from a `Retry-After` header (already capped).
	 * `kind` tells an outage (`network`: no answer at all) from a server that answers with an error.
	 */
	| {
			readonly status: 'retry';
			readonly kind: 'network' | 'timeout' | 'server' | 'rate_limited';
			readonly httpStatus?: number;
			readonly retryAfterMs?: number;
			/** The server answered its heartbeat right after: the failure is specific to this event. */
			readonly serverUp?: boolean;
			/** The error code of a `network` failure (`ECONNREFUSED`, `ENOTFOUND`, a TLS code…), when there is one. */
			readonly code?: string;
			readonly detail: string;
	  };

/** What `flush()` resolves with; `shutdown()` adds the instance's total of drops ({@link ShutdownResult}). */
export interface FlushResult {
	/** Events delivered during this call. */
	sent: number;
	/** Events that failed permanently during this call (counted in `stats().dropped`). */
	failed: number;
	/**
	 * Events the queue dropped during this call for any reason (includes `failed`). An event dropped before it
	 * was queued (`invalid`, `duplicate`, `pii_gate`, a bot's User-Agent, …) never is in it: see
	 * {@link ShutdownResult.droppedTotal} and `stats().dropped`.
	 */
	dropped: number;
	/** Events still waiting when the call returned. */
	pending: number;
	/**
	 * Set by `flush()` when its deadline (`flushTimeoutMs`) ended the wait before the server answered:
	 * `pending` then includes the events still in flight. They stay queued and are sent while the process
	 * lives; a platform that ends the function first loses them (the instance warns).
	 */
	timedOut?: boolean;
}

/**
 * What `shutdown()` and `shutdownAll()` resolve with: the counts of the call itself, as `flush()`'s, and the
 * instance's drops in all. `dropped: 0` says only that the shutdown dropped nothing it held; whether
 * anything was lost is `droppedTotal`.
 */
export interface ShutdownResult extends FlushResult {
	/**
	 * Every event the instance dropped, for any reason, from its creation to the end of the shutdown — those
	 * dropped before they were queued (`invalid`, `duplicate`, `pii_gate`, a bot's User-Agent, …) and by
	 * earlier deliveries included: `stats().droppedTotal` then, whose `dropped` says why. 0: nothing was
	 * lost. Events the durable outbox keeps for the next start are not dropped (`pending`).
	 */
	droppedTotal: number;
}
