/**
 * The `fetch` transport: wires the request, send mode, batch mode and the heartbeat for one Umami server.
 */
import type {DeliveryResult, UmamiEvent} from '../types.js';
import {trimSlashes} from '../urls.js';
import {createBatchMode} from './batch-mode.js';
import type {RetryResult} from './classify.js';
import {createHeartbeat, markServerUp} from './heartbeat.js';
import {Patience} from './patience.js';
import {createRequest} from './request.js';
import {createSendMode} from './send-mode.js';
import type {Answered, Transport, TransportOptions} from './types.js';

/** Headers the transport never sends, whatever `headers` says: Umami's per-visitor cache token. */
const FORBIDDEN_HEADERS: ReadonlySet<string> = new Set(['x-umami-cache']);

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
 * (covering the body; doubled after a timeout until an answer comes within half of it, see `patience.ts`)
 * and is aborted by the caller's signal. `send` never rejects.
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
	const {timeoutMs, maxRetryAfterMs} = options;
	let mode: 'batch' | 'send' = options.endpoint === 'send' ? 'send' : 'batch';
	const baseHeaders: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': options.userAgent,
	};
	for (const [name, value] of Object.entries(options.headers)) {
		if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) baseHeaders[name] = value;
	}
	const request = createRequest(
		trimSlashes(options.apiUrl),
		options.fetch,
		new Patience(timeoutMs),
		options.onRequest,
	);
	const sendEach = createSendMode({request, baseHeaders, maxRetryAfterMs});
	const sendBatches = createBatchMode({
		request,
		baseHeaders,
		maxRetryAfterMs,
		endpoint: options.endpoint,
		sendEach,
		mode: () => mode,
		useSendMode: () => {
			mode = 'send';
		},
	});
	const heartbeat = createHeartbeat(request, baseHeaders);

	return {
		async send(
			events: readonly UmamiEvent[],
			signal: AbortSignal,
			answered?: Answered,
		): Promise<readonly DeliveryResult[]> {
			if (events.length === 0) return [];
			try {
				const results = await (mode === 'batch'
					? sendBatches(events, signal, answered)
					: sendEach(events, signal, answered));
				return await markServerUp(results, heartbeat, signal);
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
		heartbeat,
		endpoint: () => mode,
	};
}
