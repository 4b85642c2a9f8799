import type {LocationInput} from './identity.js';

/**
 * Per-call context: what the caller (or a framework integration) knows about the request behind an event.
 * Everything here is optional (`undefined` counts as absent, so `headers.get('referer') ?? undefined` fits
 * under `exactOptionalPropertyTypes`) and is sanitized and limited before it is queued.
 */
export interface EventContext {
	/**
	 * Path (and query) the event happened on, e.g. a route template `/users/:id`. An absolute `http(s)://` URL is
	 * sent as its path, its host as `hostname` when that is not given. @default '/'
	 */
	url?: string | undefined;
	/** Page title. */
	title?: string | undefined;
	/** Referrer URL (sanitized; query values scrubbed). */
	referrer?: string | undefined;
	/** Host name without port, e.g. `api.example.com`. @default the instance's `hostname` */
	hostname?: string | undefined;
	/** Language tag, e.g. `en-US`. */
	language?: string | undefined;
	/** Screen size, e.g. `1920x1080`. */
	screen?: string | undefined;
	/** Umami event tag. */
	tag?: string | undefined;
	/** The end user's User-Agent, sent as `payload.userAgent` (Umami ≥ 2.16) and, on older servers, as the header. */
	userAgent?: string | undefined;
	/** The end user's IP; used only as the identity policy allows (never sent by default). */
	ip?: string | undefined;
	/** Distinct id for Umami's session (≤ 50 characters; dropped if it contains PII). */
	id?: string | undefined;
	/**
	 * The end user's coarse location (e.g. from your CDN's headers); sent to Umami as headers only when the
	 * identity policy is `location: 'cdn'`, after strict validation (invalid parts are dropped, never thrown).
	 */
	location?: LocationInput | undefined;
	/**
	 * Counts the event once however often it is tracked with this key (typically the payment provider's event
	 * id, so that a webhook its sender delivers again is not counted twice): a repeat is dropped as
	 * `duplicate`. Never sent to Umami. Remembered per process (the most recent `idempotencyKeys`) and, with
	 * the outbox on, across restarts. A non-string or empty key drops the event as `invalid`.
	 */
	idempotencyKey?: string | undefined;
}

/** Options of `trackPageView`: the context plus optional data. */
export interface PageViewOptions extends EventContext {
	/** Extra data stored with the page view. */
	data?: Record<string, unknown>;
}

/**
 * Turns a Host header into a hostname Umami v2 accepts (labels of letters, digits and inner hyphens):
 * the port is removed; anything else that does not fit gives undefined.
 */
export function cleanHostname(host: string | undefined): string | undefined {
	if (!host) return undefined;
	let name = host.trim().toLowerCase();
	if (name.startsWith('[')) return undefined;
	const colon = name.indexOf(':');
	if (colon !== -1) name = name.slice(0, colon);
	if (name.endsWith('.')) name = name.slice(0, -1);
	if (name.length === 0 || name.length > 100) return undefined;
	// Labels of [0-9a-z-], not empty, no hyphen at either end: one pass, no split or regex (runs per request).
	let labelStart = 0;
	for (let index = 0; index <= name.length; index++) {
		const code = index < name.length ? name.charCodeAt(index) : 46;
		if (code === 46) {
			if (index === labelStart || name.charCodeAt(labelStart) === 45 || name.charCodeAt(index - 1) === 45)
				return undefined;
			labelStart = index + 1;
		} else if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45)) {
			return undefined;
		}
	}
	return name;
}

/** First language of an Accept-Language header: `en-US,en;q=0.9` → `en-US`. */
export function firstLanguage(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const first = header.split(',', 1)[0]?.split(';', 1)[0]?.trim();
	return first && first !== '*' && /^[a-z]{1,8}(?:-[\da-z]{1,8})*$/i.test(first) ? first : undefined;
}
