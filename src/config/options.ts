import type {PiiClass, SanitizerOptions} from '../sanitize/options.js';
import type {DropReason, UmamiEvent} from '../types.js';

/** Where debug lines and warnings go. Every method is optional; missing ones are no-ops. */
export interface Logger {
	debug?(message: string): void;
	warn?(message: string): void;
}

/** How the client IP reaches Umami. */
export type IpMode =
	/** Never sent (default): Umami sees only the server's own address. */
	| 'none'
	/** The end user's IP is sent as `payload.ip`. */
	| 'forward'
	/** Sent truncated to /24 (IPv4) or /48 (IPv6). */
	| 'truncate';

/** Whether the end user's coarse location, as the CDN in front of the app reports it, reaches Umami. */
export type LocationMode =
	/** Never sent (default): Umami locates every event at the server (or nowhere). */
	| 'none'
	/**
	 * The CDN's country, region and city headers of the end user's request (Cloudflare `cf-ipcountry`,
	 * `cf-region-code`, `cf-ipcity`; Vercel `x-vercel-ip-*`; CloudFront `cloudfront-viewer-*`), validated,
	 * are sent to Umami as the Cloudflare headers it reads. Only behind a CDN that sets (and overwrites)
	 * them: without one, any client can claim any country.
	 */
	| 'cdn';

/** Identity options: what Umami may learn about who the visitor is. */
export interface IdentityOptions {
	/**
	 * Client IP policy. @default 'none'
	 */
	ip?: IpMode;
	/**
	 * Send an anonymous distinct id: a keyed hash of (client IP, User-Agent, website) with a salt that rotates
	 * daily and lives only in memory, so Umami counts visitors without receiving an IP. @default false
	 */
	anonymousId?: boolean;
	/**
	 * Forward the end user's coarse location (country, region, city) from the CDN's request headers, or from
	 * `location` passed per event, without any IP. Enable only behind a CDN. @default 'none'
	 */
	location?: LocationMode;
}

/** The durable outbox: a write-ahead journal that survives `kill -9` (see docs/outbox.md). */
export interface OutboxOptions {
	/** Journal every event before it is queued; replay what is left at the next start. @default false */
	enabled?: boolean;
	/** Directory of the journal (one file per app name). @default '.umami-guard/outbox' */
	path?: string;
	/** Largest journal; past it, new events are dropped as `outbox_full`. @default 52428800 (50 MiB) */
	maxBytes?: number;
}

/** A drop as reported to `onDrop`: never the payload itself, only what is safe to log. */
export interface DropInfo {
	/** Why the event was dropped. */
	readonly reason: DropReason;
	/** Event name, or `pageview`. Sanitized. */
	readonly event: string;
	/** A short, PII-free explanation (status code, limit that was hit, …). */
	readonly detail: string;
}

/**
 * Options for {@link getAnalytics}. Every field is optional: unset fields come from env vars, then the
 * configuration file, then the defaults. Precedence: options > env vars > file > defaults.
 */
