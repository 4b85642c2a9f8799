/**
 * `identity.location: 'cdn'` end to end against the REAL Umami 2.10 (scripts/umami/start.sh): the CDN's
 * location headers of the end user's request reach Umami's `session` table, and no IP is sent.
 *
 * Umami ignores location headers from a private or loopback peer (`is-localhost-ip` in its `getLocation`),
 * and a test can only reach it over loopback. So, as in a deployment where the app reaches a self-hosted
 * Umami over the internet through nginx, a small reverse proxy in front of Umami adds the *app server's*
 * public address (`X-Forwarded-For: 198.51.100.23`, a documentation address) — after recording what the
 * client sent, which the test checks holds no IP of the end user.
 */
import {createServer, request as httpRequest, type IncomingHttpHeaders, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import express from 'express';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {initExpress} from '../../src/integrations/express.js';
import {BROWSER_UA, runTag, startUmami, type UmamiE2E} from '../helpers/umami.js';

const SERVER_ADDRESS = '198.51.100.23';
const END_USER_IP = '203.0.113.7';

interface Seen {
	readonly path: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: string;
}

let umami: UmamiE2E;
let proxy: Server;
let proxyUrl: string;
const seen: Seen[] = [];

/** The reverse proxy in front of Umami: records, adds the app server's address, forwards, answers. */
function startProxy(target: URL): Promise<Server> {
	const server = createServer((inbound, outbound) => {
		const chunks: Buffer[] = [];
		inbound.on('data', (chunk: Buffer) => chunks.push(chunk));
		inbound.on('end', () => {
			const body = Buffer.concat(chunks);
			seen.push({path: inbound.url ?? '', headers: {...inbound.headers}, body: body.toString('utf8')});
			const upstream = httpRequest(
				{
					host: target.hostname,
					port: target.port,
					method: inbound.method,
					path: inbound.url,
					headers: {...inbound.headers, host: target.host, 'x-forwarded-for': SERVER_ADDRESS},
				},
				(response) => {
					outbound.writeHead(response.statusCode ?? 502, response.headers);
					response.pipe(outbound);
				},
			);
			upstream.on('error', () => {
				outbound.writeHead(502);
				outbound.end();
			});
			upstream.end(body);
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

beforeAll(async () => {
	umami = await startUmami();
	proxy = await startProxy(new URL(umami.url));
	proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 600_000);
afterAll(async () => {
	await new Promise((resolve) => proxy.close(resolve));
	await umami.close();
});

function create(options: AnalyticsOptions): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: umami.websiteId,
		apiUrl: proxyUrl,
		flushIntervalMs: 60_000,
		...options,
	};
	return new UmamiAnalytics(resolveConfig(`e2e-location-${runTag()}`, all), all);
}

interface SessionRow extends Record<string, unknown> {
	url_path: string;
	country: string | null;
	subdivision1: string | null;
	city: string | null;
}

/** The session of every event stored under `/e2e/<tag>`, one row per event. */
function sessions(tag: string): Promise<SessionRow[]> {
	return umami.query<SessionRow>(
		`select e.url_path, s.country, s.subdivision1, s.city from website_event e
		 join session s on s.session_id = e.session_id
		 where e.website_id = $1 and e.url_path like $2 order by e.url_path`,
		[umami.websiteId, `/e2e/${tag}%`],
	);
}

/** Serves one Express request with `headers` through the umami-guard middleware. */
async function throughExpress(analytics: UmamiAnalytics, path: string, headers: Record<string, string>) {
	const app = express();
	initExpress(app, analytics);
	// A literal route: the middleware sends the route template, which is then this very path.
	app.get(path, (_req, res) => {
		res.send('ok');
	});
	const server = await new Promise<Server>((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	try {
		const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, {
			headers,
		});
		await response.text();
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
}

describe('real Umami 2.10: CDN location without an IP', () => {
	it('cf-ipcountry DE on the end user request → session country DE, region DE-BY, city München', async () => {
		const tag = runTag();
		seen.length = 0;
		const analytics = create({identity: {location: 'cdn'}});
		// Cloudflare sends the city as raw UTF-8 bytes: one Latin-1 character per byte for fetch.
		await throughExpress(analytics, `/e2e/${tag}/cdn`, {
			'user-agent': `${BROWSER_UA} ${tag}a`,
			'cf-ipcountry': 'DE',
			'cf-region-code': 'BY',
			'cf-ipcity': Buffer.from('München', 'utf8').toString('latin1'),
			'cf-connecting-ip': END_USER_IP,
			'x-forwarded-for': END_USER_IP,
		});
		// A location passed explicitly, from another visitor, in the same flush.
		analytics.trackPageView(`/e2e/${tag}/explicit`, {
			userAgent: `${BROWSER_UA} ${tag}b`,
			location: {country: 'FR', region: 'IDF', city: 'Paris'},
		});
		const result = await analytics.flush();
		expect(result).toMatchObject({sent: 2, dropped: 0});
		expect(analytics.stats().endpoint).toBe('send');

		expect(await sessions(tag)).toEqual([
			{url_path: `/e2e/${tag}/cdn`, country: 'DE', subdivision1: 'DE-BY', city: 'München'},
			{url_path: `/e2e/${tag}/explicit`, country: 'FR', subdivision1: 'FR-IDF', city: 'Paris'},
		]);

		// What left the process: location headers, and no IP of the end user anywhere.
		const sends = seen.filter((request) => request.path === '/api/send');
		expect(sends).toHaveLength(2);
		for (const request of seen) {
			expect(request.headers['x-forwarded-for']).toBeUndefined();
			expect(request.headers['cf-connecting-ip']).toBeUndefined();
			expect(request.body).not.toContain(END_USER_IP);
			expect(request.body).not.toContain('"ip"');
		}
		expect(sends.map((request) => request.headers['cf-ipcountry']).sort()).toEqual(['DE', 'FR']);
		await analytics.shutdown();
	});

	it('documented limitation: from a private or loopback address Umami ignores the headers', async () => {
		const tag = runTag();
		const analytics = create({identity: {location: 'cdn'}, apiUrl: umami.url});
		analytics.trackPageView(`/e2e/${tag}/direct`, {
			userAgent: `${BROWSER_UA} ${tag}c`,
			location: {country: 'DE', region: 'BY'},
		});
		expect(await analytics.flush()).toMatchObject({sent: 1});
		expect(await sessions(tag)).toEqual([
			{url_path: `/e2e/${tag}/direct`, country: null, subdivision1: null, city: null},
		]);
		await analytics.shutdown();
	});
});
