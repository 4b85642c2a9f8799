/**
 * The distinct values an Umami website stores, read page by page through its read API, for `audit`.
 *
 * Routes differ by version (read in Umami's source):
 * - metrics `GET /websites/:id/metrics?type=…` gives `[{x: value, y: count}]`, ordered by count. 2.x names the
 *   path `url` and has `limit` but no `offset`: a full page is split into two half time windows until each
 *   fits (the counts of one value then add up over windows). 3.x names it `path` and pages with `offset`;
 *   its page counts are visitors (distinct sessions), 2.x's are views.
 * - event data: `GET /event-data/events?websiteId=…&event=NAME` (before 2.15) or
 *   `/websites/:id/event-data/events?event=NAME` gives every key and string value of one event with counts.
 * - a 2.x server whose aggregate queries fail (HTTP 500) still serves `GET /realtime/:id`: the raw events of
 *   the last 30 minutes, read instead (without event data), and said so.
 * - session (identify) data, from 2.15: `/websites/:id/session-data/properties` (keys) and `.../values`
 *   (at most 100 values per key: Umami's own limit).
 */
import {atLeast, type ServerInfo} from './server-info.js';
import {isReadApiError, type ReadApi} from './read-api.js';

/** A field of Umami's data that `audit` reads. */
export type AuditField =
	| 'path'
	| 'query'
	| 'title'
	| 'referrer'
	| 'event_name'
	| 'event_data_key'
	| 'event_data_value'
	| 'session_data'
	| 'distinct_id';

/** What a field's counts count. */
export type CountUnit = 'views' | 'visitors' | 'events' | 'sessions';

/** One distinct value and how many views/events/sessions carry it (for one time window on 2.x). */
export interface AuditRow {
	readonly field: AuditField;
	readonly value: string;
	readonly count: number;
	/** The event-data or session-data key the value belongs to. */
	readonly key?: string;
	/** Umami's data type of an event-data value (1 string, 2 number, 3 boolean, 4 date, 5 array). */
	readonly dataType?: number;
	/** The row comes from one of several time windows: the same value may come again with more counts. */
	readonly windowed?: boolean;
}

/** Options of {@link readValues}. */
export interface SourceOptions {
	readonly api: ReadApi;
	readonly websiteId: string;
	readonly info: ServerInfo;
	readonly startAt: number;
	readonly endAt: number;
	/** Rows asked per request. */
	readonly pageSize: number;
	/** Event names whose data is read (the most frequent first, as Umami orders them). */
	readonly maxEventNames: number;
	/** Receives a sentence when a limit (Umami's or ours) leaves values unread. */
	readonly note: (text: string) => void;
	/** Receives what could not be read at all: the audit is then incomplete and cannot say clean. */
	readonly unread: (what: string) => void;
}

const METRIC_FIELDS: readonly AuditField[] = ['path', 'query', 'title', 'referrer', 'event_name'];

/** The unit of a field's counts on this server. */
export function unitOf(field: AuditField, info: ServerInfo): CountUnit {
	if (field === 'session_data' || field === 'distinct_id') return 'sessions';
	if (field === 'event_name' || field === 'event_data_key' || field === 'event_data_value') return 'events';
	return isV3(info) ? 'visitors' : 'views';
}

