/**
 * Umami's schema limits, enforced before an event is queued, so that no input can make Umami answer 400
 * or 500 (see docs/umami-contract.md for where each figure comes from). Every adjustment is reported to
 * `note`, which counts it and, in debug mode, explains it.
 */
import {opaqueMarker} from '../sanitize/opaque.js';
import type {EventData, EventDataValue} from '../types.js';

/** Field limits of Umami's `/api/send` schema (v2.10 and v3). */
export const LIMITS = {
	name: 50,
	tag: 50,
	hostname: 100,
	language: 35,
	screen: 11,
	url: 500,
	referrer: 500,
	title: 500,
	userAgent: 500,
	id: 50,
	dataKey: 500,
	dataString: 500,
	/** `utm_*` and click-id query values. */
	campaignValue: 255,
	/** numeric(19,4): at most 15 digits before the decimal point. */
	maxAbsNumber: 999_999_999_999_999,
} as const;

/** Receives each adjustment: the field and what was done, never the value. */
export type NoteAdjustment = (field: string, what: string) => void;

/** Cuts `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cut(text: string, max: number): string {
	if (text.length <= max) return text;
	let end = max;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd8_00 && code <= 0xdb_ff) end--;
	return text.slice(0, end);
}

/** Total characters of keys and strings kept in one event's data (Umami 2.10 refuses bodies over 1 MB). */
export const MAX_DATA_CHARS = 64 * 1024;

type WellFormedString = string & {isWellFormed?: () => boolean; toWellFormed?: () => string};

/** True when {@link storable} would give `text` back unchanged (no NUL, no unpaired surrogate). */
export function isStorable(text: string): boolean {
	return !text.includes('\0') && (text as WellFormedString).isWellFormed?.() !== false;
}

/**
 * Text PostgreSQL can store: NUL characters removed, unpaired surrogates replaced by U+FFFD (Umami answers
 * 500 for either and stores nothing).
 */
export function storable(text: string, field: string, note: NoteAdjustment): string {
	let result = text;
	if (result.includes('\0')) {
		result = result.replaceAll('\0', '');
		note(field, 'NUL characters removed');
	}
	const wide = result as WellFormedString;
	if (wide.isWellFormed?.() === false && wide.toWellFormed) {
		result = wide.toWellFormed();
		note(field, 'unpaired surrogates replaced');
	}
	return result;
}

/** A short string field: cut to its limit, counted. Empty → undefined. */
export function limitField(
	value: string | undefined,
	field: keyof typeof LIMITS,
	note: NoteAdjustment,
): string | undefined {
	if (value === undefined || value === '') return undefined;
	const max = LIMITS[field];
	const text = storable(value, field, note);
	if (text.length <= max) return text === '' ? undefined : text;
	note(field, `cut from ${text.length} to ${max} characters`);
	return cut(text, max);
}

const CAMPAIGN_KEY =
	/^(?:utm_\w+|gclid|gbraid|wbraid|fbclid|msclkid|dclid|twclid|ttclid|li_fat_id|epik|rdt_cid|irclickid)$/i;
const BASE = 'https://localhost';

/**
 * Makes a URL or path fit Umami: parseable with `new URL(v, 'https://localhost')`, campaign values ≤ 255,
 * at most 500 characters (query cut first, then the path). Returns undefined when nothing usable is left.
 */
export function limitUrl(
	value: string | undefined,
	field: 'url' | 'referrer',
	note: NoteAdjustment,
): string | undefined {
	if (value === undefined || value === '') return undefined;
	let text = storable(value, field, note);
	if (text.includes('=') && text.includes('?')) text = limitCampaignValues(text, field, note);
	if (text.length > LIMITS[field]) {
		note(field, `cut from ${text.length} to ${LIMITS[field]} characters`);
		const queryStart = text.indexOf('?');
		text =
			queryStart !== -1 && queryStart < LIMITS[field]
				? cutQuery(text, LIMITS[field])
				: cut(text, LIMITS[field]);
	}
	if (!parses(text)) {
		note(field, 'not parseable as a URL; percent-encoded');
		text = cut(encodeURI(safeDecode(text)), LIMITS[field]).replace(/%[\dA-F]?$/i, '');
		if (!parses(text)) return undefined;
	}
	return text;
}

