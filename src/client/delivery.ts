/**
 * The background delivery of one instance, wired once: the queue whose outcomes are counted, settled in the
 * outbox and reported, and the sending stages behind it (transport and health warnings, `sending.ts`), which
 * are loaded when the first batch leaves: an app that never delivers never loads them.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {UmamiGuardError} from '../errors.js';
import {createQueue, DEFAULT_BACKOFF, type EventQueue} from '../queue/index.js';
import type {UmamiEvent} from '../types.js';
import type {DurableDelivery} from './durable.js';
import type {InstanceLogger} from './logger.js';
import type {Reporter} from './reporting.js';
import type {createSending, Sending} from './sending.js';
import type {ShutdownFacts} from './shutdown-report.js';
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
	readonly queue: EventQueue<UmamiEvent>;
	/** The endpoint in use: the configured one (`auto` starts with batch) until the first answers tell. */
	readonly endpoint: () => 'batch' | 'send';
	/** `GET /api/heartbeat` → true when the server answers 2xx; false on any failure. Never rejects. */
	readonly heartbeat: (signal?: AbortSignal) => Promise<boolean>;
	/** The cause of a shutdown's drops, safe to log; undefined when none is known (see `Sending.shutdownCause`). */
	readonly problem: (deadlineMs: number | undefined, facts: ShutdownFacts) => string | undefined;
	/** Shutdown began: no health warning from now on (the shutdown's own warning tells the problem). */
	readonly silence: () => void;
}

/** The sending module once loaded: later instances of the process build on it at once. */
let sendingModule: {readonly createSending: typeof createSending} | undefined;

function loadSending(): Promise<{readonly createSending: typeof createSending}> {
	if (sendingModule !== undefined) return Promise.resolve(sendingModule);
	return import('./sending.js').then((loaded) => (sendingModule = loaded));
}

/** Wires the queue, and the sending stages it loads on its first batch, for one (enabled) instance. */
export function createDelivery(parts: DeliveryParts): Delivery {
	const {config, counts, report} = parts;
	let sending: Sending | undefined;
	let loading: Promise<Sending> | undefined;
	let silenced = false;
	const load = (): Promise<Sending> =>
		(loading ??= loadSending().then(
			({createSending}) => {
				sending = createSending(parts);
				if (silenced) sending.health.silence();
				return sending;
			},
			(error: unknown) => {
				// Tried again with the next batch; meanwhile the queue retries this one as it would a failure.
				loading = undefined;
				throw error;
			},
		));
	const queue = createQueue<UmamiEvent>({
		...config.queue,
		backoff: DEFAULT_BACKOFF,
		requestPerEvent: () => (sending?.transport.endpoint() ?? config.transport.endpoint) === 'send',
		send: (events, signal, answered) =>
			sending !== undefined
				? sending.send(events, signal, answered)
				: load().then((loaded) => {
						// Given up on while the module loaded (the shutdown deadline): it must not leave any more.
						if (signal.aborted) throw signal.reason;
						return loaded.send(events, signal, answered);
					}),
		onDrop: (event, reason, detail) => {
			const durable = parts.durable();
			// Kept in the outbox for the next start: not given up on.
			if (durable !== undefined && durable.settle(event, reason)) return;
			sending?.gaveUp(reason);
			report.drop(event, reason, detail);
		},
		onDelivered: (event) => {
			counts.sent++;
			parts.durable()?.settle(event, undefined);
		},
		onRetry: (count, result, delayMs) => {
			counts.retried += count;
			sending?.retried(count, result, delayMs);
			if (result.status === 'retry') {
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
	return {
		queue,
		endpoint: () =>
			sending?.transport.endpoint() ?? (config.transport.endpoint === 'send' ? 'send' : 'batch'),
		heartbeat: (signal) =>
			load().then(
				(loaded) => loaded.transport.heartbeat(signal),
				() => false,
			),
		problem: (deadlineMs, facts) => sending?.shutdownCause(deadlineMs, facts),
		silence: () => {
			silenced = true;
			sending?.health.silence();
		},
	};
}
