/**
 * The JSON body of a `/api/batch` request, built in parts with a turn of the event loop before and between
 * them: a batch is serialized in the background, and a large one must not hold the host application's
 * requests behind one long synchronous `JSON.stringify`.
 */
import {yieldToLoop} from '../timers.js';
import type {UmamiEvent} from '../types.js';
import {bare} from './location-headers.js';

/** Events serialized in the first part: small enough that even events near Umami's limits stay a short task. */
const FIRST_PART_EVENTS = 16;
/**
 * Characters of JSON a part aims at: the next part's event count is scaled from the size of the last one.
 * A default batch (100 page views) takes two parts.
 */
const PART_CHARS = 32_768;

/**
 * `JSON.stringify` of the batch (events with a location without it: the location travels as headers),
 * exactly, built over several tasks: the first part only after the loop has turned once (so never in the
 * task that sent the batch), each further one after another turn.
 */
export async function batchBody(events: readonly UmamiEvent[]): Promise<string> {
	const body = events.some((event) => event.location !== undefined) ? events.map(bare) : events;
	await yieldToLoop();
	if (body.length <= FIRST_PART_EVENTS) return JSON.stringify(body);
	let json = '[';
	let count = FIRST_PART_EVENTS;
	for (let from = 0; from < body.length;) {
		if (from > 0) await yieldToLoop();
		const part = JSON.stringify(body.slice(from, from + count));
		json += from === 0 ? part.slice(1, -1) : `,${part.slice(1, -1)}`;
		const taken = Math.min(count, body.length - from);
		from += taken;
		count = Math.max(1, Math.floor((taken * PART_CHARS) / part.length));
	}
	return `${json}]`;
}