/** Every field and value the website stores for the range, one page of rows at a time. */
export async function* readValues(options: SourceOptions): AsyncGenerator<readonly AuditRow[]> {
	const eventNames = new Set<string>();
	let namesDropped = 0;
	for (const field of METRIC_FIELDS) {
		const pages = metricPages(options, field);
		if (field === 'path' && !isV3(options.info)) {
			// Some 2.x servers fail every aggregate query (HTTP 500) yet serve the realtime route.
			const first = await pages.next().catch((error: unknown) => {
				if (isReadApiError(error) && error.kind === 'http' && (error.status ?? 0) >= 500) return undefined;
				throw error;
			});
			if (first === undefined) {
				yield* realtimeRows(options);
				return;
			}
			if (first.done !== true) yield first.value;
		}
		for await (const page of pages) {
			if (field === 'event_name') {
				for (const row of page) {
					if (eventNames.has(row.value)) continue;
					if (eventNames.size < options.maxEventNames) eventNames.add(row.value);
					else namesDropped++;
				}
			}
			yield page;
		}
	}
	if (namesDropped > 0) {
		options.note(
			`event data read for the ${options.maxEventNames} most frequent event names only (--max-events); ${namesDropped} more not read`,
		);
	}
	for (const name of eventNames) yield await eventData(options, name);
	if (atLeast(options.info, 2, 15)) {
		yield* sessionData(options);
		if (isV3(options.info)) yield* metricPages(options, 'distinct_id');
	} else {
		options.note(`Umami ${options.info.version ?? '< 2.15'} has no read route for session (identify) data`);
	}
}

function isV3(info: ServerInfo): boolean {
	return info.major === null || info.major >= 3;
}

function metricType(field: AuditField, info: ServerInfo): string {
	if (field === 'path') return isV3(info) ? 'path' : 'url';
	if (field === 'event_name') return 'event';
	if (field === 'distinct_id') return 'distinctId';
	return field;
}

function toRows(body: unknown, field: AuditField, windowed: boolean): AuditRow[] {
	const rows: AuditRow[] = [];
	if (!Array.isArray(body)) return rows;
	for (const item of body as unknown[]) {
		if (typeof item !== 'object' || item === null) continue;
		const {x, y} = item as {x?: unknown; y?: unknown};
		if (typeof x !== 'string' || x === '') continue;
		rows.push({field, value: x, count: Number(y) || 0, ...(windowed ? {windowed} : {})});
	}
	return rows;
}

async function* metricPages(options: SourceOptions, field: AuditField): AsyncGenerator<AuditRow[]> {
	const {api, info, pageSize} = options;
	const path = `/websites/${encodeURIComponent(options.websiteId)}/metrics`;
	const type = metricType(field, info);
	if (isV3(info)) {
		for (let offset = 0; ; offset += pageSize) {
			const query = {type, startAt: options.startAt, endAt: options.endAt, limit: pageSize, offset};
			const body = await api.get(path, query);
			const rows = toRows(body, field, false);
			if (rows.length > 0) yield rows;
			if (!Array.isArray(body) || body.length < pageSize) return;
		}
	}
	// 2.x: no offset. Split a full window in halves until each half fits in one page.
	const windows: Array<[number, number]> = [[options.startAt, options.endAt]];
	let truncated = 0;
	while (windows.length > 0) {
		const [start, end] = windows.pop()!;
		const body = await api.get(path, {type, startAt: start, endAt: end, limit: pageSize});
		const full = Array.isArray(body) && body.length >= pageSize;
		if (full && end - start >= 2000) {
			const middle = Math.floor((start + end) / 2);
			windows.push([middle + 1, end], [start, middle]);
			continue;
		}
		if (full) truncated++;
		const rows = toRows(body, field, true);
		if (rows.length > 0) yield rows;
	}
	if (truncated > 0) {
		options.note(
			`${field}: ${truncated} one-second window(s) held more than ${pageSize} distinct values; raise --page-size`,
		);
	}
}

async function eventData(options: SourceOptions, name: string): Promise<AuditRow[]> {
	const {api, info} = options;
	const range = {startAt: options.startAt, endAt: options.endAt, event: name};
	const body = atLeast(info, 2, 15)
		? await api.get(`/websites/${encodeURIComponent(options.websiteId)}/event-data/events`, range)
		: await api.get('/event-data/events', {websiteId: options.websiteId, ...range});
	const rows: AuditRow[] = [];
	if (!Array.isArray(body)) return rows;
	const keys = new Map<string, number>();
	for (const item of body as unknown[]) {
		if (typeof item !== 'object' || item === null) continue;
		const row = item as Record<string, unknown>;
		const key = row['propertyName'] ?? row['fieldName'];
		const value = row['propertyValue'] ?? row['fieldValue'];
		const count = Number(row['total']) || 0;
		if (typeof key !== 'string') continue;
		keys.set(key, (keys.get(key) ?? 0) + count);
		if (typeof value === 'string' && value !== '') {
			const dataType = Number(row['dataType']);
			rows.push({field: 'event_data_value', value, key, count, dataType});
		}
	}
	// A key's count is per event name: the same key under two names comes twice and adds up.
	for (const [key, count] of keys) rows.push({field: 'event_data_key', value: key, count, windowed: true});
	return rows;
}

