/**
 * The client: the one place that wires sanitizer → queue → transport. Tracking calls are synchronous,
 * cheap and total (they never throw); everything after `push` happens in the background.
 */
import type {AnalyticsOptions} from '../config/options.js';
import type {ResolvedConfig} from '../config/resolve.js';
import {emptyKeysWarning, unknownKeysWarning} from '../config/schema.js';
import {
	carriesRevenue,
	parseRevenue,
	parseRevenueInput,
	type Revenue,
	type RevenuePair,
} from '../gate/revenue.js';
import type {Scrubber} from '../gate/scrubber.js';
import type {EventQueue} from '../queue/index.js';
import type {Sanitizer} from '../sanitize/index.js';
import {nextTurn} from '../timers.js';
import type {FlushResult, ShutdownResult, UmamiEvent} from '../types.js';
import {createBeforeSend, type BeforeSendStage} from './before-send.js';
import type {EventContext, PageViewOptions} from './context.js';
import {createDelivery, type Delivery} from './delivery.js';
import {DurableDelivery} from './durable.js';
import {describeEvent} from './event-view.js';
import {FinalChecks} from './final-checks.js';
import {IdempotencyCheck} from './idempotency-check.js';
import {IdempotencyRecord} from './idempotency.js';
import {checkContext, checkData, checkPath} from './input.js';
import {createLogger, type InstanceLogger} from './logger.js';
import {PayloadBuilder} from './payload.js';
import type {DeadlineSetting, ShutdownFacts} from './shutdown-report.js';
import {watchProcessExit, type ProcessExitWatch} from './process-exit.js';
import {Reporter} from './reporting.js';
import {createScrubbing} from './scrubbing.js';
import {COUNT_SKIPPED_REQUEST, Counters, type AnalyticsState, type AnalyticsStats} from './stats.js';
import {WaitUntil} from './wait-until.js';

/** Properties of one event, before sanitizing. */
export type EventProperties = Record<string, unknown>;

/**
 * A catalogue of the events an app tracks: event name → its properties (or `undefined` for none).
 * Pass it as the type argument of `getAnalytics<MyEvents>('app')` to type-check names and properties.
 */
export type EventCatalog = Record<string, EventProperties | undefined>;

/** The default catalogue: any name, any properties. */
export type AnyEvents = Record<string, EventProperties | undefined>;

/** The arguments after the event name: properties required when the catalogue says so. */
export type TrackEventArgs<P> = undefined extends P
	? [properties?: P, context?: EventContext]
	: [properties: P, context?: EventContext];

/** The deadline of `shutdown()` when none is given, also the natural exit's without `exitHooks`. */
export const SHUTDOWN_TIMEOUT_MS = 5000;

/** The properties of a revenue event besides the pair: the catalogue's, without `revenue` and `currency`. */
export type RevenueProperties<P> = P extends EventProperties ? Omit<P, 'revenue' | 'currency'> : P;

/** The arguments of `trackRevenue` after the pair: properties required when the catalogue leaves any required. */
export type TrackRevenueArgs<P> =
	RevenueProperties<P> extends infer R
		? undefined extends R
			? [data?: R, context?: EventContext]
			: Record<never, never> extends R
				? [data?: R, context?: EventContext]
				: [data: R, context?: EventContext]
		: never;

export type {AnalyticsState, AnalyticsStats} from './stats.js';

/** Hooks and injectables of an instance (everything in the options that is not plain configuration). */
export type AnalyticsHooks = Pick<
	AnalyticsOptions,
	| 'fetch'
	| 'logger'
	| 'onDrop'
	| 'onError'
	| 'onRedact'
	| 'beforeSend'
	| 'waitUntil'
	| 'exitHooks'
	| 'filterBots'
> & {
	/** Clock for tests. */
	now?: () => number;
};

function noop(): void {}

