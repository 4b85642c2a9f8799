/**
 * The background delivery of one instance, wired once: the transport (over the requester the runtime allows),
 * the health warnings that watch its answers, and the queue whose outcomes are counted, settled in the outbox
 * and reported.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {UmamiGuardError} from '../errors.js';
import {createQueue, DEFAULT_BACKOFF, type EventQueue} from '../queue/index.js';
import {createTransport, type Transport} from '../transport/index.js';
import type {UmamiEvent} from '../types.js';
import type {DurableDelivery} from './durable.js';
import {createHealthWarnings, type HealthWarnings} from './health-warnings.js';
import type {InstanceLogger} from './logger.js';
import type {Reporter} from './reporting.js';
import {requester} from './requester.js';
import type {Counters} from './stats.js';

/** What delivery needs of its instance. */
export interface DeliveryParts {
	readonly config: ResolvedConfig;
	/** The user's `fetch`, if any. */
	readonly fetch: typeof globalThis.fetch | undefined;
	readonly log: InstanceLogger;
	readonly now: () => number;
	readonly counts: Counters;
	readonly report: Reporter;
	/** Events held now (waiting, in flight, in the replay backlog). */
	readonly held: () => number;
	/** The durable outbox once it is open (undefined: off, or not open yet). */
	readonly durable: () => DurableDelivery | undefined;
}

/** The delivery stages of an instance. */
export interface Delivery {
	readonly transport: Transport;
	readonly health: HealthWarnings;
	readonly queue: EventQueue<UmamiEvent>;
}

/** Wires transport, health warnings and queue for one (enabled) instance. */
export function createDelivery(parts: DeliveryParts): Delivery {
	const {config, log, counts, report} = parts;
	const transport = createTransport({
		apiUrl: config.apiUrl,
		fetch: requester(parts.fetch),
		timeoutMs: config.transport.timeoutMs,
		userAgent: config.transport.userAgent,
		headers: {},
		endpoint: config.transport.endpoint,
		maxRetryAfterMs: config.transport.maxRetryAfterMs,
	});
	const health = createHealthWarnings({
		apiUrl: config.apiUrl,
		websiteId: config.websiteId,
		warn: log.warn,
		held: parts.held,
		now: parts.now,
	});
	const queue = createQueue<UmamiEvent>({
		...config.queue,
		backoff: DEFAULT_BACKOFF,
		send: (events, signal) =>
			transport.send(events, signal).then((results) => {
				health.observe(results);
				return results;
			}),
		onDrop: (event, reason, detail) => {
			const durable = parts.durable();
			if (durable !== undefined && durable.settle(event, reason)) return;
			report.drop(event, reason, detail);
		},
		onDelivered: (event) => {
			counts.sent++;
			parts.durable()?.settle(event, undefined);
		},
		onRetry: (count, result) => {
			counts.retried += count;
			if (result.status === 'retry') {
				log.debug(`retrying ${count} event(s): ${result.kind} ${result.detail}`);
				if (result.kind === 'network' || result.kind === 'timeout')
					report.error(
						new UmamiGuardError(
							result.kind === 'network' ? 'NETWORK_ERROR' : 'TIMEOUT',
							`delivery failed: ${result.detail}`,
						),
					);
			}
		},
		now: parts.now,
	});
	return {transport, health, queue};
}
