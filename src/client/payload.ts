/**
 * Building the Umami payload of a tracking call from its context: every text field scrubbed and fitted to
 * Umami's limits, the distinct id checked, the identity policy applied (IP, anonymous id, CDN location), and
 * a payload a `beforeSend` hook handed back sanitized again. One builder per instance; nothing per call
 * besides the payload and envelope themselves.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {LIMITS, limitField, storable, type NoteAdjustment} from '../gate/limits.js';
import {carriesRevenue, parseRevenue, withoutPair, type RevenuePair} from '../gate/revenue.js';
import type {Scrubber} from '../gate/scrubber.js';
import type {Sanitizer} from '../sanitize/index.js';
import type {EventData, UmamiEvent, UmamiLocation, UmamiPayload} from '../types.js';
import {cleanHostname, type EventContext} from './context.js';
import {cleanLocation, createAnonymousIds, truncateIp, type LocationInput} from './identity.js';
import {splitPageUrl} from './page-url.js';

/** The free-text fields of a context, scrubbed as text and left out when nothing remains. */
type TextField = 'title' | 'language' | 'screen' | 'tag';

/**
 * The first fields of a payload, made by a constructor rather than an object literal: V8 sizes the objects a
 * constructor makes for the fields its instances get later (`hostname`, `name`, `data`, ...) and keeps them
 * inside the object, while a literal has room for its own keys only, so that every field added to it moves
 * to a separate backing store, an allocation and a slower store per field on every tracking call.
 * `new PayloadHead(...)` is a plain object to every reader (prototype `Object.prototype`, constructor
 * `Object`): JSON, spreads, `beforeSend` and tests see what a literal would give.
 */
function PayloadHead(this: UmamiPayload, website: string, timestamp: number): void {
	this.website = website;
	this.url = '/';
	this.timestamp = timestamp;
}
PayloadHead.prototype = Object.prototype;
const Payload = PayloadHead as unknown as new (website: string, timestamp: number) => UmamiPayload;

/** What a builder needs of its instance. */
export interface PayloadParts {
	readonly config: ResolvedConfig;
	readonly sanitizer: Sanitizer;
	readonly scrub: Scrubber;
	readonly note: NoteAdjustment;
	readonly now: () => number;
}

/** Builds the payloads and envelopes of one instance. */
export class PayloadBuilder {
	readonly #config: ResolvedConfig;
	readonly #sanitizer: Sanitizer;
	readonly #scrub: Scrubber;
	readonly #note: NoteAdjustment;
	readonly #anonymousId: ((ip: string, userAgent: string, website: string) => string) | undefined;
	readonly #location: ((input: LocationInput) => UmamiLocation | undefined) | undefined;

	constructor(parts: PayloadParts) {
		const {config, sanitizer, note} = parts;
		this.#config = config;
		this.#sanitizer = sanitizer;
		this.#scrub = parts.scrub;
		this.#note = note;
		this.#anonymousId = config.identity.anonymousId ? createAnonymousIds(parts.now) : undefined;
		this.#location =
			config.identity.location === 'cdn'
				? (input) => cleanLocation(input, note, (text) => sanitizer.text(text))
				: undefined;
	}

	/**
	 * The payload of a call: website, time, host, the context's fields, id and identity. `at`: the time of the
	 * call by the instance's clock (ms), read once per call by the client, which queues the event with it too.
	 * `url` and `id`: the call's own (a page view's path, `identify`'s id) in place of the context's, so that
	 * no merged copy of the context is made per call.
	 */
	payload(context: EventContext | undefined, at: number, url = context?.url, id = context?.id): UmamiPayload {
		const config = this.#config;
		const payload = new Payload(config.websiteId, Math.floor(at / 1000));
		let page = url === undefined ? undefined : String(url);
		const absolute = page === undefined ? undefined : splitPageUrl(page);
		if (absolute !== undefined) page = absolute.path;
		let hostname = cleanHostname(context?.hostname);
		if (hostname === undefined) {
			// A cut host would name another site: an invalid or over-long request host is removed, never cut.
			if (context?.hostname) this.#note('hostname', 'request host is not a valid host name; removed');
			else if (absolute !== undefined) hostname = cleanHostname(absolute.host);
			hostname ??= config.hostname;
		}
		if (hostname !== undefined)
			payload.hostname = this.#scrub.host(limitField(hostname, 'hostname', this.#note)!);
		if (page !== undefined) payload.url = this.#scrub.url(page, 'url') ?? '/';
		if (context !== undefined) this.#contextFields(payload, context);
		if (id !== undefined) this.#applyId(payload, String(id));
		if (context !== undefined) this.#applyIdentity(payload, context);
		return payload;
	}

