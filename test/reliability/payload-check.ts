/**
 * What a payload must satisfy for Umami to store it (../shared/UMAMI.md): the limits the client promises to
 * enforce, checked on what the fault server actually received.
 */
export const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

const FIELD_LIMITS: Readonly<Record<string, number>> = {
	name: 50,
	tag: 50,
	hostname: 100,
	language: 35,
	screen: 11,
	title: 500,
	id: 50,
	userAgent: 500,
};

/** NUL, or a UTF-16 surrogate without its pair: PostgreSQL cannot store either (Umami 2.10 answers 500). */
// With the `u` flag a well-formed pair is one code point outside the range: only lone halves match.
export const PG_UNSAFE = /[\0\uD800-\uDFFF]/u;

function parses(url: string): boolean {
	try {
		new URL(url, 'https://localhost');
		return true;
	} catch {
		return false;
	}
}

function checkData(value: unknown, path: string, out: string[]): void {
	if (typeof value === 'string') {
		if (value.length > 500) out.push(`data ${path}: string of ${value.length}`);
		return;
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) out.push(`data ${path}: non-finite number`);
		else if (Math.abs(value) >= 1e15) out.push(`data ${path}: number ${value} outside numeric(19,4)`);
		return;
	}
	if (typeof value === 'boolean' || value === null) return;
	if (Array.isArray(value)) {
		const json = JSON.stringify(value);
		if (json.length > 500) out.push(`data ${path}: array of ${json.length} JSON chars`);
		return;
	}
	if (typeof value === 'object') {
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			const next = path === '' ? key : `${path}.${key}`;
			if (next.length > 500) out.push(`data key of ${next.length}`);
			checkData(inner, next, out);
		}
		return;
	}
	out.push(`data ${path}: ${typeof value}`);
}

/** Problems of one received `{type, payload}` against Umami's limits (empty: valid). */
export function payloadProblems(event: {type?: unknown; payload?: Record<string, unknown>}): string[] {
	const out: string[] = [];
	if (event.type !== 'event' && event.type !== 'identify') out.push(`type ${String(event.type)}`);
	const payload = event.payload;
	if (typeof payload !== 'object' || payload === null) return [...out, 'no payload'];
	if (payload['website'] !== ID) out.push('website');
	for (const [field, max] of Object.entries(FIELD_LIMITS)) {
		const value = payload[field];
		if (value === undefined) continue;
		if (typeof value !== 'string') out.push(`${field}: ${typeof value}`);
		else if (value.length > max || value.length === 0) out.push(`${field}: length ${value.length}`);
	}
	for (const field of ['url', 'referrer']) {
		const value = payload[field];
		if (value === undefined) continue;
		if (typeof value !== 'string') out.push(`${field}: ${typeof value}`);
		else if (value.length > 500) out.push(`${field}: length ${value.length}`);
		else if (!parses(value)) out.push(`${field}: does not parse`);
	}
	if (payload['url'] === undefined) out.push('url missing');
	const timestamp = payload['timestamp'];
	if (
		typeof timestamp !== 'number' ||
		!Number.isInteger(timestamp) ||
		Math.abs(timestamp - Date.now() / 1000) > 3600
	)
		out.push(`timestamp ${String(timestamp)}`);
	const data = payload['data'];
	if (data !== undefined) {
		if (typeof data !== 'object' || data === null || Array.isArray(data)) out.push('data is not an object');
		else checkData(data, '', out);
	}
	return out;
}

/** True when some string of the payload (key or value) holds NUL or a lone surrogate. */
export function pgUnsafe(value: unknown): boolean {
	if (typeof value === 'string') return PG_UNSAFE.test(value);
	if (Array.isArray(value)) return value.some((item) => pgUnsafe(item));
	if (typeof value === 'object' && value !== null)
		return Object.entries(value).some(([key, inner]) => PG_UNSAFE.test(key) || pgUnsafe(inner));
	return false;
}
