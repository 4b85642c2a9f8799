/**
 * Umami's heartbeat (`GET /api/heartbeat`): whether the server is up, asked on demand and when every event of
 * a call failed with a server error — a healthy server means the failure is specific to those events.
 */
import type {DeliveryResult} from '../types.js';
import {isServerWide} from './classify.js';
import type {Request} from './request.js';

const HEARTBEAT_PATH = '/api/heartbeat';

/** Asks the heartbeat: true when the server answers 2xx. Never rejects. */
export type Heartbeat = (signal?: AbortSignal) => Promise<boolean>;

/** The heartbeat of a transport; sent without a content type (it has no body). */
export function createHeartbeat(request: Request, baseHeaders: Readonly<Record<string, string>>): Heartbeat {
	return async (signal) => {
		const {'content-type': _contentType, ...headers} = baseHeaders;
		const answer = await request(HEARTBEAT_PATH, {method: 'GET', headers}, signal);
		return answer.answered && answer.status >= 200 && answer.status < 300;
	};
}

/**
 * When the server answered 5xx to every event, ask its heartbeat: a healthy server means the failure is
 * specific to these events (e.g. Umami 2.10's `identify` bug), which the queue then counts towards
 * `maxAttempts` instead of holding the whole queue as if the server were down.
 */
export async function markServerUp(
	results: DeliveryResult[],
	heartbeat: Heartbeat,
	signal: AbortSignal,
): Promise<DeliveryResult[]> {
	// A retried 400 is Umami without its database, and 502/503/504 a gateway's or an overloaded server's
	// answer: an outage of the whole server, whatever its heartbeat says.
	const eventSpecific = (result: DeliveryResult): boolean =>
		result.status === 'retry' &&
		result.kind === 'server' &&
		result.httpStatus !== 400 &&
		!isServerWide(result);
	if (!results.every(eventSpecific)) return results;
	if (!(await heartbeat(signal))) return results;
	return results.map((result) => (result.status === 'retry' ? {...result, serverUp: true} : result));
}
