/**
 * What every framework integration shares: the decision whether a request is tracked (ignore lists,
 * methods, sampling, opt-out) and how a finished request becomes one Umami event. The framework adapters
 * only gather a {@link RequestRecord}; everything here is compiled once per middleware, not per request.
 */
import type {UmamiAnalytics} from '../client/analytics.js';
import {COUNT_SKIPPED_REQUEST} from '../client/stats.js';
import {cleanHostname, firstLanguage, type PageViewOptions} from '../client/context.js';
import {locationFromHeaders} from '../client/identity.js';
import {Memo} from './memo.js';

/** Options shared by every framework integration. */
export interface RouteTrackingOptions {
	/**
	 * What a request becomes. `pageview` (default) feeds Umami's main dashboard (pages, visitors, referrers)
	 * and carries method/status/duration as event data; `event` records a custom event instead.
	 * Routes named with `trackRoute('name')` always become custom events named `name`.
	 * @default 'pageview'
	 */
	mode?: 'pageview' | 'event';
	/** Custom event name in `event` mode. @default 'http_request' */
	eventName?: string;
	/**
	 * Paths never tracked: exact strings, prefixes ending in `*`, or RegExps (tested against the path without query).
	 * @default ['/health', '/healthz', '/ready', '/readyz', '/live', '/livez', '/metrics', '/favicon.ico', '/robots.txt']
	 */
	ignorePaths?: readonly (string | RegExp)[];
	/**
	 * Skip static assets (paths ending in .js, .css, .png, fonts, …; and .map, .txt, .xml, .webmanifest unless a
	 * route of the framework answered them: `app.get('/api/feed.xml', …)` is tracked). Each skip is counted in
	 * `stats().skippedRequests`. @default true
	 */
	ignoreStaticAssets?: boolean;
	/** HTTP methods never tracked. @default ['HEAD', 'OPTIONS'] */
	ignoreMethods?: readonly string[];
	/** Fraction of requests tracked, from 0 to 1. @default 1 */
	sampleRate?: number;
	/**
	 * Query keys kept in the URL and in the referrer (`prefix*` allowed); every other key is removed, and so is a
	 * fragment. @default ['utm_*', 'ref']
	 */
	queryAllowlist?: readonly string[];
	/** Send the end user's User-Agent as `payload.userAgent`. @default true */
	forwardUserAgent?: boolean;
	/**
	 * Extra event data for a request (sanitized like all data). If it throws, the event is tracked without its
	 * fields and the error reaches `onError` (hook name and error class only).
	 */
	extraData?: (record: RequestRecord) => Record<string, unknown> | undefined;
}

/** Everything an adapter knows about a finished request. */
export interface RequestRecord {
	readonly method: string;
	/** Raw path and query as received (never sent as is). */
	readonly path: string;
	/** Route template (`/users/:id`) when the framework knows it. */
	readonly route?: string | undefined;
	/** A route name given with `trackRoute('name')`. */
	readonly routeName?: string | undefined;
	readonly status: number;
	readonly durationMs: number;
	/** The handler threw. */
	readonly error?: boolean | undefined;
	/** The client went away before the response finished. */
	readonly aborted?: boolean | undefined;
	/**
	 * Reads one request header (lower-case name). With `identity.location: 'cdn'` the CDN's location headers
	 * are read too (`cf-ipcountry`, `x-vercel-ip-country`, `cloudfront-viewer-country`, …).
	 */
	readonly header: (name: string) => string | undefined;
	/**
	 * The client IP as the framework sees it; read only when the identity policy uses it
	 * ({@link RequestTracker.needsIp}: `identity.ip` other than `none`, or `anonymousId`), else undefined.
	 */
	readonly ip?: string | undefined;
}

/**
 * The fields of a {@link RequestRecord} that an adapter's record class completes once the response is over,
 * with their values until then. Subclasses keep everything else private, so that `extraData` sees the fields
 * of a RequestRecord and nothing more.
 */
export abstract class PendingRecord implements RequestRecord {
	abstract readonly method: string;
	abstract readonly path: string;
	abstract readonly header: (name: string) => string | undefined;
	route: string | undefined = undefined;
	status = 0;
	durationMs = 0;
	error = false;
	aborted = false;
	ip: string | undefined = undefined;
}

