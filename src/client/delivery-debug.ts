/**
 * The debug lines of delivery (`debug: true`): each request, each batch, each retry scheduled, an endpoint
 * switch and each event given up on. They carry counts, paths, HTTP statuses, error codes and durations
 * only: never an event's contents, the configured URL (which may hold credentials) or a header.
 */
import type {DeliveryResult, DropReason} from '../types.js';
import {countEvents} from './logger.js';

/** Umami's ingestion path for an endpoint mode. */
export function endpointPath(mode: 'batch' | 'send'): string {
	return mode === 'batch' ? '/api/batch' : '/api/send';
}

/** `POST /api/batch: HTTP 200 in 12 ms`, `POST /api/batch: no answer (ECONNREFUSED) after 3 ms`. */
export function requestLine(path: string, outcome: number | string, ms: number): string {
	const method = path === '/api/heartbeat' ? 'GET' : 'POST';
	return typeof outcome === 'number'
		? `${method} ${path}: HTTP ${outcome} in ${ms} ms`
		: `${method} ${path}: no answer (${outcome}) after ${ms} ms`;
}

/** `delivered`, `retry network`, `rejected HTTP 400`: what one result says, without its detail. */
function outcomeOf(result: DeliveryResult): string {
	switch (result.status) {
		case 'delivered':
		case 'bot_filtered': {
			return result.status;
		}
		case 'rejected': {
			return result.httpStatus === undefined ? 'rejected' : `rejected HTTP ${result.httpStatus}`;
		}
		case 'retry': {
			return result.httpStatus === undefined
				? `retry ${result.kind}`
				: `retry ${result.kind} HTTP ${result.httpStatus}`;
		}
	}
}

/** `batch of 3 events via /api/batch in 14 ms: 3 delivered` (outcomes counted, in order of first sight). */
export function batchLine(
	count: number,
	path: string,
	results: readonly DeliveryResult[],
	ms: number,
): string {
	const tally = new Map<string, number>();
	for (const result of results) {
		const outcome = outcomeOf(result);
		tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
	}
	const outcomes = [...tally].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
	return `batch of ${countEvents(count)} via ${path} in ${ms} ms: ${outcomes}`;
}

/**
 * `retry scheduled: 2 events in 1200 ms (network, ECONNREFUSED)`; during a shutdown, which waits out no
 * backoff, `retry scheduled: 1 event at once (server, HTTP 500)`.
 */
export function retryLine(count: number, result: DeliveryResult, delayMs: number): string {
	const why =
		result.status !== 'retry'
			? result.status
			: [
					result.kind,
					result.code ?? (result.httpStatus === undefined ? undefined : `HTTP ${result.httpStatus}`),
				]
					.filter((part) => part !== undefined)
					.join(', ');
	const when = delayMs > 0 ? `in ${Math.round(delayMs)} ms` : 'at once';
	return `retry scheduled: ${countEvents(count)} ${when} (${why})`;
}

/** `endpoint switch: /api/batch → /api/send (…)`. */
export function switchLine(from: 'batch' | 'send', to: 'batch' | 'send'): string {
	return `endpoint switch: ${endpointPath(from)} → ${endpointPath(to)} (this Umami has no /api/batch, so each event goes alone from now on)`;
}

/** Drops that end a delivery (the others happen before an event is ever sent). */
export const GIVE_UP_REASONS: ReadonlySet<DropReason> = new Set<DropReason>([
	'rejected',
	'server_error',
	'network_error',
	'shutdown_timeout',
]);

/** `gave up on 1 event: network_error`: the reason only (its detail may quote the server). */
export function giveUpLine(reason: DropReason): string {
	return `gave up on 1 event: ${reason}`;
}
