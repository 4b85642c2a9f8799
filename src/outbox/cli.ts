/**
 * The outbox as `umami-guard outbox status|replay` sees it. Replay sends the pending events through the
 * same transport as the client (batch, or `/api/send` on Umami < 2.17) and acknowledges each event that
 * settled for good; events that could not be delivered stay in the journal.
 */
import {createTransport} from '../transport/index.js';
import {createOutbox, readJournalStatus} from './journal.js';
import type {CliOutbox, CliOutboxOptions, OutboxStatus, ReplayProgress} from './types.js';

/**
 * Opens the outbox of a configuration for the CLI. `status()` reads the journal without locking it;
 * `replay()` takes the lock (and rejects when the running app holds it).
 *
 * @example
 * ```ts
 * const box = openOutbox({...config.outbox, config});
 * console.log(box.status().events);
 * await box.replay(({sent, failed, total}) => console.log(`${sent + failed}/${total}`));
 * ```
 */
export function openOutbox(options: CliOutboxOptions): CliOutbox {
	const {config} = options;
	const where = {path: options.path, appName: config.appName};
	const status = (): OutboxStatus =>
		readJournalStatus(where) ?? {events: 0, bytes: 0, path: options.path, corrupt: 0, torn: 0};
	return {
		status,
		async replay(onProgress: (progress: ReplayProgress) => void): Promise<{sent: number; failed: number}> {
			const warnings: string[] = [];
			const box = createOutbox({
				...where,
				maxBytes: options.maxBytes,
				maxKeys: config.idempotency.maxKeys,
				onWarn(message) {
					warnings.push(message);
					options.onWarn?.(message);
				},
			});
			if (box === undefined) throw new Error(warnings.join('; ') || 'the outbox could not be opened');
			let sent = 0;
			let failed = 0;
			try {
				const pending = box.pending();
				const total = pending.length;
				const fetchImpl = options.fetch ?? globalThis.fetch;
				const transport = createTransport({
					apiUrl: config.apiUrl,
					fetch: fetchImpl.bind(globalThis) as typeof fetch,
					timeoutMs: config.transport.timeoutMs,
					userAgent: config.transport.userAgent,
					headers: {},
					endpoint: config.transport.endpoint,
					maxRetryAfterMs: config.transport.maxRetryAfterMs,
				});
				const batchSize = Math.max(1, config.queue.batchSize);
				let unreachable = false;
				for (let start = 0; start < total; start += batchSize) {
					const slice = pending.slice(start, start + batchSize);
					if (unreachable) {
						// No answer to the previous batch: do not hammer a server that is down.
						failed += slice.length;
						onProgress({sent, failed, total});
						continue;
					}
					const results = await transport.send(
						slice.map((entry) => entry.event),
						AbortSignal.timeout(config.transport.timeoutMs * 4),
					);
					for (const [index, entry] of slice.entries()) {
						const result = results[index];
						if (result?.status === 'delivered') {
							sent++;
							box.ack(entry.seq);
							continue;
						}
						failed++;
						// Rejected and bot-filtered events can never be delivered: settled for good.
						if (result?.status === 'rejected' || result?.status === 'bot_filtered') box.ack(entry.seq);
						else if (result?.status !== 'retry' || result.kind === 'network' || result.kind === 'timeout')
							unreachable = true;
					}
					onProgress({sent, failed, total});
				}
			} finally {
				box.close();
			}
			return {sent, failed};
		},
	};
}
