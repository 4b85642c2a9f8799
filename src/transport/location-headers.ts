/**
 * Where the end user is, as Umami reads it: the Cloudflare headers (`cf-ipcountry`, `cf-region-code`,
 * `cf-ipcity`), which apply to a whole request. The location is never part of the JSON body, so a batch is
 * grouped by location, one request per distinct one.
 */
import {COUNTRY_CODE, REGION_CODE} from '../location-codes.js';
import type {UmamiEvent, UmamiLocation} from '../types.js';

/** The event as Umami's body: the location travels as headers, never in the JSON. */
export const bare = (event: UmamiEvent): UmamiEvent =>
	event.location === undefined ? event : {type: event.type, payload: event.payload};

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
export function locationHeaders(
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

/** Events of a batch that share a location: their indices, and the headers of their location (none: undefined). */
export interface LocationGroup {
	readonly indices: number[];
	readonly headers: Record<string, string> | undefined;
}

/** Groups a batch by location (one request per distinct location); undefined when no event has one. */
export function byLocation(events: readonly UmamiEvent[]): LocationGroup[] | undefined {
	let groups: Map<string, LocationGroup> | undefined;
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