function parses(text: string): boolean {
	try {
		new URL(text, BASE);
		return true;
	} catch {
		return false;
	}
}

function safeDecode(text: string): string {
	try {
		return decodeURI(text);
	} catch {
		return text;
	}
}

/** Cuts whole query parameters from the end until the URL fits. */
function cutQuery(text: string, max: number): string {
	let result = text;
	while (result.length > max) {
		const lastAmp = result.lastIndexOf('&');
		const queryStart = result.indexOf('?');
		if (lastAmp > queryStart) result = result.slice(0, lastAmp);
		else return cut(result.slice(0, queryStart), max);
	}
	return result;
}

function limitCampaignValues(text: string, field: string, note: NoteAdjustment): string {
	const hashAt = text.indexOf('#');
	const queryStart = text.indexOf('?');
	if (hashAt !== -1 && hashAt < queryStart) return text;
	const end = hashAt === -1 ? text.length : hashAt;
	const parts = text.slice(queryStart + 1, end).split('&');
	let changed = false;
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index]!;
		const equals = part.indexOf('=');
		if (equals === -1 || part.length - equals - 1 <= LIMITS.campaignValue) continue;
		if (!CAMPAIGN_KEY.test(part.slice(0, equals))) continue;
		parts[index] =
			part.slice(0, equals + 1) +
			cut(part.slice(equals + 1), LIMITS.campaignValue).replace(/%[\dA-F]?$/i, '');
		changed = true;
	}
	if (!changed) return text;
	note(`${field}.query`, `campaign value cut to ${LIMITS.campaignValue} characters`);
	return `${text.slice(0, queryStart + 1)}${parts.join('&')}${text.slice(end)}`;
}

/**
 * Makes sanitized event data fit Umami: keys (as flattened dotted paths) ≤ 500, strings ≤ 500, numbers finite
 * and inside numeric(19,4), arrays stored as JSON ≤ 500. Returns a new object when something changed.
 */
export function limitData(data: EventData, note: NoteAdjustment): EventData {
	return limitObject(data, '', note, {left: MAX_DATA_CHARS});
}

/**
 * True when {@link limitData} would give flat `data` back unchanged (so its copy can be skipped): every key
 * non-empty, storable and within the key limit; every value a storable string within the string limit, a
 * finite number inside numeric(19,4), a boolean or null; all of it within {@link MAX_DATA_CHARS}.
 */
export function fitsAsIs(data: Readonly<Record<string, unknown>>): boolean {
	let left = MAX_DATA_CHARS;
	// `for…in`, not `Object.keys`: no array per call. An inherited enumerable key (a polluted prototype) is
	// checked too, which can only send the data through `limitData`.
	for (const key in data) {
		if (key === '' || key === '__proto__' || key.length > LIMITS.dataKey || !isStorable(key)) return false;
		left -= key.length;
		const value = data[key];
		if (typeof value === 'string') {
			if (value.length > LIMITS.dataString || !isStorable(value)) return false;
			left -= value.length;
		} else if (typeof value === 'number') {
			if (!Number.isFinite(value) || Math.abs(value) > LIMITS.maxAbsNumber) return false;
		} else if (typeof value === 'boolean' || value === null) {
			left -= 8;
		} else return false;
		if (left < 0) return false;
	}
	return true;
}

/** Characters still allowed in this event's data. */
interface Budget {
	left: number;
}

