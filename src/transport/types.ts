import type {DeliveryResult, UmamiEvent} from '../types.js';
import type {FetchLike} from './node-http-requester.js';
import type {RequestObserver} from './request.js';

/** Which Umami endpoint the transport uses. `auto` tries `/api/batch` and falls back to `/api/send` on 404. */
export type EndpointMode = 'auto' | 'batch' | 'send';

/** Complete, normalized transport options. */
export interface TransportOptions {
	/** Base URL of the Umami server, without trailing slash, e.g. `https://cloud.umami.is`. */
	readonly apiUrl: string;
	/** `fetch`, or the part of it the transport uses (`globalThis.fetch`, or `createNodeFetch` on Node). */
	readonly fetch: FetchLike;
	/** Per-request timeout, covering the response body too (twice this after a timeout, until an answer comes within half of it). Recommended: 10 000 ms. */
	readonly timeoutMs: number;
	/** The `User-Agent` header (must not be taken for a bot by Umami's `isbot`). */
	readonly userAgent: string;
	/** Extra headers for every request (never logged). `x-umami-cache` is always stripped. */
	readonly headers: Readonly<Record<string, string>>;
	/** Endpoint choice. */
	readonly endpoint: EndpointMode;
	/** Upper bound for a server's `Retry-After` (seconds or HTTP date). Recommended: 60 000 ms. */
	readonly maxRetryAfterMs: number;
	/** Told of every request as it ends (path, HTTP status or error code, ms), for debug lines; none: not told. */
	readonly onRequest?: RequestObserver | undefined;
}

/**
 * Told each event's result as soon as the server answered it, before the call ends (index into the call's
 * events): a shutdown deadline that aborts the rest of a call still knows which of its events Umami stored.
 * Called at most once per index for requests that went out; events settled without a request are not told.
 */
export type Answered = (index: number, result: DeliveryResult) => void;

/** Sends events to Umami. Never rejects: every failure becomes a {@link DeliveryResult}. */
export interface Transport {
	/**
	 * Delivers `events` (one batch); one result per event, in order. `signal` aborts every request of the
	 * call (results: `retry`/`network`, detail `aborted on …`); `answered` hears each result as it comes.
	 * Never rejects.
	 */
	send(
		events: readonly UmamiEvent[],
		signal: AbortSignal,
		answered?: Answered,
	): Promise<readonly DeliveryResult[]>;
	/** `GET /api/heartbeat` → true when the server answers 2xx; false on any failure. Never rejects. */
	heartbeat(signal?: AbortSignal): Promise<boolean>;
	/** The endpoint in use after auto-detection (`batch` until a 404 says otherwise). */
	readonly endpoint: () => 'batch' | 'send';
}