export interface AnalyticsOptions {
	/** Send events at all. `false` makes a silent no-op instance that needs no other configuration. @default true (env `UMAMI_ENABLED`) */
	enabled?: boolean;
	/** Explain every sanitizing adjustment and delivery step through the logger. @default false (env `UMAMI_DEBUG`) */
	debug?: boolean;
	/**
	 * Throw the configuration's `ConfigError` (every problem of every source at once) from
	 * `getAnalytics` instead of disabling the instance with one error on stderr; unknown keys, otherwise
	 * warned about and ignored, are problems too. @default false
	 */
	strict?: boolean;
	/** Umami website id (UUID). Without it the instance is a no-op that warns once. (env `UMAMI_WEBSITE_ID`) */
	websiteId?: string;
	/** Base URL of the Umami server. @default 'https://cloud.umami.is' (env `UMAMI_API_URL`) */
	apiUrl?: string;
	/**
	 * Umami API key for the read API, used by the CLI only (`check`, `audit`); never sent with events or logged.
	 * (env `UMAMI_API_KEY`)
	 */
	apiKey?: string;
	/** Hostname stamped on events that do not carry one. (env `UMAMI_HOSTNAME`) */
	hostname?: string;
	/** Path of the YAML configuration file, or `false` to read none. @default env `UMAMI_CONFIG`, else `./config.yaml` when a top-level key starts with `umami` (a named file must have an `umami:` section) */
	configFile?: string | false;
	/** Environment to read instead of `process.env` (tests, edge runtimes). */
	env?: Readonly<Record<string, string | undefined>>;
	/** Sanitizer options: which PII classes to remove, extra keys, custom patterns, allowlists. */
	sanitization?: SanitizerOptions;
	/** Maximum events held in memory. @default 10000 */
	queueSize?: number;
	/** Events per request to `/api/batch`. @default 100 (10 with the outbox on: fewer events in flight to store twice after a crash) */
	batchSize?: number;
	/** Longest wait before a partial batch is sent. @default 5000 */
	flushIntervalMs?: number;
	/** Concurrent requests. @default 2 */
	maxInFlight?: number;
	/** What a full queue drops. @default 'drop_oldest' */
	overflow?: 'drop_oldest' | 'drop_newest';
	/** Per-request timeout. @default 10000 */
	timeoutMs?: number;
	/**
	 * Longest wait of `flush()` (awaited, or handed to `waitUntil`) when the server hangs: it then resolves with
	 * `timedOut` and the events still pending, which stay queued. @default `timeoutMs`
	 */
	flushTimeoutMs?: number;
	/** Attempts for an event the server answers with 5xx while it accepts others. @default 10 */
	maxAttempts?: number;
	/** Longest time an event waits for an unreachable server before it is dropped as `network_error`. @default 86400000 (24 h) */
	maxEventAgeMs?: number;
	/** Upper bound for a server's `Retry-After`. @default 60000 */
	maxRetryAfterMs?: number;
	/** `/api/batch` with fallback to `/api/send` on 404 (`auto`), or one of them only. @default 'auto' */
	endpoint?: 'auto' | 'batch' | 'send';
	/** `User-Agent` header; must not look like a bot to Umami. @default 'Mozilla/5.0 (compatible; umami-guard/VERSION)' */
	userAgent?: string;
	/**
	 * Idempotency keys (`idempotencyKey` of a call's context) remembered per instance, in memory and, with
	 * the outbox on, in its journal; the oldest is forgotten beyond this. @default 10000
	 */
	idempotencyKeys?: number;
	/** Identity policy (client IP, anonymous id, CDN location headers). */
	identity?: IdentityOptions;
	/** Durable outbox (off by default): events survive a crash or `kill -9` of the process. */
	outbox?: OutboxOptions;
	/**
	 * `fetch` to use for every request to Umami (a proxy, a test double, instrumentation). @default on Node,
	 * `http.request` with keep-alive agents (less than half the CPU of Node's own `fetch`); elsewhere
	 * `globalThis.fetch`
	 */
	fetch?: typeof globalThis.fetch;
	/** Where warnings and debug lines go. @default process.emitWarning for warnings, nothing for debug */
	logger?: Logger;
	/** Called once per dropped event. Exceptions thrown here are swallowed. */
	onDrop?: (info: DropInfo) => void;
	/** Called with background errors (never thrown). Exceptions thrown here are swallowed. */
	onError?: (error: Error) => void;
	/** Called with every redaction's class (counted in `stats().redacted` either way). */
	onRedact?: (cls: PiiClass) => void;
	/**
	 * Last look at each sanitized event before it is queued: return the event (possibly changed) to keep it,
	 * or `null` to drop it silently (counted as `filtered`). The returned event is sanitized again.
	 */
	beforeSend?: (event: UmamiEvent) => UmamiEvent | null;
	/**
	 * Serverless: called with the delivery promise of each flush the instance starts by itself, so the
	 * platform keeps the function alive until it settles (Vercel/Next `after`/`waitUntil`, Cloudflare `ctx.waitUntil`).
	 */
	waitUntil?: (promise: Promise<unknown>) => void;
	/**
	 * Deliver what is queued when the process is told to end: on SIGTERM/SIGINT, `shutdown()` runs (bounded by
	 * `timeoutMs`); a signal nobody else handles is then raised again, so the process exits as it would have
	 * without us. `true` uses the defaults. The natural exit (the event loop ran dry, `beforeExit`) delivers
	 * without them; their `timeoutMs` bounds it too. @default false
	 */
	exitHooks?: boolean | ExitHookOptions;
	/**
	 * Drop, as `bot_filtered`, events whose end-user User-Agent Umami's own `isbot` check would refuse: Umami
	 * answers them with success and stores nothing (in a batch, that is invisible). @default true
	 */
	filterBots?: boolean;
}

/** Options of the exit hooks (`exitHooks`): the signals handled and how long delivery may take. */
export interface ExitHookOptions {
	/** Signals to handle. @default ['SIGTERM', 'SIGINT'] */
	signals?: readonly string[];
	/**
	 * Longest time spent delivering before the process goes on exiting, after a signal and at the natural
	 * exit. @default 2000 (the natural exit without `exitHooks`: 5000, `shutdown()`'s default)
	 */
	timeoutMs?: number;
}