/** The compiled per-middleware tracker. */
export interface RequestTracker {
	/**
	 * Cheap check before any timing work: false for ignored methods, paths, and sampled-out requests (each
	 * counted in `stats().skippedRequests`). A `.txt`, `.xml`, `.map` or `.webmanifest` path is decided in
	 * `track`, once the framework's route is known.
	 */
	readonly shouldTrack: (method: string, path: string) => boolean;
	/** Counts a request `skipTracking` opted out (`stats().skippedRequests`). */
	readonly skipped: () => void;
	/** Turns a finished request into one event. Never throws. */
	readonly track: (record: RequestRecord) => void;
	/**
	 * A page view of a request whose response is never seen (Next.js middleware): the sanitized path with the
	 * allowlisted query and the request's context, no event data. A `.txt`, `.xml`, `.map` or `.webmanifest`
	 * path is skipped and counted (no route answered it here). Never throws.
	 */
	readonly pageView: (
		rawPath: string,
		header: (name: string) => string | undefined,
		ip: string | undefined,
	) => void;
	/**
	 * Whether the instance's identity policy uses the client IP. Adapters read the IP (`req.ip` in Express and
	 * Koa runs the proxy-trust rules per call) only when it does.
	 */
	readonly needsIp: boolean;
}

/**
 * The paths the integrations ignore by default (health checks, metrics, the favicon and robots.txt). A custom
 * `ignorePaths` replaces this list: `[...DEFAULT_IGNORE_PATHS, '/internal/*']` extends it.
 */
export const DEFAULT_IGNORE_PATHS: readonly string[] = [
	'/health',
	'/healthz',
	'/ready',
	'/readyz',
	'/live',
	'/livez',
	'/metrics',
	'/favicon.ico',
	'/robots.txt',
];
/** Paths that are static assets whoever serves them: scripts, styles, images, fonts. */
const STATIC_ASSET = /\.(?:js|mjs|css|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|eot)$/i;
/** Files that are assets when served as files, but API output when a route of the app answers them. */
const STATIC_UNLESS_ROUTED = /\.(?:map|txt|xml|webmanifest)$/i;

function compilePathMatcher(patterns: readonly (string | RegExp)[]): (path: string) => boolean {
	const exact = new Set<string>();
	const prefixes: string[] = [];
	const regexps: RegExp[] = [];
	for (const pattern of patterns) {
		if (typeof pattern !== 'string') regexps.push(pattern);
		else if (pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1));
		else exact.add(pattern);
	}
	return (path) =>
		exact.has(path) ||
		prefixes.some((prefix) => path.startsWith(prefix)) ||
		regexps.some((regexp) => regexp.test(path));
}

function compileQueryFilter(allowlist: readonly string[]): (query: string) => string {
	const exact: string[] = [];
	const prefixes: string[] = [];
	for (const key of allowlist) {
		if (key.endsWith('*')) prefixes.push(key.slice(0, -1));
		else exact.push(key);
	}
	/** Whether the key `query[start, end)` is allowlisted (compared in place: nothing is sliced). */
	const allowed = (query: string, start: number, end: number): boolean => {
		const length = end - start;
		for (const key of exact) if (key.length === length && query.startsWith(key, start)) return true;
		for (const prefix of prefixes)
			if (prefix.length <= length && query.startsWith(prefix, start)) return true;
		return false;
	};
	return (query) => {
		let kept = '';
		// The next `=` is looked up again only once the scan has passed it: linear in the query length.
		let equals = -2;
		for (let start = 0; start <= query.length;) {
			let end = query.indexOf('&', start);
			if (end === -1) end = query.length;
			if (equals !== -1 && equals < start) equals = query.indexOf('=', start);
			const keyEnd = equals === -1 || equals > end ? end : equals;
			if (keyEnd > start && allowed(query, start, keyEnd)) {
				kept += kept === '' ? query.slice(start, end) : `&${query.slice(start, end)}`;
			}
			start = end + 1;
		}
		return kept;
	};
}