	/** The free-text and URL fields of a context besides `url`: referrer, title, language, screen, tag, User-Agent. */
	#contextFields(payload: UmamiPayload, context: EventContext): void {
		const scrub = this.#scrub;
		if (context.referrer !== undefined) {
			const referrer = scrub.url(String(context.referrer), 'referrer');
			if (referrer !== undefined) payload.referrer = referrer;
		}
		this.#text(payload, 'title', context.title);
		this.#text(payload, 'language', context.language);
		this.#text(payload, 'screen', context.screen);
		this.#text(payload, 'tag', context.tag);
		if (context.userAgent !== undefined && context.userAgent !== '') {
			payload.userAgent = scrub.text(String(context.userAgent), 'userAgent')!;
		}
	}

	/** The envelope; the CDN location rides beside the payload when the identity policy forwards it. */
	event(
		type: UmamiEvent['type'],
		payload: UmamiPayload,
		context?: {location?: LocationInput | undefined},
	): UmamiEvent {
		const location = context?.location && this.#location?.(context.location);
		return location ? {type, payload, location} : {type, payload};
	}

	/** Event or identify data, sanitized and fitted. */
	data(properties: unknown): EventData {
		return this.#scrub.data(properties);
	}

	/** The other properties sanitized as usual, then the checked pair added as it is. */
	withRevenue(properties: unknown, pair: RevenuePair): EventData {
		const rest = withoutPair(properties);
		const data = rest === undefined ? {} : this.data(rest);
		data['revenue'] = pair.revenue;
		data['currency'] = pair.currency;
		return data;
	}

	/** A payload a `beforeSend` hook returned, sanitized again (its website is always this instance's). */
	resanitize(payload: UmamiPayload): UmamiPayload {
		const result: UmamiPayload = {...payload, website: this.#config.websiteId};
		const scrub = this.#scrub;
		for (const field of ['name', 'title', 'language', 'screen', 'tag', 'hostname'] as const) {
			const value = result[field];
			if (typeof value === 'string') result[field] = scrub.text(value, field)!;
		}
		if (typeof result.url === 'string') result.url = scrub.url(result.url, 'url') ?? '/';
		if (typeof result.referrer === 'string') {
			const referrer = scrub.url(result.referrer, 'referrer');
			if (referrer === undefined) delete result.referrer;
			else result.referrer = referrer;
		}
		if (result.data !== undefined) {
			const data = result.data;
			const pair = carriesRevenue(data) ? parseRevenue(data['revenue'], data['currency']) : undefined;
			result.data = typeof pair === 'object' ? this.withRevenue(data, pair) : this.data(data);
		}
		return result;
	}

	/** One free-text field of the context: scrubbed, set when anything remains. */
	#text(payload: UmamiPayload, field: TextField, raw: unknown): void {
		if (raw === undefined) return;
		const value = this.#scrub.text(String(raw), field);
		if (value !== undefined) payload[field] = value;
	}

	#applyId(payload: UmamiPayload, rawId: string): void {
		const id = storable(rawId, 'id', this.#note);
		if (id === '') return;
		if (id.length > LIMITS.id) {
			this.#note('id', `id of ${id.length} characters removed (limit ${LIMITS.id})`);
			return;
		}
		if (this.#sanitizer.text(id) !== id) {
			this.#note('id', 'id contained personal data; removed');
			return;
		}
		payload.id = id;
	}

	#applyIdentity(payload: UmamiPayload, context: EventContext): void {
		const identity = this.#config.identity;
		const ip = context.ip?.trim();
		if (ip) {
			if (identity.ip === 'forward') payload.ip = ip;
			else if (identity.ip === 'truncate') {
				const truncated = truncateIp(ip);
				if (truncated !== undefined) payload.ip = truncated;
			}
			if (this.#anonymousId && payload.id === undefined) {
				payload.id = this.#anonymousId(ip, context.userAgent ?? '', this.#config.websiteId);
			}
		}
	}
}
