/**
 * How debug lines and `onDrop` show an event: its kind and shape, never its values. The sanitizer can miss
 * personal data, so a debug line must not rely on it: it names the event, the URL's path as sanitized, the
 * property keys with the type and length of each value, and the size of the body; never a property value, a
 * query value, the referrer, the title, the host name or the distinct id.
 */
import type {EventDataValue, UmamiEvent} from '../types.js';

/** The kind of an event, for debug lines and `onDrop` where its content must not appear. */
export function kindOf(event: UmamiEvent): string {
	return event.type === 'identify' ? 'identify' : event.payload.name === undefined ? 'pageview' : 'event';
}

/** Property keys a debug line lists; the rest are counted. */
const MAX_KEYS_SHOWN = 20;

/** `string 12`, `number`, `array 3`, `object 2 keys`: what a value is, never what it says. */
function shapeOf(value: EventDataValue): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `array ${value.length}`;
	if (typeof value === 'object') return `object ${Object.keys(value).length} keys`;
	return typeof value === 'string' ? `string ${value.length}` : typeof value;
}

/** `{plan: string 3, count: number}`: keys with the shape of each value. */
function dataShape(data: Readonly<Record<string, EventDataValue>>): string {
	const keys = Object.keys(data);
	const shown = keys.slice(0, MAX_KEYS_SHOWN).map((key) => `${JSON.stringify(key)}: ${shapeOf(data[key]!)}`);
	if (keys.length > MAX_KEYS_SHOWN) shown.push(`… ${keys.length - MAX_KEYS_SHOWN} more keys`);
	return `{${shown.join(', ')}}`;
}

/** `/welcome (2 query parameters)`: the sanitized URL's path; of its query, only how many parameters. */
function urlShape(url: string): string {
	const hash = url.indexOf('#');
	const beforeHash = hash === -1 ? url : url.slice(0, hash);
	const mark = beforeHash.indexOf('?');
	if (mark === -1) return beforeHash;
	const query = beforeHash.slice(mark + 1);
	const count = query === '' ? 0 : query.split('&').length;
	const path = beforeHash.slice(0, mark);
	return count === 0 ? path : `${path} (${count} query parameter${count === 1 ? '' : 's'})`;
}

/**
 * A debug line's view of an event: `event "signup" url /welcome (1 query parameter), data {"plan": string 3},
 * title 12 chars, body 214 chars`. Free text (title, referrer, host name, distinct id, tag) shows as its length.
 */
export function describeEvent(event: UmamiEvent): string {
	const payload = event.payload;
	const parts: string[] = [];
	if (payload.url !== undefined) parts.push(`url ${urlShape(payload.url)}`);
	if (payload.data !== undefined) parts.push(`data ${dataShape(payload.data)}`);
	for (const field of ['title', 'referrer', 'hostname', 'tag', 'id'] as const) {
		const text = payload[field];
		if (text !== undefined) parts.push(`${field} ${text.length} chars`);
	}
	if (payload.ip !== undefined) parts.push('ip forwarded');
	parts.push(`body ${JSON.stringify({type: event.type, payload}).length} chars`);
	const kind = payload.name === undefined ? kindOf(event) : `event ${JSON.stringify(payload.name)}`;
	return `${kind} ${parts.join(', ')}`;
}
