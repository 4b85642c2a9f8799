/**
 * One request to Umami: the answer read to the end (so a kept-alive socket goes back to the pool), or, when
 * there is none (refused, reset, timeout, abort), the result that says why. Never rejects.
 */
import {classifyError, type RetryResult} from './classify.js';
import type {FetchInit, FetchLike} from './node-http-requester.js';
import type {Patience} from './patience.js';
import {requestSignal} from './signal.js';

/** What a request got: the server's answer, or the result of getting none. */
export type Answer =
	| {
			readonly answered: true;
			readonly status: number;
			readonly retryAfter: string | null;
			readonly body: string;
	  }
	| {readonly answered: false; readonly result: RetryResult};

/** The method, headers and body of a request (the signal is the request's own). */
export type RequestInit = Omit<FetchInit, 'signal'>;

/**
 * Told of every request once it ends: its path (never the base URL), the HTTP status or, without an answer,
 * the error code or kind (`ECONNREFUSED`, `timeout`, `aborted`), and how long it took. Nothing else.
 */
export type RequestObserver = (path: string, outcome: number | string, ms: number) => void;

/** Sends one request to `path` under the transport's base URL, with its timeout and the caller's signal. */
export type Request = (path: string, init: RequestInit, signal: AbortSignal | undefined) => Promise<Answer>;

/**
 * The request function of a transport at `base` (no trailing slash); the timeout, which covers the body, is
 * `patience`'s: the configured one, doubled after a timeout until an answer comes quickly again.
 */
export function createRequest(
	base: string,
	fetchImpl: FetchLike,
	patience: Patience,
	observe?: RequestObserver,
): Request {
	return async (path, init, signal) => {
		const timeoutMs = patience.current();
		const guard = requestSignal(signal, timeoutMs);
		const started = Date.now();
		try {
			const response = await fetchImpl(`${base}${path}`, {...init, signal: guard.signal});
			// Read every body to the end: that is what lets undici put the socket back into the pool.
			const body = await response.text();
			patience.answered(Date.now() - started);
			observe?.(path, response.status, Date.now() - started);
			return {answered: true, status: response.status, retryAfter: response.headers.get('retry-after'), body};
		} catch (error) {
			if (guard.timedOut()) patience.timedOut();
			const aborted = signal?.aborted === true;
			const result = classifyError(error, {timedOut: guard.timedOut(), aborted, timeoutMs, endpoint: path});
			observe?.(path, aborted ? 'aborted' : (result.code ?? result.kind), Date.now() - started);
			return {answered: false, result};
		} finally {
			guard.dispose();
		}
	};
}