/** Splits `/a/b?x=1#f` into path and query (fragment dropped). */
export function splitPath(raw: string): {path: string; query: string} {
	const hash = raw.indexOf('#');
	const text = hash === -1 ? raw : raw.slice(0, hash);
	const question = text.indexOf('?');
	return question === -1
		? {path: text, query: ''}
		: {path: text.slice(0, question), query: text.slice(question + 1)};
}

/** The path of `/a/b?x=1#f` (`/a/b`), without allocating when there is no query or fragment. */
function pathOnly(raw: string): string {
	const question = raw.indexOf('?');
	const hash = raw.indexOf('#');
	const end = question === -1 ? hash : hash === -1 ? question : Math.min(question, hash);
	return end === -1 ? raw : raw.slice(0, end);
}

/**
 * The page view's context read from a request (hostname, referrer, language, User-Agent, IP, location),
 * compiled once per tracker. `referrerOf` cuts a referrer's query as the page URL's is cut.
 */
function contextReader(
	analytics: UmamiAnalytics,
	forwardUserAgent: boolean,
	referrerOf: (referrer: string) => string,
): (url: string, header: (name: string) => string | undefined, ip: string | undefined) => PageViewOptions {
	// Location headers are read only when the instance forwards them: otherwise not even looked at.
	const forwardLocation = analytics.config.identity.location === 'cdn';
	// The Host and Accept-Language headers repeat on almost every request.
	const hostnames = new Memo(cleanHostname);
	const languages = new Memo(firstLanguage);
	return (url, header, ip) => {
		const context: PageViewOptions = {url};
		const hostHeader = header('x-forwarded-host') ?? header('host');
		const host = hostHeader === undefined ? undefined : hostnames.get(hostHeader);
		if (host !== undefined) context.hostname = host;
		const referrer = header('referer');
		if (referrer) context.referrer = referrerOf(referrer);
		const languageHeader = header('accept-language');
		const language = languageHeader === undefined ? undefined : languages.get(languageHeader);
		if (language !== undefined) context.language = language;
		const userAgent = forwardUserAgent ? header('user-agent') : undefined;
		if (userAgent) context.userAgent = userAgent;
		if (ip) context.ip = ip;
		if (forwardLocation) {
			const location = locationFromHeaders(header);
			if (location !== undefined) context.location = location;
		}
		return context;
	};
}

/**
 * Compiles the options once and returns the tracker an adapter calls per request.
 *
 * @example
 * ```ts
 * const tracker = createRequestTracker(analytics, {ignorePaths: ['/internal/*']});
 * if (tracker.shouldTrack(req.method, req.url)) {  … later …  tracker.track(record); }
 * ```
 */