function limitObject(
	data: Readonly<Record<string, EventDataValue>>,
	prefix: string,
	note: NoteAdjustment,
	budget: Budget,
): EventData {
	const result: EventData = {};
	for (const rawKey of Object.keys(data)) {
		const key = storable(rawKey, 'data', note);
		const path = prefix === '' ? key : `${prefix}.${key}`;
		if (path.length > LIMITS.dataKey) {
			note('data', `key of ${path.length} characters removed`);
			continue;
		}
		budget.left -= key.length;
		if (budget.left < 0) {
			note('data', `event data over ${MAX_DATA_CHARS} characters: remaining keys removed`);
			break;
		}
		const value = limitValue(data[rawKey]!, path, note, budget);
		if (value !== undefined && key !== '') result[key] = value;
	}
	return result;
}

function limitValue(
	value: EventDataValue,
	path: string,
	note: NoteAdjustment,
	budget: Budget,
): EventDataValue | undefined {
	if (typeof value === 'string') {
		const text = storable(value, 'data', note);
		const kept = text.length <= LIMITS.dataString ? text : cut(text, LIMITS.dataString);
		if (kept !== text)
			note('data', `string value cut from ${text.length} to ${LIMITS.dataString} characters`);
		budget.left -= kept.length;
		return kept;
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			note('data', 'non-finite number removed');
			return undefined;
		}
		if (Math.abs(value) > LIMITS.maxAbsNumber) {
			note('data', 'number outside numeric(19,4) stored as a string');
			return cut(String(value), LIMITS.dataString);
		}
		return value;
	}
	budget.left -= 8;
	const opaque = opaqueOf(value, note);
	if (opaque !== undefined) return opaque;
	if (Array.isArray(value)) {
		budget.left -= LIMITS.dataString;
		return limitArray(storableDeep(value, note, 0) as EventDataValue[], note);
	}
	if (value !== null && typeof value === 'object') return limitObject(value, path, note, budget);
	return value;
}

/** {@link storable} over every string and key inside an array (Umami stores arrays as JSON text). */
function storableDeep(value: EventDataValue, note: NoteAdjustment, depth: number): EventDataValue {
	if (typeof value === 'string') return storable(value, 'data', note);
	if (value === null || typeof value !== 'object' || depth > 32) return value;
	const opaque = opaqueOf(value, note);
	if (opaque !== undefined) return opaque;
	if (Array.isArray(value)) return value.map((item) => storableDeep(item, note, depth + 1));
	const result: Record<string, EventDataValue> = {};
	for (const key of Object.keys(value)) {
		if (key === '__proto__') continue;
		result[storable(key, 'data', note)] = storableDeep(value[key]!, note, depth + 1);
	}
	return result;
}

function limitArray(value: readonly EventDataValue[], note: NoteAdjustment): EventDataValue[] {
	let json: string;
	try {
		json = JSON.stringify(value);
	} catch {
		note('data', 'unserializable array removed');
		return [];
	}
	if (json.length <= LIMITS.dataString) return value as EventDataValue[];
	note('data', `array of ${json.length} JSON characters shortened to fit ${LIMITS.dataString}`);
	const kept: EventDataValue[] = [];
	let length = 2;
	for (const item of value) {
		const itemJson =
			JSON.stringify(typeof item === 'string' ? cut(item, LIMITS.dataString - 4) : item) ?? 'null';
		if (length + itemJson.length + (kept.length > 0 ? 1 : 0) > LIMITS.dataString) break;
		length += itemJson.length + (kept.length > 0 ? 1 : 0);
		kept.push(JSON.parse(itemJson) as EventDataValue);
	}
	return kept;
}

/**
 * The marker of binary data or a stream that reached the limits unwalked (with sanitization off, data is
 * only copied): Umami would store a `Buffer` as its bytes. The sanitizer's walk does the same on its own.
 */
function opaqueOf(value: unknown, note: NoteAdjustment): string | undefined {
	if (value === null || typeof value !== 'object') return undefined;
	const marker = opaqueMarker(value);
	if (marker !== undefined) note('data', `${marker} in place of its content`);
	return marker;
}
