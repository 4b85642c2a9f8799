/**
 * Send mode: one `POST /api/send` per event, one after another, for Umami < 2.17 (no `/api/batch`) or when
 * configured. The event's User-Agent and IP also travel as headers (older Umami reads only those), a
 * `{"beep":"boop"}` answer is `bot_filtered`, and the first event of a session this transport has not seen
 * yet is not sent while another request is creating that session (Umami 2.10 answers 500 to the second).
 */
import type {DeliveryResult, UmamiEvent} from '../types.js';
import {classifyResponse, classifySendBody, isServerWide, type RetryResult} from './classify.js';
import {bare, locationHeaders} from './location-headers.js';
import type {Request} from './request.js';
import type {Answered} from './types.js';

/** Session keys remembered (oldest forgotten first; forgetting only costs one serial request). */
const MAX_KNOWN_SESSIONS = 10_000;

const SEND_PATH = '/api/send';

/** What send mode needs of its transport. */
export interface SendModeParts {
	readonly request: Request;
	/** The headers of every request (content type, User-Agent, the configured extras). */
	readonly baseHeaders: Readonly<Record<string, string>>;
	readonly maxRetryAfterMs: number;
}

/** Sends events one request each; results in order, each also told to `answered` as it comes. */
export type SendEach = (
	events: readonly UmamiEvent[],
	signal: AbortSignal,
	answered?: Answered,
) => Promise<DeliveryResult[]>;

/** The identity Umami derives a session from (v2.10: website, client IP, User-Agent; later also `id`). */
function sessionKey(event: UmamiEvent): string {
	const {website, userAgent, ip, id} = event.payload;
	return `${website}\n${userAgent ?? ''}\n${ip ?? ''}\n${id ?? ''}`;
}

/** The send mode of one transport (its sessions are remembered across calls). */
export function createSendMode(parts: SendModeParts): SendEach {
	const {request, baseHeaders, maxRetryAfterMs} = parts;
	const knownSessions = new Map<string, true>();
	/** The request creating each new session, while it runs (see `sendInSession`). */
	const creating = new Map<string, Promise<DeliveryResult>>();

	const remember = (key: string): void => {
		knownSessions.delete(key);
		knownSessions.set(key, true);
		if (knownSessions.size > MAX_KNOWN_SESSIONS) {
			const oldest = knownSessions.keys().next();
			if (oldest.done !== true) knownSessions.delete(oldest.value);
		}
	};

	async function sendOne(event: UmamiEvent, signal: AbortSignal): Promise<DeliveryResult> {
		const headers: Record<string, string> = {...baseHeaders};
		const {userAgent, ip} = event.payload;
		if (userAgent !== undefined && userAgent !== '') headers['user-agent'] = userAgent;
		if (ip !== undefined && ip !== '') headers['x-forwarded-for'] = ip;
		if (event.location !== undefined) Object.assign(headers, locationHeaders(event.location, 'percent'));
		const body = JSON.stringify(bare(event));
		const answer = await request(SEND_PATH, {method: 'POST', headers, body}, signal);
		if (!answer.answered) return answer.result;
		const result = classifyResponse(answer.status, answer.retryAfter, {
			nowMs: Date.now(),
			maxRetryAfterMs,
			endpoint: SEND_PATH,
			body: answer.body,
		});
		if (result.status !== 'delivered') return result;
		return classifySendBody(answer.body) === 'bot_filtered' ? {status: 'bot_filtered'} : result;
	}

	/**
	 * Sends `event` in its session. Umami 2.10 lets two concurrent *first* requests of one new session collide
	 * (500), so while a session this transport has not seen yet is being created — by any call, e.g. the other
	 * batch in flight — its next event waits for that request to finish.
	 */
	async function sendInSession(event: UmamiEvent, signal: AbortSignal): Promise<DeliveryResult> {
		const key = sessionKey(event);
		for (let other = creating.get(key); other !== undefined; other = creating.get(key)) await other;
		if (knownSessions.has(key)) return sendOne(event, signal);
		const attempt = sendOne(event, signal);
		creating.set(key, attempt);
		const result = await attempt;
		creating.delete(key);
		if (result.status === 'delivered' || result.status === 'bot_filtered') remember(key);
		return result;
	}

	/**
	 * One request per event, one after another — so a batch holds at most one request open, and the queue's
	 * `maxInFlight` bounds the requests open at once. Once a request gets no answer or an answer for the
	 * whole server (`isServerWide`), the events not yet sent get the same result without a request. Each
	 * request's result is told to `answered` at once: a shutdown deadline that aborts the third request of a
	 * batch must not count the two events Umami already stored as lost.
	 */
	return async function sendEach(events, signal, answered) {
		const results: DeliveryResult[] = [];
		let stopped: RetryResult | undefined;
		for (const event of events) {
			let result: DeliveryResult;
			if (stopped === undefined) {
				result = await sendInSession(event, signal);
				answered?.(results.length, result);
			} else result = stopped;
			if (isServerWide(result)) stopped ??= result;
			results.push(result);
		}
		return results;
	};
}
