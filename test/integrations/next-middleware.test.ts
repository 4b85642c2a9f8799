/**
 * `umamiMiddleware`: called with `NextRequest`s as Next.js hands them to middleware (`middleware.ts`,
 * `proxy.ts`), sending for real to a fault server. Which requests are page views and what each carries; the
 * real Next.js server (routing, the Edge runtime, the headers Next strips) is in next-app.e2e.test.ts.
 */
import {NextRequest} from 'next/server.js';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {umamiMiddleware} from '../../src/integrations/next.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {trackedAnalytics} from '../helpers/tracked-apps.js';
import {useFaultServer} from '../helpers/use-fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const browser = {'user-agent': BROWSER_UA, 'accept-language': 'de-DE,de;q=0.9', host: 'shop.example.com'};

let umami: FaultServer;
let analytics: UmamiAnalytics;
useFaultServer((started) => (umami = started));
afterEach(() => analytics.shutdown(1000));

function newAnalytics(options: AnalyticsOptions = {}): UmamiAnalytics {
	umami.reset();
	return (analytics = trackedAnalytics(umami, options));
}

/** A request as `next start` hands it to middleware: bound to 127.0.0.1, the visited host in `Host`. */
function request(path: string, init: {method?: string; headers?: Record<string, string>} = {}): NextRequest {
	return new NextRequest(`http://127.0.0.1:3000${path}`, {
		method: init.method ?? 'GET',
		headers: {...browser, ...init.headers},
	});
}

async function stored(): Promise<Record<string, unknown>[]> {
	await analytics.flush();
	return umami.stored.map((event) => event.event.payload!);
}