async function* sessionData(options: SourceOptions): AsyncGenerator<AuditRow[]> {
	const {api} = options;
	const base = `/websites/${encodeURIComponent(options.websiteId)}/session-data`;
	const range = {startAt: options.startAt, endAt: options.endAt};
	const properties = await api.get(`${base}/properties`, range);
	if (!Array.isArray(properties)) return;
	let capped = 0;
	for (const item of properties as unknown[]) {
		const key = (item as {propertyName?: unknown} | null)?.propertyName;
		if (typeof key !== 'string') continue;
		const values = await api.get(`${base}/values`, {...range, propertyName: key});
		if (!Array.isArray(values)) continue;
		if (values.length >= 100) capped++;
		const rows: AuditRow[] = [];
		for (const entry of values as unknown[]) {
			const {value, total} = (entry ?? {}) as {value?: unknown; total?: unknown};
			if (typeof value !== 'string' || value === '') continue;
			rows.push({field: 'session_data', value, key, count: Number(total) || 0});
		}
		if (rows.length > 0) yield rows;
	}
	if (capped > 0) {
		options.note(`session data: Umami returns at most 100 values per key; ${capped} key(s) may hold more`);
	}
}

/** The last 30 minutes of raw events (2.x `GET /realtime/:id`), counted one row per event. */
async function* realtimeRows(options: SourceOptions): AsyncGenerator<AuditRow[]> {
	const since = Math.max(options.startAt, Date.now() - 30 * 60_000);
	const body = await options.api.get(`/realtime/${encodeURIComponent(options.websiteId)}`, {startAt: since});
	options.note(
		`this Umami's aggregate routes answered HTTP 500: read its realtime route instead, which covers the last 30 minutes only (since ${new Date(since).toISOString()}) and has no event or session data`,
	);
	// A range inside the last 30 minutes is fully read for pages and event names; event data never is.
	const older =
		since > options.startAt
			? `the range's paths, query strings, titles, referrers and event names before ${new Date(since).toISOString()}, and `
			: '';
	options.unread(
		`${older}all event and session data (aggregate routes answered HTTP 500; only the realtime route, the last 30 minutes, was read)`,
	);
	const {pageviews, events} = (body ?? {}) as {pageviews?: unknown; events?: unknown};
	const rows: AuditRow[] = [];
	const push = (field: AuditField, value: unknown): void => {
		if (typeof value === 'string' && value !== '') rows.push({field, value, count: 1, windowed: true});
	};
	for (const list of [pageviews, events]) {
		if (!Array.isArray(list)) continue;
		for (const item of list as unknown[]) {
			if (typeof item !== 'object' || item === null) continue;
			const event = item as Record<string, unknown>;
			if (list === events) push('event_name', event['eventName']);
			else {
				push('path', event['urlPath']);
				push('query', event['urlQuery']);
				push('title', event['pageTitle']);
				const domain = event['referrerDomain'];
				if (typeof domain === 'string' && domain !== '') {
					const path = typeof event['referrerPath'] === 'string' ? event['referrerPath'] : '';
					const query = typeof event['referrerQuery'] === 'string' ? `?${event['referrerQuery']}` : '';
					push('referrer', `${domain}${path}${query}`);
				}
			}
			if (rows.length >= options.pageSize) yield rows.splice(0);
		}
	}
	if (rows.length > 0) yield rows;
}
