/**
 * `identity.location: 'cdn'` through a real app of every other framework, over real HTTP: the CDN's location
 * headers on the end user's request (Cloudflare, Vercel, CloudFront; on Workers also `request.cf`) become the
 * `cf-*` headers of the outbound Umami request — never an IP, never part of the body. Express has its own
 * file (`express-location.test.ts`, Express 4 and 5).
 */
import 'reflect-metadata';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {serve} from '@hono/node-server';
import Router from '@koa/router';
import {Controller, Get, Module} from '@nestjs/common';
import {NestFactory} from '@nestjs/core';
import Fastify from 'fastify';
import {Hono} from 'hono';
import Koa from 'koa';
import {NextRequest} from 'next/server.js';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {LocationMode} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {umamiFastify} from '../../src/integrations/fastify.js';
import {withUmami} from '../../src/integrations/fetch.js';
import {umamiHono} from '../../src/integrations/hono.js';
import {umamiKoa} from '../../src/integrations/koa.js';
import {UmamiInterceptor} from '../../src/integrations/nestjs.js';
import {withUmamiRoute} from '../../src/integrations/next.js';
import {startFaultServer, type FaultServer, type RecordedRequest} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '00000000-0000-4000-8000-000000000001';

/** A listening app. */
interface Listening {
	readonly base: string;
	readonly close: () => Promise<unknown>;
}

/** One framework: how to serve `GET /page/:n` tracked by `analytics`, and whether it reads `request.cf`. */
interface Framework {
	readonly listen: (analytics: UmamiAnalytics) => Promise<Listening>;
	readonly workers: boolean;
}

