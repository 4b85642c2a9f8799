/**
 * Which requests Next.js middleware (`middleware.ts`, Next 16's `proxy.ts`) sees are page views. Middleware
 * runs for far more than the pages a visitor opens: the router's prefetches, server actions, `HEAD`, Next's
 * own files under `/_next/`, and the data fetches of client-side navigations. This decides, from the request
 * line and headers alone, which path a page view is recorded for, or that none is.
 */
import {pathOf} from './web-shared.js';

/** The headers read here, structurally (a `Headers`, Next's `request.headers`). */
interface HeaderGetter {
	get(name: string): string | null;
}

const DATA_PREFIX = '/_next/data/';
/** App Router's cache-busting query key on RSC requests: never part of the page's URL. */
const RSC_QUERY = '_rsc';

/**
 * A prefetch, not a visit: the App Router's (`Next-Router-Prefetch`, `Next-Router-Segment-Prefetch`), the
 * Pages Router's (`Purpose: prefetch`, `X-Middleware-Prefetch`) and the browser's own (`<link rel=prefetch>`,
 * speculation rules: `Sec-Purpose: prefetch`, also with `;prerender`).
 */
function isPrefetch(headers: HeaderGetter): boolean {
	if (
		headers.get('next-router-prefetch') !== null ||
		headers.get('next-router-segment-prefetch') !== null ||
		headers.get('x-middleware-prefetch') !== null
	) {
		return true;
	}
	const purpose = headers.get('sec-purpose') ?? headers.get('purpose');
	return purpose !== null && purpose.toLowerCase().includes('prefetch');
}

/**
 * The page behind a Pages Router data request, `/_next/data/<build id>/<page>.json?<params>` (what the
 * client router fetches on a navigation to a `getServerSideProps`/`getStaticProps` page): `/<page>` with the
 * query, `/index.json` being `/`. Undefined for any other `/_next/` path.
 */
function dataRequestPage(path: string): string | undefined {
	if (!path.startsWith(DATA_PREFIX)) return undefined;
	const buildEnd = path.indexOf('/', DATA_PREFIX.length);
	const question = path.indexOf('?');
	const end = question === -1 ? path.length : question;
	if (buildEnd === -1 || buildEnd > end || !path.endsWith('.json', end)) return undefined;
	const page = path.slice(buildEnd, end - '.json'.length);
	return (page === '/index' ? '/' : page) + path.slice(end);
}

/** `path` without `_rsc` in its query (kept whole when it has none). */
function withoutRscQuery(path: string): string {
	const question = path.indexOf('?');
	if (question === -1 || !path.includes(RSC_QUERY, question)) return path;
	const kept = path
		.slice(question + 1)
		.split('&')
		.filter((pair) => pair !== RSC_QUERY && !pair.startsWith(`${RSC_QUERY}=`));
	return kept.length === 0 ? path.slice(0, question) : `${path.slice(0, question)}?${kept.join('&')}`;
}

/**
 * The path and query a middleware request is a page view of, or undefined when it is none: not a `GET`
 * (`HEAD`, server actions, form posts), a prefetch, a server action (`Next-Action`), or one of Next's own
 * paths (`/_next/static`, `/_next/image`, `/_next/webpack-hmr`, dev-only `/__nextjs…`). A client-side
 * navigation is a page view: the App Router's RSC request (`RSC: 1`, its `_rsc` query key dropped) and the
 * Pages Router's data request (mapped back to its page). Static files and ignore lists are left to the
 * request tracker.
 */
export function pageViewPath(method: string, url: string, headers: HeaderGetter): string | undefined {
	if (method !== 'GET' || isPrefetch(headers) || headers.get('next-action') !== null) return undefined;
	const path = pathOf(url);
	if (path.startsWith('/_next/')) {
		const page = dataRequestPage(path);
		return page === undefined ? undefined : withoutRscQuery(page);
	}
	if (path.startsWith('/__nextjs')) return undefined;
	return withoutRscQuery(path);
}