/**
 * One analytics instance: an app's website, sanitizer, queue and transport. Get one with `getAnalytics()`.
 *
 * @example
 * ```ts
 * const analytics = getAnalytics('my_app');
 * analytics.trackEvent('signup', {plan: 'pro'});
 * await analytics.shutdown();
 * ```
 */
export class UmamiAnalytics<Events extends EventCatalog = AnyEvents> {
	/** The app name this instance was created for. */
	readonly appName: string;
	/** Whether events are sent (false: every call is a no-op). */
	readonly enabled: boolean;
	/** The resolved configuration (read-only; the API key is kept out of `toJSON`). */
	readonly config: ResolvedConfig;

	readonly #sanitizer: Sanitizer;
	/** Sanitizer, limits and gate with the memo of what is proven clean. */
	readonly #scrub: Scrubber;
	readonly #queue: EventQueue<UmamiEvent> | undefined;
	/** Transport and health warnings behind the queue (undefined: disabled). */
	readonly #delivery: Delivery | undefined;
	readonly #log: InstanceLogger;
	/** Payloads and envelopes of the tracking calls. */
	readonly #build: PayloadBuilder;
	readonly #counts = new Counters();
	readonly #report: Reporter;
	/** The stages an event passes after it is built: idempotency, `beforeSend`, the final checks. */
	readonly #idempotency: IdempotencyCheck;
	readonly #beforeSend: BeforeSendStage | undefined;
	readonly #checks: FinalChecks;
	readonly #waitUntil: WaitUntil | undefined;
	#closing: Promise<ShutdownResult> | undefined;
	#closed = false;
	/** Stops watching the process's end (signal hooks, natural exit). */
	#leaveProcess: ProcessExitWatch | undefined;
	/** Durable delivery over the outbox (undefined: off). */
	#durable: DurableDelivery | undefined;
	/** The clock: read once per tracking call, for the payload's timestamp and the queue. */
	readonly #now: () => number;

