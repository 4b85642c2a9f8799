/**
 * What an instance loads when its first request leaves (`delivery.ts` imports it with `import()`): the
 * requester the runtime allows, the HTTP transport, and the health warnings that watch its answers. An app
 * loads it on its first delivery, not at start; a process that delivers nothing never loads it.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {createTransport, type Answered, type Transport} from '../transport/index.js';
import type {DeliveryResult, DropReason, UmamiEvent} from '../types.js';
import {
	batchLine,
	endpointPath,
	giveUpLine,
	GIVE_UP_REASONS,
	requestLine,
	retryLine,
	switchLine,
} from './delivery-debug.js';
import {createHealthWarnings, type HealthWarnings} from './health-warnings.js';
import type {InstanceLogger} from './logger.js';
import {requester} from './requester.js';
import {describeBacklog, type ShutdownFacts} from './shutdown-report.js';

/** What the sending stages need of their instance. */
export interface SendingParts {
	readonly config: ResolvedConfig;
	/** The user's `fetch`, if any. */
	readonly fetch: typeof globalThis.fetch | undefined;
	readonly log: InstanceLogger;
	readonly now: () => number;
	/** Events held now (waiting, in flight, in the replay backlog). */
	readonly held: () => number;
}

/** The transport of an instance with the health warnings that watch its answers. */
export interface Sending {
	readonly transport: Transport;
	readonly health: HealthWarnings;
	/** Sends one batch; the health warnings see every answer. */
	readonly send: (
		events: readonly UmamiEvent[],
		signal: AbortSignal,
		answered: Answered,
	) => Promise<readonly DeliveryResult[]>;
	/** The queue scheduled `count` events for another attempt in `delayMs` (a debug line; no-op when off). */
	readonly retried: (count: number, result: DeliveryResult, delayMs: number) => void;
	/**
	 * The cause of a shutdown's drops, safe to log: the delivery problem (`HealthWarnings.current`), else, when
	 * the deadline (`deadlineMs`) ended a shutdown while Umami kept answering, the backlog.
	 */
	readonly shutdownCause: (deadlineMs: number | undefined, facts: ShutdownFacts) => string | undefined;
	/** The queue dropped an event (a debug line when it was a delivery's end; no-op when debug is off). */
	readonly gaveUp: (reason: DropReason) => void;
}

function noop(): void {}

/** Builds the transport and the health warnings of one (enabled) instance. */
export function createSending(parts: SendingParts): Sending {
	const {config, log} = parts;
	const transport = createTransport({
		apiUrl: config.apiUrl,
		fetch: requester(parts.fetch),
		timeoutMs: config.transport.timeoutMs,
		userAgent: config.transport.userAgent,
		headers: {},
		endpoint: config.transport.endpoint,
		maxRetryAfterMs: config.transport.maxRetryAfterMs,
		onRequest: config.debug ? (path, outcome, ms) => log.debug(requestLine(path, outcome, ms)) : undefined,
	});
	const health = createHealthWarnings({
		apiUrl: config.apiUrl,
		websiteId: config.websiteId,
		warn: log.warn,
		held: parts.held,
		now: parts.now,
	});
	return {
		transport,
		health,
		send: (events, signal, answered) => {
			const mode = transport.endpoint();
			const started = parts.now();
			const open = health.opened(started);
			const heard: Answered = (index, result) => {
				health.heard(result);
				answered(index, result);
			};
			return transport.send(events, signal, heard).then((results) => {
				const ms = parts.now() - started;
				open.close();
				health.observe(results, ms);
				if (config.debug) {
					const after = transport.endpoint();
					log.debug(batchLine(events.length, endpointPath(after), results, ms));
					if (after !== mode) log.debug(switchLine(mode, after));
				}
				return results;
			});
		},
		shutdownCause: (deadlineMs, facts) => {
			const problem = health.current(deadlineMs);
			// A backlog only when Umami answered during the shutdown: a deadline that ended it before any
			// answer (0 ms, a refused port) says nothing about either.
			if (problem !== undefined || deadlineMs === undefined || !health.answeredSince(facts.startedAt))
				return problem;
			return describeBacklog({...facts, deadlineMs, requestPerEvent: transport.endpoint() === 'send'});
		},
		retried: config.debug ? (count, result, delayMs) => log.debug(retryLine(count, result, delayMs)) : noop,
		gaveUp: config.debug
			? (reason) => {
					if (GIVE_UP_REASONS.has(reason)) log.debug(giveUpLine(reason));
				}
			: noop,
	};
}