export function createRequestTracker(
	analytics: UmamiAnalytics,
	options: RouteTrackingOptions = {},
): RequestTracker {
	const ignoredMethods = new Set(
		(options.ignoreMethods ?? ['HEAD', 'OPTIONS']).map((method) => method.toUpperCase()),
	);
	const ignoredPath = compilePathMatcher(options.ignorePaths ?? DEFAULT_IGNORE_PATHS);
	const staticAssets = options.ignoreStaticAssets ?? true;
	// An instance of an older copy of the library (two versions in one process) has no such counter.
	const countSkipped: () => void =
		typeof (analytics as Partial<UmamiAnalytics>)[COUNT_SKIPPED_REQUEST] === 'function'
			? () => analytics[COUNT_SKIPPED_REQUEST]()
			: () => undefined;
	const filterQuery = compileQueryFilter(options.queryAllowlist ?? ['utm_*', 'ref']);
	const sampleRate = Math.min(1, Math.max(0, options.sampleRate ?? 1));
	const mode = options.mode ?? 'pageview';
	const eventName = options.eventName ?? 'http_request';
	const extraData = options.extraData;

	// Per-request work done once per distinct string: methods and paths repeat on almost every request.
	// Query strings are not kept (they may hold tokens).
	const upperMethods = new Memo((method) => method.toUpperCase(), 64, 32);
	const ignoredMethod = new Memo((method) => ignoredMethods.has(method.toUpperCase()), 64, 32);
	const ignoredPaths = new Memo(ignoredPath);
	// 2: an asset whoever serves it; 1: an asset unless a route answered it; 0: not an asset.
	const staticPaths = new Memo((path) =>
		STATIC_ASSET.test(path) ? 2 : STATIC_UNLESS_ROUTED.test(path) ? 1 : 0,
	);

	/** `base` (by default the path of `raw`) with the allowlisted keys of `raw`'s query; no fragment. */
	const withAllowedQuery = (raw: string, base?: string): string => {
		if (raw.indexOf('?') === -1 && raw.indexOf('#') === -1) return base ?? raw;
		const {path, query} = splitPath(raw);
		const kept = query === '' ? '' : filterQuery(query);
		const head = base ?? path;
		return kept === '' ? head : `${head}?${kept}`;
	};

	/** The URL sent: the route template (or the path) and the allowlisted query; no fragment. */
	const urlOf = (rawPath: string, route: string | undefined): string => withAllowedQuery(rawPath, route);

	/**
	 * The referrer sent: its query cut to the allowlist like the page URL's (a referring page's query holds the
	 * search terms, names and ids of another app), no fragment. Umami keeps the rest as the referrer's query.
	 */
	const referrerOf = (referrer: string): string => withAllowedQuery(referrer);

	const shouldTrack = (method: string, rawPath: string): boolean => {
		if (!analytics.enabled) return false;
		const path = pathOnly(rawPath);
		if (
			ignoredMethod.get(method) ||
			ignoredPaths.get(path) ||
			(staticAssets && staticPaths.get(path) === 2) ||
			(sampleRate < 1 && Math.random() >= sampleRate)
		) {
			countSkipped();
			return false;
		}
		return true;
	};

	/**
	 * A `.txt`, `.xml`, `.map` or `.webmanifest` file no route of the framework answered (a wildcard route
	 * serving files does not count as naming it); scripts, styles, images and fonts are left out at the start.
	 */
	const isStaticAsset = (record: RequestRecord): boolean =>
		staticAssets &&
		(record.route === undefined || record.route.includes('*')) &&
		staticPaths.get(pathOnly(record.path)) === 1;

	const contextOf = contextReader(analytics, options.forwardUserAgent ?? true, referrerOf);

	const track = (record: RequestRecord): void => {
		try {
			if (isStaticAsset(record)) {
				countSkipped();
				return;
			}
			const url = urlOf(record.path, record.route);
			const context = contextOf(url, record.header, record.ip);
			const data: Record<string, unknown> = {
				method: upperMethods.get(record.method),
				status: record.status,
				duration_ms: Math.round(record.durationMs * 100) / 100,
			};
			if (record.route !== undefined) data['route'] = record.route;
			if (record.routeName !== undefined) data['route_name'] = record.routeName;
			if (record.error) data['error'] = true;
			if (record.aborted) data['aborted'] = true;
			if (extraData) {
				try {
					Object.assign(data, extraData(record));
				} catch (error) {
					// A user hook never breaks tracking: the event goes out without its fields, and onError hears of it.
					analytics.reportHookError('extraData', error);
				}
			}
			if (record.routeName !== undefined) analytics.trackEvent(record.routeName, data, context);
			else if (mode === 'event') analytics.trackEvent(eventName, data, context);
			else {
				context.data = data;
				analytics.trackPageView(url, context);
			}
		} catch {
			// Tracking never reaches the request.
		}
	};

	const pageView = (
		rawPath: string,
		header: (name: string) => string | undefined,
		ip: string | undefined,
	): void => {
		try {
			if (staticAssets && staticPaths.get(pathOnly(rawPath)) === 1) {
				countSkipped();
				return;
			}
			const url = urlOf(rawPath, undefined);
			analytics.trackPageView(url, contextOf(url, header, ip));
		} catch {
			// Tracking never reaches the request.
		}
	};

	const identity = analytics.config.identity;
	return {
		shouldTrack,
		track,
		pageView,
		skipped: countSkipped,
		needsIp: identity.ip !== 'none' || identity.anonymousId,
	};
}