	constructor(config: ResolvedConfig, hooks: AnalyticsHooks = {}) {
		this.appName = config.appName;
		this.config = config;
		this.enabled = config.enabled;
		const now = hooks.now ?? Date.now;
		this.#now = now;
		this.#log = createLogger(`umami-guard[${config.appName}]`, config.debug, hooks.logger, now);
		const report = new Reporter(this.#counts, this.#log, hooks, config);
		this.#report = report;
		const {sanitizer, note, scrub} = createScrubbing(config, this.#counts, this.#log, hooks.onRedact);
		this.#sanitizer = sanitizer;
		this.#scrub = scrub;
		this.#idempotency = new IdempotencyCheck(new IdempotencyRecord(config.idempotency.maxKeys), report);
		this.#build = new PayloadBuilder({config, sanitizer, scrub, note, now});
		this.#beforeSend = createBeforeSend(hooks.beforeSend, {build: this.#build, report, counts: this.#counts});
		this.#checks = new FinalChecks({scrub, report, filterBots: hooks.filterBots ?? true});
		this.#waitUntil = hooks.waitUntil && new WaitUntil(hooks.waitUntil, () => this.flush(), report);

		// Said at startup, like the disabled warning below, which a script may cut short with process.exit().
		if (config.warnings.length > 0) this.#log.warnEvenOnExit(unknownKeysWarning(config.warnings));
		if (config.emptyKeys.length > 0) this.#log.warnEvenOnExit(emptyKeysWarning(config.emptyKeys));
		if (!config.enabled) {
			// Usually said at startup, and a script may process.exit() before emitWarning's tick.
			this.#log.warnEvenOnExit(
				config.error
					? `analytics disabled, tracking calls do nothing: ${config.disabledReason ?? ''}`
					: `analytics disabled: ${config.disabledReason ?? 'disabled'}; tracking calls do nothing.`,
			);
			this.trackEvent = noop;
			this.trackRevenue = noop;
			this.trackPageView = noop;
			this.identify = noop;
			return;
		}

		const delivery = createDelivery({
			config,
			fetch: hooks.fetch,
			log: this.#log,
			now,
			counts: this.#counts,
			report,
			held: () => this.#held(),
			durable: () => this.#durable,
		});
		this.#delivery = delivery;
		this.#queue = delivery.queue;
		if (config.outbox.enabled) this.#openDurable(this.#queue, now);
		this.#log.debug(
			`ready: ${config.apiUrl} website ${config.websiteId}, batch ${config.queue.batchSize}, every ${config.queue.flushIntervalMs} ms, queue ${config.queue.maxSize}`,
		);
		this.#leaveProcess = watchProcessExit({
			exitHooks: hooks.exitHooks,
			defaultTimeoutMs: SHUTDOWN_TIMEOUT_MS,
			held: () => this.#held(),
			// With the outbox on, held events wait in its journal for the next start: not lost.
			lost: () => (this.#durable ? 0 : this.#held()),
			shutdown: (ms) => this.#close(ms, 'at shutdown', 1),
			exit: (ms) => void this.#close(ms, 'at process exit', hooks.exitHooks ? 1 : 2),
		});
	}

	/**
	 * Tracks a custom event. Synchronous, never throws; the event is sanitized, fitted to Umami's limits,
	 * stamped with the current time and queued.
	 *
	 * @example
	 * ```ts
	 * analytics.trackEvent('signup', {plan: 'pro'});
	 * ```
	 */
	trackEvent<Name extends keyof Events & string>(name: Name, ...args: TrackEventArgs<Events[Name]>): void;
	// Plain parameters, not the rest tuple of the signature: no array per call.
	trackEvent(name: string, properties?: EventProperties, context?: EventContext): void {
		this.#counts.tracked++;
		try {
			const problem = checkData(properties, 'event data') ?? checkContext(context, 'context');
			if (this.#refused(problem)) return;
			// A revenue key in plain properties follows the rules of trackRevenue.
			const pair = carriesRevenue(properties)
				? parseRevenue(properties['revenue'], properties['currency'])
				: undefined;
			this.#custom(name, properties, pair, context);
		} catch (error) {
			this.#report.internal(error);
		}
	}

	/**
	 * Tracks a sale: a custom event whose data holds `revenue` (a number) and `currency` (upper case), which
	 * Umami 2.19+ also records for its Revenue report. Synchronous, never throws: an amount or currency Umami
	 * would not store exactly as given drops the event as `invalid` (debug output says why). Pass the payment
	 * provider's event id as `context.idempotencyKey` so that a webhook delivered again is counted once.
	 * See docs/revenue.md.
	 *
	 * @example
	 * ```ts
	 * analytics.trackRevenue('purchase', {amount: 19.99, currency: 'EUR'}, {plan: 'pro'}, {idempotencyKey: event.id});
	 * ```
	 */
	trackRevenue<Name extends keyof Events & string>(
		name: Name,
		revenue: Revenue,
		...args: TrackRevenueArgs<Events[Name]>
	): void;
	trackRevenue(name: string, revenue: Revenue, data?: unknown, context?: EventContext): void {
		this.#counts.tracked++;
		try {
			const problem = checkData(data, 'event data') ?? checkContext(context, 'context');
			if (this.#refused(problem)) return;
			this.#custom(name, data, parseRevenueInput(revenue), context);
		} catch (error) {
			this.#report.internal(error);
		}
	}

	/**
	 * Tracks a page view of `path` (a path or absolute URL; sanitized). Synchronous, never throws.
	 *
	 * @example
	 * ```ts
	 * analytics.trackPageView('/dashboard', {title: 'Dashboard'});
	 * ```
	 */
	trackPageView(path: string, options?: PageViewOptions): void {
		this.#counts.tracked++;
		try {
			const problem = checkPath(path) ?? checkContext(options, 'page view options');
			if (this.#refused(problem)) return;
			const at = this.#now();
			const payload = this.#build.payload(options, at, path);
			if (options?.data !== undefined && options.data !== null) payload.data = this.#build.data(options.data);
			this.#enqueue(this.#build.event('event', payload, options), options, at);
		} catch (error) {
			this.#report.internal(error);
		}
	}

	/**
	 * Attaches session data to a visitor (Umami's `identify`). `id` becomes Umami's distinct id when it is
	 * ≤ 50 characters and contains no PII; `data` is sanitized like event data.
	 */
	identify(id?: string, data?: EventProperties, context?: EventContext): void {
		this.#counts.tracked++;
		try {
			const problem =
				(id === undefined || typeof id === 'string' ? undefined : checkContext({id}, 'identify')) ??
				checkData(data, 'identify data') ??
				checkContext(context, 'context');
			if (this.#refused(problem)) return;
			const at = this.#now();
			const payload = this.#build.payload(context, at, context?.url, id ?? context?.id);
			payload.data = data === undefined || data === null ? {} : this.#build.data(data);
			this.#enqueue(this.#build.event('identify', payload, context), context, at);
		} catch (error) {
			this.#report.internal(error);
		}
	}

	/**
	 * Serverless in one await: tracks the event, then flushes. Never rejects for a tracking problem; the
	 * result says what was delivered.
	 *
	 * @example
	 * ```ts
	 * await analytics.trackAndFlush('invoked', {route: '/api/x'});
	 * ```
	 */
	trackAndFlush<Name extends keyof Events & string>(
		name: Name,
		...args: TrackEventArgs<Events[Name]>
	): Promise<FlushResult> {
		this.trackEvent(name, ...args);
		return this.flush();
	}

	/**
	 * Sends everything queued now; resolves with what settled. Never waits out a backoff, and never longer
	 * than `flushTimeoutMs`: a server that hangs leaves the events in flight `pending` (`timedOut` set, one
	 * warning), still queued for the next flush while the instance lives. Never rejects.
	 */
	flush(): Promise<FlushResult> {
		if (!this.#queue) return Promise.resolve({sent: 0, failed: 0, dropped: 0, pending: 0});
		const durable = this.#durable;
		const spilled = durable?.spilled ?? 0;
		return this.#queue.flush(this.config.queue.flushTimeoutMs).then((queued) => {
			const result = durable === undefined ? queued : durable.flushed(queued, spilled);
			if (result.timedOut === true) this.#warnFlushTimedOut(result.pending);
			return result;
		});
	}

	/**
	 * Said on every flush the deadline ends, for a platform's `waitUntil` may end the function right after:
	 * the count and the cause only (no event content, no key).
	 */
	#warnFlushTimedOut(pending: number): void {
		this.#log.warn(
			`flush deadline of ${this.config.queue.flushTimeoutMs} ms reached: ${pending} event(s) still pending ` +
				'(the server did not answer in time); they stay queued for the next flush, but are lost if the ' +
				'platform ends the function first',
		);
	}

	/**
	 * Stops accepting events, delivers what it can until `timeoutMs`, aborts the rest (counted as
	 * `shutdown_timeout`). Idempotent: later calls return the first call's promise. With the durable outbox
	 * on, the rest stays in the journal for the next start instead: counted in `stats().persisted` and in
	 * the result's `pending`, not as dropped. The result's `dropped` counts what the shutdown dropped;
	 * `droppedTotal` every drop of the instance, those before queueing (`invalid`, `duplicate`, …) included.
	 */
	shutdown(timeoutMs = SHUTDOWN_TIMEOUT_MS): Promise<ShutdownResult> {
		return this.#close(timeoutMs, 'at shutdown', 0);
	}

	/**
	 * Shuts down (see `shutdown`); `when` names the occasion in the one warning about what was not delivered.
	 * Drop warnings are held meanwhile, so that warning carries every count no warning told yet.
	 * `deadlineSetting` tells what sets `timeoutMs`, for that warning (`DEADLINE_SETTINGS`).
	 */
	#close(timeoutMs: number, when: string, deadlineSetting: DeadlineSetting): Promise<ShutdownResult> {
		if (this.#closing) return this.#closing;
		const startedAt = this.#now();
		const waiting = this.#held();
		this.#leaveProcess?.closing();
		if (this.enabled) {
			const refuse = (kind: string) => (): void => {
				this.#counts.tracked++;
				this.#report.drop(undefined, 'after_shutdown', 'the instance was shut down', kind);
			};
			this.trackEvent = refuse('event');
			this.trackRevenue = refuse('event');
			this.trackPageView = refuse('pageview');
			this.identify = refuse('identify');
		}
		this.#log.hold();
		this.#delivery?.silence();
		let closing = this.#queue
			? this.#queue.shutdown(timeoutMs)
			: Promise.resolve({sent: 0, failed: 0, dropped: 0, pending: 0});
		const durable = this.#durable;
		if (durable !== undefined) {
			const before = durable.persisted;
			closing = closing.then((result) => durable.close(result, before));
		}
		this.#closing = closing.then(async (result) => {
			this.#closed = true;
			this.#leaveProcess?.closed();
			// `process.emitWarning` prints on a later tick: an app that calls `process.exit()` as soon as
			// shutdown resolves (the usual SIGTERM handler) would end before the warning is printed.
			const deadline = this.#now() - startedAt >= timeoutMs ? timeoutMs : undefined;
			const facts = {
				deadlineSetting,
				waiting,
				sent: result.sent,
				startedAt,
				outbox: this.#durable !== undefined,
			};
			if (this.#reportClose(when, deadline, facts)) await nextTurn();
			return {...result, droppedTotal: this.#counts.droppedTotal()};
		});
		return this.#closing;
	}

	/**
	 * The one warning at the end of a shutdown: every drop not told yet, and the delivery problem, if any.
	 * When the deadline (`deadlineMs`) ended a shutdown while Umami kept answering, the cause is the backlog.
	 * Returns whether it warned.
	 */
	#reportClose(when: string, deadlineMs: number | undefined, facts: ShutdownFacts): boolean {
		const untold = this.#log.release();
		if (untold === undefined) return false;
		const problem = this.#delivery?.problem(deadlineMs, facts);
		this.#log.warn(`${when}: ${untold}${problem ? `; ${problem}` : ''}; see stats().dropped`);
		return true;
	}

	#state(): AnalyticsState {
		if (!this.enabled) return 'disabled';
		if (this.#closed) return 'closed';
		return this.#closing === undefined ? 'open' : 'closing';
	}

	/** Events held: waiting, in flight, or read back from the outbox and not queued yet. */
	#held(): number {
		const counters = this.#queue?.counters();
		return (counters ? counters.waiting + counters.inFlight : 0) + (this.#durable?.backlog() ?? 0);
	}

	/** Counts one request a framework integration left untracked on purpose (see {@link COUNT_SKIPPED_REQUEST}). */
	[COUNT_SKIPPED_REQUEST](): void {
		this.#counts.skippedRequests++;
	}

	/** Current counters (no personal data). */
	stats(): AnalyticsStats {
		return this.#counts.snapshot({
			enabled: this.enabled,
			state: this.#state(),
			disabledReason: this.config.disabledReason,
			queued: this.#held(),
			inFlight: this.#queue?.counters().inFlight ?? 0,
			endpoint: this.#delivery?.endpoint() ?? 'batch',
			replayed: this.#durable?.replayed ?? 0,
			persisted: this.#durable?.persisted ?? 0,
		});
	}

	/** Server health: `GET /api/heartbeat` answers 2xx. */
	async heartbeat(signal?: AbortSignal): Promise<boolean> {
		return this.#delivery ? this.#delivery.heartbeat(signal) : false;
	}

	/** The sanitizer this instance applies (same rules as its events). */
	get sanitizer(): Sanitizer {
		return this.#sanitizer;
	}

	/** Keeps the API key out of logs that print the instance. */
	toJSON(): Record<string, unknown> {
		return {
			appName: this.appName,
			enabled: this.enabled,
			apiUrl: this.config.apiUrl,
			websiteId: this.config.websiteId,
		};
	}

	/** Drops the call when its input has a `problem` (counted as `invalid`); true when it did. */
	#refused(problem: string | undefined): boolean {
		if (problem === undefined) return false;
		this.#report.drop(undefined, 'invalid', problem);
		return true;
	}

	/**
	 * A custom event. `pair`: its checked revenue (or why it was refused); added after the other properties are
	 * sanitized, out of the sanitizer's reach (an amount is no card number).
	 */
	#custom(
		name: string,
		properties: unknown,
		pair: RevenuePair | string | undefined,
		context: EventContext | undefined,
	): void {
		if (typeof name !== 'string' || name.trim() === '') {
			this.#report.drop(undefined, 'invalid', 'event name must be a non-empty string');
			return;
		}
		const at = this.#now();
		const payload = this.#build.payload(context, at);
		payload.name = this.#scrub.text(name, 'name')!;
		if (typeof pair === 'string') {
			this.#report.drop(this.#build.event('event', payload), 'invalid', pair);
			return;
		}
		if (pair !== undefined) payload.data = this.#build.withRevenue(properties, pair);
		else if (properties !== undefined && properties !== null) payload.data = this.#build.data(properties);
		this.#enqueue(this.#build.event('event', payload, context), context, at);
	}

	/**
	 * Idempotency, `beforeSend` and the final checks, then the write-ahead and the queue. `at`: the time the
	 * call read for its payload, which the queue counts the event's age from.
	 */
	#enqueue(event: UmamiEvent, context: EventContext | undefined, at: number): void {
		const key = context?.idempotencyKey;
		const digest = key === undefined ? undefined : this.#idempotency.digest(event, key);
		if (digest === false) return;
		const beforeSend = this.#beforeSend;
		const final = beforeSend === undefined ? event : beforeSend(event);
		if (final === null) return;
		// Data built by this call and proven clean is trusted unless a hook had it in hand.
		if (!this.#checks.pass(final, beforeSend === undefined)) return;
		if (this.config.debug) this.#log.debug(`queued ${describeEvent(final)}`);
		const durable = this.#durable;
		// Write-ahead: persisted before it is queued, so a crash from here on cannot lose it.
		if (durable !== undefined && !durable.append(final, digest)) {
			this.#report.drop(final, 'outbox_full', `outbox full (${this.config.outbox.maxBytes} bytes)`);
			return;
		}
		this.#queue!.push(final, at);
		if (digest !== undefined) this.#idempotency.record.add(digest);
		this.#waitUntil?.schedule();
	}

	/** Opens the durable outbox and queues what an earlier run left in it (as far as the queue has room). */
	#openDurable(queue: EventQueue<UmamiEvent>, now: () => number): void {
		this.#durable = DurableDelivery.open({
			config: this.config,
			queue,
			scrub: this.#scrub,
			log: this.#log,
			idempotency: this.#idempotency.record,
			now,
			closing: () => this.#closing !== undefined,
			drop: (event, reason, detail) => {
				this.#report.drop(event, reason, detail);
			},
		});
		// Assigned before the replay: a queue overflow during it settles through `#durable`.
		this.#durable?.replay();
	}

	/**
	 * Hands an error of a user hook that runs around tracking (an integration's `extraData`, say) to `onError`.
	 * Only the hook's name and the error's class travel on: its message may quote request data. Never throws.
	 */
	reportHookError(hook: string, error: unknown): void {
		this.#report.hookFailed(`${hook} threw; its result was ignored`, error);
	}
}
