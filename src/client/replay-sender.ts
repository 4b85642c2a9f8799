/**
 * The send function the outbox replays through (`umami-guard outbox replay`): the client's transport, built
 * from the configuration, so the outbox itself knows nothing of HTTP.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {createTransport} from '../transport/index.js';
import type {DeliveryResult, UmamiEvent} from '../types.js';

/**
 * Delivers one batch of replayed events through the configured endpoint (batch, or `/api/send` on
 * Umami < 2.17); each batch may take four request timeouts (the batch and its per-event fallback).
 *
 * @example
 * ```ts
 * const send = createReplaySender(config, fetch);
 * openOutbox({...config.outbox, appName: config.appName, maxKeys: config.idempotency.maxKeys, batchSize: config.queue.batchSize, send});
 * ```
 */
export function createReplaySender(
	config: ResolvedConfig,
	fetchImpl: typeof fetch,
): (events: readonly UmamiEvent[]) => Promise<readonly DeliveryResult[]> {
	const transport = createTransport({
		apiUrl: config.apiUrl,
		fetch: fetchImpl.bind(globalThis) as typeof fetch,
		timeoutMs: config.transport.timeoutMs,
		userAgent: config.transport.userAgent,
		headers: {},
		endpoint: config.transport.endpoint,
		maxRetryAfterMs: config.transport.maxRetryAfterMs,
	});
	return (events) => transport.send(events, AbortSignal.timeout(config.transport.timeoutMs * 4));
}
