/**
 * The JSON body of a `/api/batch` request, built after a turn of the event loop and, when large, in parts
 * with a turn between them: a batch is serialized in the background, and a large one must not hold the host
 * application's requests behind one long synchronous `JSON.stringify`.
 *
 * A turn taken from an I/O callback (a tracked request, an answer) costs nothing in delivery: it lands in
 * the same iteration of the loop, after that iteration's I/O. Each further turn waits for a whole iteration,
 * which under a saturating load holds many requests: a default batch therefore stays one part, or the queue
 * could not keep up with such a load (it dropped events in `queue_overflow` when every batch took three turns).
 */
import {yieldToLoop} from '../timers.js';
import type {UmamiEvent} from '../types.js';
import {bare} from './location-headers.js';

/** Events serialized in the first part: a default batch (`batchSize` 100) is one part. */
const FIRST_PART_EVENTS = 100;
/** Characters of JSON a further part aims at: its event count is scaled from the size of the last part. */
const PART_CHARS = 65_536;

/**
 * `JSON.stringify` of the batch (events with a location without it: the location travels as headers),
 * exactly: the first part only after the loop has turned once (so never in the task that sent the batch),
 * each further one after another turn.
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