function listening(server: Server): Listening {
	return {
		base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/**
 * Workers' runtime puts the visitor's location on `request.cf`. Over Node's HTTP the test sends that object
 * as JSON in this header, and the web server below attaches it to the `Request` before the app sees it.
 */
const CF_OBJECT = 'x-test-request-cf';

const same = (request: Request): Request => request;

/** `http://host/page/7` → `7`, as Next.js passes it in `params`. */
const pageOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

/**
 * Serves a web-standard handler with `@hono/node-server`, attaching `request.cf` as Workers would to the
 * request the handler gets (`adapt` turns the server's request into another one first, e.g. a `NextRequest`).
 */
function serveWeb<R extends Request>(
	handler: (request: R) => Response | Promise<Response>,
	adapt: (request: Request) => R,
): Promise<Listening> {
	const fetchWithCf = (incoming: Request): Response | Promise<Response> => {
		const request = adapt(incoming);
		const cf = request.headers.get(CF_OBJECT);
		if (cf !== null) Object.defineProperty(request, 'cf', {value: JSON.parse(cf) as unknown});
		return handler(request);
	};
	return new Promise((resolve) => {
		const server = serve({fetch: fetchWithCf, port: 0, hostname: '127.0.0.1'}, () =>
			resolve(listening(server as Server)),
		);
	});
}

/** A Nest controller for `GET /page/:n`, decorated as `tsc` emits legacy decorators. */
class PageController {
	page(): string {
		return 'ok';
	}
}
const pageDescriptor = Object.getOwnPropertyDescriptor(PageController.prototype, 'page')!;
Object.defineProperty(
	PageController.prototype,
	'page',
	Reflect.decorate([Get('page/:n')], PageController.prototype, 'page', pageDescriptor) ?? pageDescriptor,
);
Reflect.decorate([Controller()], PageController);
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is an empty class
class PageModule {}
Module({controllers: [PageController]})(PageModule);

const frameworks: Record<string, Framework> = {
	'fastify 5': {
		workers: false,
		async listen(analytics) {
			const app = Fastify();
			await app.register(umamiFastify, {analytics});
			app.get('/page/:n', async () => 'ok');
			return {base: await app.listen({port: 0, host: '127.0.0.1'}), close: () => app.close()};
		},
	},
	'koa 3': {
		workers: false,
		async listen(analytics) {
			const app = new Koa();
			app.silent = true;
			app.use(umamiKoa(analytics));
			const router = new Router();
			router.get('/page/:n', (ctx) => {
				ctx.body = 'ok';
			});
			app.use(router.routes());
			return listening(
				await new Promise<Server>((resolve) => {
					const server = app.listen(0, '127.0.0.1', () => resolve(server));
				}),
			);
		},
	},
	'nestjs 11 (interceptor)': {
		workers: false,
		async listen(analytics) {
			const app = await NestFactory.create(PageModule, {logger: false});
			app.useGlobalInterceptors(new UmamiInterceptor(analytics));
			await app.listen(0, '127.0.0.1');
			return {...listening(app.getHttpServer() as Server), close: () => app.close()};
		},
	},
	'hono on @hono/node-server': {
		workers: true,
		listen(analytics) {
			const app = new Hono();
			app.use(umamiHono(analytics));
			app.get('/page/:n', (c) => c.text('ok'));
			return serveWeb((request) => app.fetch(request), same);
		},
	},
	'fetch handler (withUmami)': {
		workers: true,
		listen: (analytics) =>
			serveWeb(
				withUmami((_request: Request) => new Response('ok'), {analytics}),
				same,
			),
	},
	'next route handler (withUmamiRoute)': {
		workers: true,
		listen(analytics) {
			const GET = withUmamiRoute(
				async (_request: NextRequest, {params}: {params: Promise<{n: string}>}) =>
					Response.json(await params),
				{analytics, route: '/page/[n]'},
			);
			// Next.js builds its own request from Node's (undici refuses to copy @hono/node-server's).
			return serveWeb(
				(request: NextRequest) => GET(request, {params: Promise.resolve({n: pageOf(request.url)})}),
				(request) => new NextRequest(request.url, {method: request.method, headers: request.headers}),
			);
		},
	},
};

let counter = 0;

/** An app tracked by an instance that sends to its own fault server. */
interface App {
	readonly umami: FaultServer;
	readonly analytics: UmamiAnalytics;
	/** Requests `/page/N` with the given headers; resolves once the response body has arrived. */
	readonly get: (headers: Record<string, string>) => Promise<void>;
	/** Waits until `count` events are stored (apps record after the response has finished). */
	readonly stored: (count: number) => Promise<void>;
	readonly close: () => Promise<void>;
}

async function startApp(framework: Framework, location: LocationMode): Promise<App> {
	const umami = await startFaultServer();
	const options = {websiteId: WEBSITE, apiUrl: umami.url, identity: {location}};
	// Sent only when the test flushes; no configuration file or environment variable takes part.
	const config = resolveConfig(`location-${++counter}`, {
		...options,
		flushIntervalMs: 60_000,
		configFile: false,
		env: {},
	});
	const analytics = new UmamiAnalytics(config);
	const app = await framework.listen(analytics);
	let page = 0;
	return {
		umami,
		analytics,
		async get(headers) {
			const response = await fetch(`${app.base}/page/${++page}`, {
				headers: {'user-agent': BROWSER_UA, ...headers},
			});
			expect(response.status).toBe(200);
			await response.text();
		},
		async stored(count) {
			await vi.waitFor(
				async () => {
					await analytics.flush();
					expect(umami.stored.length).toBeGreaterThanOrEqual(count);
				},
				{timeout: 5000, interval: 20},
			);
		},
		async close() {
			await analytics.shutdown();
			await app.close();
			await umami.close();
		},
	};
}

/** A header as Umami ≥ 2.15 reads it: raw bytes, decoded as UTF-8. */
const utf8 = (value: string | string[] | undefined): string | undefined =>
	typeof value === 'string' ? Buffer.from(value, 'latin1').toString('utf8') : undefined;

/** `München` as Cloudflare sends it: raw UTF-8 bytes (one Latin-1 character per byte, as `fetch` wants). */
const MUENCHEN_BYTES = Buffer.from('München', 'utf8').toString('latin1');

/** The outbound requests by the country they carry (`undefined`: none). */
const byCountry = (requests: readonly RecordedRequest[]): Map<string | undefined, RecordedRequest> =>
	new Map(requests.map((request) => [request.headers['cf-ipcountry'] as string | undefined, request]));

/** The location headers of one outbound request, the city decoded as Umami decodes it. */
const locationOf = (request: RecordedRequest | undefined) => ({
	country: request?.headers['cf-ipcountry'],
	region: request?.headers['cf-region-code'],
	city: utf8(request?.headers['cf-ipcity']),
});

/** Neither an IP nor any location (nor the raw values sent in) is in the JSON body. */
function expectBareBody(request: RecordedRequest, raw: readonly string[] = []): void {
	expect(request.headers['x-forwarded-for']).toBeUndefined();
	expect(request.headers['cf-connecting-ip']).toBeUndefined();
	for (const text of ['203.0.113.7', '"ip"', '"location"', '"country"', '"region"', '"city"', ...raw]) {
		expect(request.body).not.toContain(text);
	}
}

describe.each(Object.entries(frameworks))('%s', (_label, framework) => {
	describe('identity.location: cdn', () => {
		let app: App;
		beforeAll(async () => {
			app = await startApp(framework, 'cdn');
		});
		afterAll(() => app.close());

		it('Cloudflare, Vercel and CloudFront headers go out as cf-* headers, one request per location', async () => {
			app.umami.reset();
			await app.get({
				'cf-ipcountry': 'DE',
				'cf-region-code': 'BY',
				'cf-ipcity': MUENCHEN_BYTES,
				'cf-connecting-ip': '203.0.113.7',
				'x-forwarded-for': '203.0.113.7',
			});
			await app.get({'x-vercel-ip-country': 'fr', 'x-vercel-ip-city': 'Saint-%C3%89tienne'});
			await app.get({'cloudfront-viewer-country': 'US', 'cloudfront-viewer-country-region': 'WA'});
			await app.get({'x-forwarded-for': '203.0.113.7'});
			await app.stored(4);

			const requests = byCountry(app.umami.requests);
			expect([...requests.keys()].sort()).toEqual(['DE', 'FR', 'US', undefined]);
			expect(locationOf(requests.get('DE'))).toEqual({country: 'DE', region: 'BY', city: 'München'});
			expect(locationOf(requests.get('FR'))).toEqual({
				country: 'FR',
				region: undefined,
				city: 'Saint-Étienne',
			});
			expect(locationOf(requests.get('US'))).toEqual({country: 'US', region: 'WA', city: undefined});
			expect(locationOf(requests.get(undefined))).toEqual({
				country: undefined,
				region: undefined,
				city: undefined,
			});
			for (const request of app.umami.requests) {
				expectBareBody(request, ['München', 'M\\u00fcnchen', 'tienne', '"BY"', '"WA"']);
			}
		});

		it('malformed or spoofed values are not forwarded, and are counted', async () => {
			app.umami.reset();
			const before = app.analytics.stats().adjusted;
			const raw = {
				spacedCountry: {'cf-ipcountry': 'D E', 'cf-region-code': 'BY', 'cf-ipcity': 'Berlin'},
				controlInCity: {'cf-ipcountry': 'AT', 'cf-ipcity': 'Wi\ten'},
				emailAsCity: {'cf-ipcountry': 'CH', 'cf-ipcity': 'mary.major@example.com'},
				injectedCity: {'x-vercel-ip-country': 'IT', 'x-vercel-ip-city': 'Roma%0D%0Aset-cookie:%20x=1'},
				foreignRegion: {'cloudfront-viewer-country': 'NL', 'cloudfront-viewer-country-region': 'DE-BY'},
				longCity: {'cloudfront-viewer-country': 'ES', 'cloudfront-viewer-city': 'x'.repeat(51)},
				// Cloudflare's "unknown": no location, and nothing wrong with the request.
				unknownCountry: {'cf-ipcountry': 'XX', 'cf-ipcity': 'Zürich'},
			};
			for (const headers of Object.values(raw)) await app.get(headers);
			await app.stored(7);

			const requests = byCountry(app.umami.requests);
			expect([...requests.keys()].sort()).toEqual(['AT', 'CH', 'ES', 'IT', 'NL', undefined]);
			for (const request of app.umami.requests) {
				expect(request.headers['cf-ipcity']).toBeUndefined();
				expect(request.headers['cf-region-code']).toBeUndefined();
				expect(request.headers['set-cookie']).toBeUndefined();
				expectBareBody(request, [
					'Berlin',
					'Wi\\ten',
					'mary.major',
					'example.com',
					'Roma',
					'set-cookie',
					'xxxxx',
					'rich',
				]);
			}
			expect(app.analytics.stats().adjusted - before).toBeGreaterThanOrEqual(6);
		});

		it.runIf(framework.workers)('request.cf stands in for missing Cloudflare headers (Workers)', async () => {
			app.umami.reset();
			await app.get({[CF_OBJECT]: JSON.stringify({country: 'JP', regionCode: '13', city: 'Tokyo'})});
			await app.get({
				'cf-ipcountry': 'DE',
				'cf-region-code': 'BY',
				'cf-ipcity': MUENCHEN_BYTES,
				[CF_OBJECT]: JSON.stringify({country: 'JP', regionCode: '13', city: 'Tokyo'}),
			});
			await app.get({[CF_OBJECT]: JSON.stringify({country: 'D E', city: 'mary.major@example.com'})});
			await app.stored(3);

			const requests = byCountry(app.umami.requests);
			expect([...requests.keys()].sort()).toEqual(['DE', 'JP', undefined]);
			expect(locationOf(requests.get('JP'))).toEqual({country: 'JP', region: '13', city: 'Tokyo'});
			// Where the zone adds the headers too, they are read first.
			expect(locationOf(requests.get('DE'))).toEqual({country: 'DE', region: 'BY', city: 'München'});
			for (const request of app.umami.requests) expectBareBody(request, ['Tokyo', 'München', 'mary.major']);
		});
	});

	it('identity.location: none (the default) forwards no location header, whatever the request carries', async () => {
		const app = await startApp(framework, 'none');
		try {
			await app.get({'cf-ipcountry': 'DE', 'cf-region-code': 'BY', 'cf-ipcity': 'Berlin'});
			await app.get({'x-vercel-ip-country': 'FR', 'x-vercel-ip-city': 'Paris'});
			await app.get({
				'cloudfront-viewer-country': 'US',
				[CF_OBJECT]: JSON.stringify({country: 'JP', regionCode: '13', city: 'Tokyo'}),
			});
			await app.stored(3);
			expect(app.umami.requests.length).toBeGreaterThan(0);
			for (const request of app.umami.requests) {
				expect(locationOf(request)).toEqual({country: undefined, region: undefined, city: undefined});
				expectBareBody(request, ['Berlin', 'Paris', 'Tokyo']);
			}
		} finally {
			await app.close();
		}
	});
});
