import type {DeliveryResult, UmamiEvent, UmamiLocation} from '../types.js';
import {
	classifyBatchItem,
	classifyError,
	classifyResponse,
	classifySendBody,
	isServerWide,
	type RetryResult,
} from './classify.js';
import {Patience} from './patience.js';
import {requestSignal} from './signal.js';
import type {Transport, TransportOptions} from './types.js';
import {COUNTRY_CODE, REGION_CODE} from '../location-codes.js';
import {trimSlashes} from '../urls.js';

/** Session keys remembered in `send` mode (oldest forgotten first; forgetting only costs one serial request). */
const MAX_KNOWN_SESSIONS = 10_000;
/** Headers the transport never sends, whatever `headers` says: Umami's per-visitor cache token. */
const FORBIDDEN_HEADERS: ReadonlySet<string> = new Set(['x-umami-cache']);

const BATCH_PATH = '/api/batch';
const SEND_PATH = '/api/send';
const HEARTBEAT_PATH = '/api/heartbeat';

type Answer =
	| {
			readonly answered: true;
			readonly status: number;
			readonly retryAfter: string | null;
			readonly body: string;
	  }
	| {readonly answered: false; readonly result: RetryResult};

/** The event as Umami's body: the location travels as headers, never in the JSON. */
const bare = (event: UmamiEvent): UmamiEvent =>
	event.location === undefined ? event : {type: event.type, payload: event.payload};

/** A batch body; only events that carry a location are copied (to leave it out). */
function batchBody(events: readonly UmamiEvent[]): string {
	return JSON.stringify(events.some((event) => event.location !== undefined) ? events.map(bare) : events);
}

