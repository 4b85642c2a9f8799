/**
 * The first steps of `umami-guard check`: does an Umami server answer at the configured URL
 * (`GET /api/heartbeat`), and, when `transport.endpoint` is `batch` (no fallback), does it have `/api/batch`?
 */
import type {CheckContext} from './check-context.js';
import type {ExitCode} from './io.js';
import {networkCode} from './shared.js';

/** `GET /api/heartbeat`; the exit code when the server does not answer 2xx, else undefined. */
export async function checkHeartbeat(context: CheckContext): Promise<ExitCode | undefined> {
	const {config, base, record} = context;
	const started = Date.now();
	try {
		const response = await context.fetch(`${base}/api/heartbeat`, {
			headers: {'user-agent': config.transport.userAgent},
			signal: AbortSignal.timeout(context.timeoutMs),
		});
		await response.text().catch(() => '');
		record.report.heartbeat = {ok: response.ok, status: response.status, ms: Date.now() - started};
		record.step(response.ok, 'heartbeat', `HTTP ${response.status} in ${record.report.heartbeat.ms} ms`);
		if (!response.ok) {
			return record.finish(
				'unreachable',
				`${base}/api/heartbeat answered HTTP ${response.status}: is this the base URL of an Umami server?`,
			);
		}
		return undefined;
	} catch (error) {
		const code = networkCode(error);
		record.report.heartbeat = {ok: false, error: code, ms: Date.now() - started};
		record.step(false, 'heartbeat', code);
		return record.finish('unreachable', `cannot reach ${base} (${code})`);
	}
}

/**
 * `endpoint: batch` forbids the fallback: makes sure this server has `/api/batch` (Umami ≥ 2.17). The exit
 * code when it has not (or does not answer), else undefined.
 */
export async function checkBatchEndpoint(context: CheckContext): Promise<ExitCode | undefined> {
	const {config, base, record} = context;
	let status: number | undefined;
	try {
		const response = await context.fetch(`${base}/api/batch`, {
			method: 'POST',
			headers: {'content-type': 'application/json', 'user-agent': config.transport.userAgent},
			body: '[]',
			signal: AbortSignal.timeout(context.timeoutMs),
		});
		await response.text().catch(() => '');
		status = response.status;
	} catch (error) {
		record.step(false, 'batch', networkCode(error));
		return record.finish('unreachable', `cannot reach ${base}/api/batch (${networkCode(error)})`);
	}
	record.step(status !== 404, 'batch', `POST /api/batch answered HTTP ${status}`);
	if (status === 404) {
		return record.finish(
			'no_batch_endpoint',
			'transport.endpoint is "batch" but this Umami has no /api/batch (it is older than 2.17): every event would be rejected. Set transport.endpoint to "auto" or "send".',
		);
	}
	return undefined;
}
