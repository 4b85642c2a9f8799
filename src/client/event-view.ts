/**
 * How debug lines and `onDrop` show an event: its kind where its content must not appear, else the body
 * exactly as it is sent.
 */
import type {UmamiEvent} from '../types.js';

/** The kind of an event, for debug lines and `onDrop` where its content must not appear. */
export function kindOf(event: UmamiEvent): string {
	return event.type === 'identify' ? 'identify' : event.payload.name === undefined ? 'pageview' : 'event';
}

/** Longest body a debug line shows; the rest is counted, not printed. */
const DEBUG_BODY_CHARS = 600;

/**
 * A debug line's view of an event: its kind, then the body exactly as it is sent (`{type, payload}`, one line
 * of JSON, cut at {@link DEBUG_BODY_CHARS}). The payload is sanitized and passed the PII gate, so redacted
 * values show as their markers. A forwarded IP (`identity.ip: 'forward'`) is personal data: shown as a marker.
 */
export function describeEvent(event: UmamiEvent): string {
	const payload = event.payload;
	const kind = payload.name === undefined ? kindOf(event) : `event "${payload.name}"`;
	const shown = payload.ip === undefined ? payload : {...payload, ip: '[IP]'};
	const body = JSON.stringify({type: event.type, payload: shown});
	if (body.length <= DEBUG_BODY_CHARS) return `${kind} ${body}`;
	// Never cut between the two halves of a surrogate pair.
	let end = DEBUG_BODY_CHARS;
	const last = body.charCodeAt(end - 1);
	if (last >= 0xd8_00 && last <= 0xdb_ff) end--;
	return `${kind} ${body.slice(0, end)}… (${body.length - end} more characters)`;
}