describe('umamiMiddleware', () => {
	it("records a page view with the visitor's host (not the bound address), referrer, language and UA", async () => {
		newAnalytics();
		const track = umamiMiddleware({analytics});
		track(
			request('/users/alice@example.com?utm_source=mail&session=s3cr3t', {
				headers: {referer: 'https://news.example.org/item?id=77&utm_medium=x'},
			}),
		);
		const [event, ...rest] = await stored();
		expect(rest).toEqual([]);
		expect(event).toMatchObject({
			url: '/users/[REDACTED_EMAIL]?utm_source=mail',
			hostname: 'shop.example.com',
			referrer: 'https://news.example.org/item?utm_medium=x',
			language: 'de-DE',
			userAgent: BROWSER_UA,
		});
		expect(event!['name']).toBeUndefined();
		expect(event!['data']).toBeUndefined();
		expect(JSON.stringify(event)).not.toMatch(/alice|s3cr3t|127\.0\.0\.1/);
		expect(analytics.stats()).toMatchObject({tracked: 1, skippedRequests: 0});
	});

	it('prefers X-Forwarded-Host (a proxy in front of next start) to Host', async () => {
		newAnalytics();
		umamiMiddleware({analytics})(request('/', {headers: {'x-forwarded-host': 'www.example.com'}}));
		expect(await stored()).toMatchObject([{url: '/', hostname: 'www.example.com'}]);
	});

	it('skips prefetches, server actions, HEAD, Next files and static files, counting each', async () => {
		newAnalytics();
		const track = umamiMiddleware({analytics});
		const skipped = [
			request('/users/1', {headers: {rsc: '1', 'next-router-prefetch': '1'}}),
			request('/users/2', {headers: {rsc: '1', 'next-router-segment-prefetch': '/_tree'}}),
			request('/legacy/3', {headers: {purpose: 'prefetch', 'x-nextjs-data': '1'}}),
			request('/legacy/4', {headers: {'x-middleware-prefetch': '1'}}),
			request('/users/5', {headers: {'sec-purpose': 'prefetch;prerender'}}),
			request('/actions', {method: 'POST', headers: {'next-action': '7f3a9c'}}),
			request('/users/6', {method: 'HEAD'}),
			request('/users/7', {method: 'OPTIONS'}),
			request('/_next/static/chunks/main-3f2a.js'),
			request('/_next/image?url=%2Fhero.png&w=640&q=75'),
			request('/_next/webpack-hmr?id=1'),
			request('/__nextjs_original-stack-frames'),
			request('/next.svg'),
			request('/fonts/inter.woff2'),
			request('/robots.txt'),
			request('/sitemap.xml'),
			request('/favicon.ico'),
			request('/_next/data/build-1/users/8.txt'),
		];
		for (const each of skipped) track(each);
		expect(await stored()).toEqual([]);
		expect(analytics.stats()).toMatchObject({tracked: 0, skippedRequests: skipped.length});
	});

	it('records client-side navigations: an RSC request without _rsc, a Pages Router data request as its page', async () => {
		newAnalytics();
		const track = umamiMiddleware({analytics});
		track(request('/users/778?_rsc=abc12&utm_source=nav', {headers: {rsc: '1'}}));
		track(request('/_next/data/b9Xq2/legacy/post-1.json?slug=post-1&utm_campaign=c'));
		track(request('/_next/data/b9Xq2/index.json'));
		track(request('/legacy/post-2', {headers: {'x-nextjs-data': '1'}}));
		expect((await stored()).map((event) => event['url'])).toEqual([
			'/users/778?utm_source=nav',
			'/legacy/post-1?utm_campaign=c',
			'/',
			'/legacy/post-2',
		]);
	});

	it('drops _rsc even when the allowlist keeps every query key', async () => {
		newAnalytics();
		umamiMiddleware({analytics, queryAllowlist: ['*']})(
			request('/p?_rsc=1x&page=2&_rsc', {headers: {rsc: '1'}}),
		);
		expect(await stored()).toMatchObject([{url: '/p?page=2'}]);
	});

	it('hands a flush to event.waitUntil for each page view, and none for a skipped request', async () => {
		newAnalytics();
		const pending: Promise<unknown>[] = [];
		const event = {waitUntil: vi.fn((promise: Promise<unknown>) => void pending.push(promise))};
		const track = umamiMiddleware({analytics});
		track(request('/users/1', {headers: {'next-router-prefetch': '1'}}), event);
		expect(event.waitUntil).not.toHaveBeenCalled();
		track(request('/users/1'), event);
		expect(event.waitUntil).toHaveBeenCalledOnce();
		expect(umami.stored).toHaveLength(0);
		await Promise.all(pending);
		expect(umami.stored).toHaveLength(1);
	});

	it('keeps batching with flushOnWaitUntil: false', () => {
		newAnalytics();
		const event = {waitUntil: vi.fn()};
		umamiMiddleware({analytics, flushOnWaitUntil: false})(request('/'), event);
		expect(event.waitUntil).not.toHaveBeenCalled();
		expect(analytics.stats().tracked).toBe(1);
	});

	it('sends the client IP only as the identity policy allows', async () => {
		newAnalytics({identity: {ip: 'forward'}});
		const clientIp = vi.fn(() => '198.51.100.7');
		umamiMiddleware({analytics, clientIp})(request('/a'));
		umamiMiddleware({analytics})(request('/b', {headers: {'x-forwarded-for': '203.0.113.5, 10.0.0.1'}}));
		expect((await stored()).map((event) => event['ip'])).toEqual(['198.51.100.7', '203.0.113.5']);
		newAnalytics();
		umamiMiddleware({analytics, clientIp})(request('/c'));
		expect(clientIp).toHaveBeenCalledOnce();
		expect((await stored())[0]!['ip']).toBeUndefined();
	});

	it('never throws into the middleware: a throwing clientIp or waitUntil leaves the request untracked', () => {
		newAnalytics({identity: {ip: 'forward'}});
		const track = umamiMiddleware({
			analytics,
			clientIp: () => {
				throw new Error('boom');
			},
		});
		expect(() =>
			track(request('/'), {
				waitUntil: () => {
					throw new Error('no');
				},
			}),
		).not.toThrow();
	});
});
