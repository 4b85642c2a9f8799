/**
 * The last steps of `umami-guard check`, with credentials: read the test event back through Umami's read API
 * (`/websites/:id/metrics?type=event`, or the realtime events) to confirm it was stored, and, when the read
 * API answered, report the server's version and whether it has `/api/batch` and the revenue report.
 */
import type {CheckContext} from './check-context.js';
import type {SentEvent} from './check-event.js';
import type {ExitCode} from './io.js';
import {
	createReadApi,
	isReadApiError,
	type ReadApi,
	type ReadApiError,
	type ReadCredentials,
} from './read-api.js';
import {probeServer, type ServerInfo} from './server-info.js';

/**
 * Count of event `name` in a read-API answer, tolerant of any body: metrics (`[{x: name, y: count}]`) or
 * realtime (`{events: [{eventName}]}`).
 */
function countOf(parsed: unknown, name: string): number {
	const rows: unknown = Array.isArray(parsed) ? parsed : (parsed as {events?: unknown} | null)?.events;
	if (!Array.isArray(rows)) return 0;
	let count = 0;
	for (const row of rows as unknown[]) {
		if (typeof row !== 'object' || row === null) continue;
		const {x, y, eventName} = row as {x?: unknown; y?: unknown; eventName?: unknown};
		if (eventName === name) count++;
		else if (x === name) count += typeof y === 'number' ? y : Number(y) || 1;
	}
	return count;
}

async function readBack(
	api: ReadApi,
	websiteId: string,
	name: string,
	sentAt: number,
): Promise<{confirmed: boolean | null; detail: string; authFailed?: boolean}> {
	const who = api.describe();
	const website = `/websites/${encodeURIComponent(websiteId)}`;
	try {
		// Umami writes before it answers; a few tries cover a slow replica or ClickHouse.
		for (let attempt = 0; attempt < 5; attempt++) {
			if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
			let answered = false;
			let lastError: ReadApiError | undefined;
			const reads = [
				() =>
					api.get(`${website}/metrics`, {
						type: 'event',
						startAt: sentAt - 10 * 60_000,
						endAt: Date.now() + 60_000,
					}),
				// Fallback for servers whose metrics query fails: the last 30 minutes of raw events (Umami 2.x).
				() => api.get(`/realtime/${encodeURIComponent(websiteId)}`, {startAt: sentAt - 60_000}),
			];
			for (const read of reads) {
				let body: unknown;
				try {
					body = await read();
				} catch (error) {
					if (!isReadApiError(error) || error.kind !== 'http') throw error;
					lastError = error;
					continue;
				}
				answered = true;
				if (countOf(body, name) > 0)
					return {confirmed: true, detail: `found in Umami's data (read API, ${who})`};
				break;
			}
			if (!answered && lastError !== undefined) {
				return {confirmed: null, detail: `read API answered HTTP ${lastError.status ?? 0} (${who})`};
			}
		}
		return {confirmed: false, detail: `not found in Umami's data (read API, ${who})`};
	} catch (error) {
		if (!isReadApiError(error)) throw error;
		if (error.kind === 'auth') return {confirmed: null, detail: error.message, authFailed: true};
		return {confirmed: null, detail: error.message};
	}
}

function describeServer(info: ServerInfo): string {
	const yesNo = (value: boolean | null): string => (value === null ? 'unknown' : value ? 'yes' : 'no');
	return `Umami ${info.version ?? '(version unknown)'}; batch endpoint ${yesNo(info.batch)}, revenue report ${yesNo(info.revenueReport)}`;
}

/** Probes which Umami answers and what it supports (routes that store nothing), and shows it as a step. */
export async function reportServer(context: CheckContext): Promise<void> {
	const {config, base, timeoutMs, record} = context;
	record.report.server = await probeServer(base, {
		fetch: context.fetch,
		timeoutMs,
		userAgent: config.transport.userAgent,
	});
	record.step(record.report.server.version !== null, 'server', describeServer(record.report.server));
}

/**
 * Reads `event` back with `credentials` and concludes the run: stored, not stored, or credentials refused.
 * `secret`: hides a value (a session token) from everything printed.
 */
export async function confirmStored(
	context: CheckContext,
	event: SentEvent,
	credentials: ReadCredentials,
	secret: (value: string) => void,
): Promise<ExitCode> {
	const {config, timeoutMs, record} = context;
	const api = createReadApi(credentials, {fetch: context.fetch, timeoutMs, secret});
	const result = await readBack(api, config.websiteId, event.name, event.sentAt);
	record.report.readBack = {via: credentials.via, confirmed: result.confirmed, detail: result.detail};
	record.step(result.confirmed === true, 'read back', result.detail);
	if (result.authFailed)
		return record.finish('auth_failed', `the read API refused the credentials: ${result.detail}`);
	// The read API answered: say which Umami this is and what it supports.
	if (result.confirmed !== null) await reportServer(context);
	if (result.confirmed === true) return record.finish('stored', 'Umami stored the test event.');
	return record.finish(
		'not_stored',
		result.confirmed === false
			? 'Umami answered 200 but the event is not in its data: it was dropped silently (bot filter, IGNORE_IP, or a database error).'
			: `could not confirm the event was stored: ${result.detail}`,
	);
}
