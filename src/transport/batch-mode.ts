/**
 * Batch mode: one `POST /api/batch` per call (Umami ≥ 2.17), split into one request per distinct location
 * and into halves on a 413; per-item failures read from the answer's `details`. In `auto` mode a 404 means
 * an Umami without the endpoint: the transport switches to send mode and sends the events that way.
 */
import type {DeliveryResult, UmamiEvent} from '../types.js';
import {classifyBatchItem, classifyResponse, isServerWide, type RetryResult} from './classify.js';
import {bare, byLocation} from './location-headers.js';
import type {Request} from './request.js';
import type {SendEach} from './send-mode.js';
import type {Answered, EndpointMode} from './types.js';

const BATCH_PATH = '/api/batch';

/** What batch mode needs of its transport. */
export interface BatchModeParts {
	readonly request: Request;
	/** The headers of every request (content type, User-Agent, the configured extras). */
	readonly baseHeaders: Readonly<Record<string, string>>;
	readonly maxRetryAfterMs: number;
	/** The configured endpoint (only `auto` falls back to send mode). */
	readonly endpoint: EndpointMode;
	/** Send mode, for the fallback. */
	readonly sendEach: SendEach;
	/** The mode in use now. */
	readonly mode: () => 'batch' | 'send';
	/** Switches the transport to send mode for the rest of its life. */
	readonly useSendMode: () => void;
}

/** A batch body; only events that carry a location are copied (to leave it out). */
function batchBody(events: readonly UmamiEvent[]): string {
	return JSON.stringify(events.some((event) => event.location !== undefined) ? events.map(bare) : events);
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

/** `answered` for the part of a call's events that starts at `offset`. */
function shifted(answered: Answered | undefined, offset: number): Answered | undefined {
	return answered && ((index, result) => answered(index + offset, result));
}

/** The batch mode of one transport: sends a call's events, one result per event, in order. */
export function createBatchMode(parts: BatchModeParts): SendEach {
	const {request, baseHeaders, maxRetryAfterMs, sendEach} = parts;

	async function sendBatch(
		events: readonly UmamiEvent[],
		signal: AbortSignal,
		headers: Readonly<Record<string, string>> = baseHeaders,
		answered?: Answered,
	): Promise<DeliveryResult[]> {
		const answer = await request(BATCH_PATH, {method: 'POST', headers, body: batchBody(events)}, signal);
		if (!answer.answered) return events.map(() => answer.result);
		if (answer.status === 404 && parts.endpoint === 'auto') {
			parts.useSendMode();
			return sendEach(events, signal, answered);
		}
		if (answer.status === 413 && events.length > 1) {
			const half = Math.ceil(events.length / 2);
			const head = await sendBatch(events.slice(0, half), signal, headers, answered);
			const tail = await sendBatch(events.slice(half), signal, headers, shifted(answered, half));
			return [...head, ...tail];
		}
		const overall = classifyResponse(answer.status, answer.retryAfter, {
			nowMs: Date.now(),
			maxRetryAfterMs,
			endpoint: BATCH_PATH,
			body: answer.body,
		});
		if (overall.status !== 'delivered') {
			if (answered !== undefined) for (const index of events.keys()) answered(index, overall);
			return events.map(() => overall);
		}
		const results: DeliveryResult[] = events.map(() => overall);
		for (const {index, response} of parseDetails(answer.body)) {
			if (index < results.length) results[index] = classifyBatchItem(response, BATCH_PATH);
		}
		if (answered !== undefined) for (const [index, result] of results.entries()) answered(index, result);
		return results;
	}

	/**
	 * With locations: one `/api/batch` request per distinct location (its headers apply to every item), one
	 * after another; events without one share a request with the plain headers. Once a request gets no
	 * answer, the groups not yet sent get the same result without a request. A group that meets the 404 of an
	 * old Umami switches the mode; groups after it go through `sendEach`.
	 */
	return async function sendBatches(events, signal, answered) {
		const groups = byLocation(events);
		if (groups === undefined) return sendBatch(events, signal, baseHeaders, answered);
		const results = new Array<DeliveryResult>(events.length);
		let stopped: RetryResult | undefined;
		for (const {indices, headers} of groups) {
			const part = indices.map((index) => events[index]!);
			const told: Answered | undefined = answered && ((at, result) => answered(indices[at]!, result));
			let partResults: readonly DeliveryResult[];
			if (stopped !== undefined) partResults = part.map(() => stopped!);
			else if (parts.mode() === 'send') partResults = await sendEach(part, signal, told);
			else
				partResults = await sendBatch(
					part,
					signal,
					headers ? {...baseHeaders, ...headers} : baseHeaders,
					told,
				);
			stopped ??= partResults.find(isServerWide);
			for (const [at, index] of indices.entries()) results[index] = partResults[at]!;
		}
		return results;
	};
}
