/**
 * Type checks of the public tracking API's arguments, for callers without TypeScript (or with `any`): a
 * value of the wrong type is never turned into a string and sent (`trackPageView(null)` is not a page view
 * of `/null`). Each check returns a short, PII-free explanation of what is wrong, or undefined when the
 * argument fits; the client drops the call as `invalid` with it.
 */

/** The string fields of an event context. */
interface StringFields {
	readonly url?: unknown;
	readonly title?: unknown;
	readonly referrer?: unknown;
	readonly hostname?: unknown;
	readonly language?: unknown;
	readonly screen?: unknown;
	readonly tag?: unknown;
	readonly userAgent?: unknown;
	readonly ip?: unknown;
	readonly id?: unknown;
}

const notString = (value: unknown): boolean => value !== undefined && typeof value !== 'string';

/**
 * The first string field of a context that holds something else. Each field is read by name: reading ten
 * names through one `record[field]` in a loop is a megamorphic keyed load, an order of magnitude slower,
 * and this runs on every call that has a context.
 */
function wrongStringField(record: StringFields): keyof StringFields | undefined {
	if (notString(record.url)) return 'url';
	if (notString(record.title)) return 'title';
	if (notString(record.referrer)) return 'referrer';
	if (notString(record.hostname)) return 'hostname';
	if (notString(record.language)) return 'language';
	if (notString(record.screen)) return 'screen';
	if (notString(record.tag)) return 'tag';
	if (notString(record.userAgent)) return 'userAgent';
	if (notString(record.ip)) return 'ip';
	return notString(record.id) ? 'id' : undefined;
}

/** The type of a wrong value, for an explanation (never the value: it may be personal). */
function kind(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') {
		const name = (Object.getPrototypeOf(value) as {constructor?: {name?: unknown}} | null)?.constructor?.name;
		return typeof name === 'string' && name !== 'Object' && name.length <= 40 ? `a ${name}` : 'an object';
	}
	return `a ${typeof value}`;
}

/** `url` of `trackPageView`: a string (a path or absolute URL). */
export function checkPath(path: unknown): string | undefined {
	return typeof path === 'string' ? undefined : `page view url must be a string, got ${kind(path)}`;
}

/** Event data (`properties`, `options.data`, `identify` data): a non-array object, or absent (`undefined`, `null`). */
export function checkData(data: unknown, what: string): string | undefined {
	if (data === undefined || data === null) return undefined;
	return typeof data === 'object' && !Array.isArray(data)
		? undefined
		: `${what} must be an object, got ${kind(data)}`;
}

/**
 * A context or page view options object: absent or an object whose string fields are strings, whose
 * `location` is an object and whose `data` is event data.
 */
export function checkContext(context: unknown, what: string): string | undefined {
	if (context === undefined) return undefined;
	if (typeof context !== 'object' || context === null || Array.isArray(context))
		return `${what} must be an object, got ${kind(context)}`;
	const record = context as Record<string, unknown>;
	const field = wrongStringField(record);
	if (field !== undefined) return `${what}.${field} must be a string, got ${kind(record[field])}`;
	const location = record['location'];
	if (location !== undefined && (typeof location !== 'object' || location === null))
		return `${what}.location must be an object, got ${kind(location)}`;
	return checkData(record['data'], `${what}.data`);
}