/** Whether `text` holds what no header value may (the client validated cities; this guards a replayed journal). */
function hasControl(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

/**
 * The headers that tell Umami where the end user is — the Cloudflare set, which every Umami reads first
 * (then Vercel's, then its own GeoIP) — or undefined when the event has no location a header can carry.
 * Non-ASCII city names go as UTF-8 bytes (`utf8`, what Umami ≥ 2.15 decodes) or percent-encoded
 * (`percent`, what Umami < 2.15 decodes).
 */
function locationHeaders(
	location: UmamiLocation | undefined,
	city: 'utf8' | 'percent',
): Record<string, string> | undefined {
	if (location === undefined || !COUNTRY_CODE.test(location.country)) return undefined;
	const headers: Record<string, string> = {'cf-ipcountry': location.country};
	if (location.region !== undefined && REGION_CODE.test(location.region))
		headers['cf-region-code'] = location.region;
	if (location.city !== undefined && location.city !== '' && !hasControl(location.city)) {
		try {
			// Throws on a lone surrogate (only a hand-edited journal holds one): the city is then left out.
			const encoded = encodeURIComponent(location.city);
			headers['cf-ipcity'] = city === 'percent' ? encoded : encoded.replace(PERCENT_BYTE, byteOf);
		} catch {
			// Never a throw from the transport.
		}
	}
	return headers;
}

/** One `%XX` escape. */
const PERCENT_BYTE = /%([\dA-F]{2})/g;
/** A `%XX` escape back to its byte, as one Latin-1 character: how `fetch` puts raw UTF-8 into a header. */
const byteOf = (_escape: string, hex: string): string => String.fromCharCode(Number.parseInt(hex, 16));

/** Groups a batch by location (one request per distinct location); undefined when no event has one. */
function byLocation(
	events: readonly UmamiEvent[],
): {readonly indices: number[]; readonly headers: Record<string, string> | undefined}[] | undefined {
	let groups: Map<string, {indices: number[]; headers: Record<string, string> | undefined}> | undefined;
	for (const [index, event] of events.entries()) {
		const headers = locationHeaders(event.location, 'utf8');
		if (headers === undefined && groups === undefined) continue;
		groups ??= new Map([
			['', {indices: Array.from({length: index}, (_, before) => before), headers: undefined}],
		]);
		const key =
			headers === undefined
				? ''
				: `${headers['cf-ipcountry']}\n${headers['cf-region-code'] ?? ''}\n${headers['cf-ipcity'] ?? ''}`;
		const group = groups.get(key);
		if (group === undefined) groups.set(key, {indices: [index], headers});
		else group.indices.push(index);
	}
	return groups === undefined ? undefined : [...groups.values()].filter((group) => group.indices.length > 0);
}

/** The identity Umami derives a session from (v2.10: website, client IP, User-Agent; later also `id`). */
function sessionKey(event: UmamiEvent): string {
	const {website, userAgent, ip, id} = event.payload;
	return `${website}\n${userAgent ?? ''}\n${ip ?? ''}\n${id ?? ''}`;
}

/**
 * Creates the `fetch`-based HTTP transport. Runs wherever `fetch` and `AbortController` exist (Node ≥ 18,
 * Bun, Deno, Workers); no `node:` imports.
 *
 * **Batch mode** (`endpoint: 'auto' | 'batch'`): one `POST {apiUrl}/api/batch` per call with the JSON array
 * of `{type, payload}`. Umami (≥ 2.17) answers 200 `{size, processed, errors, details: [{index, response}]}`;
 * an item listed in `details` failed and is classified by {@link classifyBatchItem} (5xx/408/429 → retry,
 * anything else → rejected); every other item is `delivered`. Limitation: Umami counts events it dropped
 * as bots as *processed*, so `bot_filtered` cannot be detected per item in batch mode — ship a User-Agent
 * that `isbot` accepts. A 413 splits the batch in halves. In `auto` mode a 404 means Umami < 2.17: the
 * transport switches to `send` mode for the rest of its life and re-sends the batch that way.
 *
 * **Send mode**: one `POST {apiUrl}/api/send` per event. The `User-Agent` header is the event's
 * `payload.userAgent` when present (Umami < 2.16 reads only the header), and `payload.ip` is also sent as
 * `X-Forwarded-For` (Umami < 2.11 has no `payload.ip`). A 200 of `{"beep":"boop"}` or `{}` is
 * `bot_filtered`. Because concurrent *first* requests of one new session collide in Umami 2.10 (500), an
 * event whose session key this transport has not seen yet waits while another call (the other batch in
 * flight) is creating that session. Once a request gets no answer (refused, reset, timeout, abort) or an
 * answer for the whole server (429, 502, 503, 504: `isServerWide`), the events not yet sent get the same
 * result without a request: one probe per outage, not 100.
 *
 * **One request open per call**: the requests of one `send` (per event, per location group, the halves of
 * a 413, the heartbeat) go one after another, so the requests open at once never exceed the calls in
 * flight — the queue's `maxInFlight` (default 2) — in any mode.
 *
 * **Location** (only on events whose `location` the client set, under `identity.location: 'cdn'`): sent as
 * the Cloudflare headers `cf-ipcountry`, `cf-region-code`, `cf-ipcity`, which Umami reads for the whole
 * request — so a batch is split into one request per distinct location (sent in turn); in send mode each event carries its
 * own. The location is never part of the JSON body, and events without one are sent exactly as before.
 *
 * Always: Umami's `cache` token is never sent (`x-umami-cache` is stripped even from `headers`); every
 * response body is read to the end so kept-alive sockets are reused; every request has `timeoutMs`
 * (covering the body; doubled once after a timeout until an answer comes within half of it, see `patience.ts`) and
 * is aborted by the caller's signal. `send` never rejects.
 *
 * @example
 * ```ts
 * const transport = createTransport({
 *   apiUrl: 'https://umami.example.com', fetch: globalThis.fetch, timeoutMs: 10_000,
 *   userAgent: 'Mozilla/5.0 Umami/v20.20.2', headers: {}, endpoint: 'auto', maxRetryAfterMs: 60_000,
 * });
 * const results = await transport.send(events, AbortSignal.timeout(30_000));
 * ```
 */
export function createTransport(options: TransportOptions): Transport {
	const base = trimSlashes(options.apiUrl);
	const fetchImpl = options.fetch;
	const {timeoutMs, maxRetryAfterMs} = options;
	let mode: 'batch' | 'send' = options.endpoint === 'send' ? 'send' : 'batch';
	const knownSessions = new Map<string, true>();
	const patience = new Patience(timeoutMs);
	/** The request creating each new session, while it runs (see `sendInSession`). */
	const creating = new Map<string, Promise<DeliveryResult>>();

	const baseHeaders: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': options.userAgent,
	};
	for (const [name, value] of Object.entries(options.headers)) {
		if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) baseHeaders[name] = value;
	}

	const remember = (key: string): void => {
		knownSessions.delete(key);
		knownSessions.set(key, true);
		if (knownSessions.size > MAX_KNOWN_SESSIONS) {
			const oldest = knownSessions.keys().next();
			if (oldest.done !== true) knownSessions.delete(oldest.value);
		}
	};

	async function request(
		path: string,
		init: {method: 'GET' | 'POST'; headers: Record<string, string>; body?: string},
		signal: AbortSignal | undefined,
	): Promise<Answer> {
		const waitMs = patience.current();
		const guard = requestSignal(signal, waitMs);
		const started = Date.now();
		try {
			const response = await fetchImpl(`${base}${path}`, {...init, signal: guard.signal});
			// Read every body to the end: that is what lets undici put the socket back into the pool.
			const body = await response.text();
			patience.answered(Date.now() - started);
			return {answered: true, status: response.status, retryAfter: response.headers.get('retry-after'), body};
		} catch (error) {
			if (guard.timedOut()) patience.timedOut();
			return {
				answered: false,
				result: classifyError(error, {
					timedOut: guard.timedOut(),
					aborted: signal?.aborted === true,
					timeoutMs: waitMs,
					endpoint: path,
				}),
			};
		} finally {
			guard.dispose();
		}
	}

	async function sendBatch(
		events: readonly UmamiEvent[],
		signal: AbortSignal,
		headers: Record<string, string> = baseHeaders,
	): Promise<DeliveryResult[]> {
		const answer = await request(BATCH_PATH, {method: 'POST', headers, body: batchBody(events)}, signal);
		if (!answer.answered) return events.map(() => answer.result);
		if (answer.status === 404 && options.endpoint === 'auto') {
			mode = 'send';
			return sendEach(events, signal);
		}
		if (answer.status === 413 && events.length > 1) {
			const half = Math.ceil(events.length / 2);
			const head = await sendBatch(events.slice(0, half), signal, headers);
			const tail = await sendBatch(events.slice(half), signal, headers);
			return [...head, ...tail];
		}
		const overall = classifyResponse(answer.status, answer.retryAfter, {
			nowMs: Date.now(),
			maxRetryAfterMs,
			endpoint: BATCH_PATH,
			body: answer.body,
		});
		if (overall.status !== 'delivered') return events.map(() => overall);
		const results: DeliveryResult[] = events.map(() => overall);
		for (const {index, response} of parseDetails(answer.body)) {
			if (index < results.length) results[index] = classifyBatchItem(response, BATCH_PATH);
		}
		return results;
	}

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
	 * Send mode: one request per event, one after another — so a batch holds at most one request open, and
	 * the queue's `maxInFlight` bounds the requests open at once. Once a request gets no answer or an answer
	 * for the whole server, the events not yet sent get the same result without a request.
	 */
	async function sendEach(events: readonly UmamiEvent[], signal: AbortSignal): Promise<DeliveryResult[]> {
		const results: DeliveryResult[] = [];
		let stopped: RetryResult | undefined;
		for (const event of events) {
			const result = stopped ?? (await sendInSession(event, signal));
			if (isServerWide(result)) stopped ??= result;
			results.push(result);
		}
		return results;
	}

	/**
	 * Batch mode with locations: one `/api/batch` request per distinct location (its headers apply to every
	 * item), one after another; events without one share a request with the plain headers. Once a request
	 * gets no answer or an answer for the whole server, the groups not yet sent get the same result without a request. A group that meets the
	 * 404 of an old Umami switches the mode; groups after it go through `sendEach`.
	 */
	async function sendBatches(events: readonly UmamiEvent[], signal: AbortSignal): Promise<DeliveryResult[]> {
		const groups = byLocation(events);
		if (groups === undefined) return sendBatch(events, signal);
		const results = new Array<DeliveryResult>(events.length);
		let stopped: RetryResult | undefined;
		for (const {indices, headers} of groups) {
			const part = indices.map((index) => events[index]!);
			let partResults: readonly DeliveryResult[];
			if (stopped !== undefined) partResults = part.map(() => stopped!);
			else if (mode === 'send') partResults = await sendEach(part, signal);
			else partResults = await sendBatch(part, signal, headers ? {...baseHeaders, ...headers} : baseHeaders);
			stopped ??= partResults.find(isServerWide);
			for (const [at, index] of indices.entries()) results[index] = partResults[at]!;
		}
		return results;
	}

	/**
	 * When the server answered 5xx to every event, ask its heartbeat: a healthy server means the failure is
	 * specific to these events (e.g. Umami 2.10's `identify` bug), which the queue then counts towards
	 * `maxAttempts` instead of holding the whole queue as if the server were down.
	 */
	async function markServerUp(results: DeliveryResult[], signal: AbortSignal): Promise<DeliveryResult[]> {
		// A retried 400 is Umami without its database, and 502/503/504 a gateway's or an overloaded server's
		// answer: an outage of the whole server, whatever its heartbeat says.
		const eventSpecific = (result: DeliveryResult): boolean =>
			result.status === 'retry' &&
			result.kind === 'server' &&
			result.httpStatus !== 400 &&
			!isServerWide(result);
		if (!results.every(eventSpecific)) return results;
		const {'content-type': _contentType, ...headers} = baseHeaders;
		const answer = await request(HEARTBEAT_PATH, {method: 'GET', headers}, signal);
		if (!answer.answered || answer.status < 200 || answer.status >= 300) return results;
		return results.map((result) => (result.status === 'retry' ? {...result, serverUp: true} : result));
	}

	return {
		async send(events: readonly UmamiEvent[], signal: AbortSignal): Promise<readonly DeliveryResult[]> {
			if (events.length === 0) return [];
			try {
				const results = await (mode === 'batch' ? sendBatches(events, signal) : sendEach(events, signal));
				return await markServerUp(results, signal);
			} catch {
				// Unreachable by design (every step above catches), but `send` must never reject.
				const result: RetryResult = {
					status: 'retry',
					kind: 'network',
					detail: 'transport failed unexpectedly',
				};
				return events.map(() => result);
			}
		},

		async heartbeat(signal?: AbortSignal): Promise<boolean> {
			const {'content-type': _contentType, ...headers} = baseHeaders;
			const answer = await request(HEARTBEAT_PATH, {method: 'GET', headers}, signal);
			return answer.answered && answer.status >= 200 && answer.status < 300;
		},

		endpoint: () => mode,
	};
}

/** The `details` of a batch answer as `{index, response}` pairs; tolerant of any body. */
function parseDetails(body: string): {index: number; response: unknown}[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return [];
	}
	if (typeof parsed !== 'object' || parsed === null) return [];
	const details = (parsed as {details?: unknown}).details;
	if (!Array.isArray(details)) return [];
	const out: {index: number; response: unknown}[] = [];
	for (const detail of details as unknown[]) {
		if (typeof detail !== 'object' || detail === null) continue;
		const index = (detail as {index?: unknown}).index;
		if (typeof index === 'number' && Number.isInteger(index) && index >= 0) {
			out.push({index, response: (detail as {response?: unknown}).response});
		}
	}
	return out;
}
