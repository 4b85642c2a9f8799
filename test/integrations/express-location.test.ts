/**
 * `identity.location: 'cdn'` through a real Express app: the CDN's location headers on the end user's request
 * become the location headers of the outbound Umami request — and nothing else about the user does.
 */
import {createRequire} from 'node:module';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import express5 from 'express';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {LocationMode} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {initExpress} from '../../src/integrations/express.js';
import {startFaultServer, type FaultServer, type RecordedRequest} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '00000000-0000-4000-8000-000000000001';
type ExpressFactory = () => {
	use(...args: unknown[]): unknown;
	get(...args: unknown[]): unknown;
	listen(port: number, host: string, callback: () => void): Server;
};
const express4 = createRequire(import.meta.url)('express4') as unknown;
const versions: [string, ExpressFactory][] = [
	['express 5', express5 as unknown as ExpressFactory],
	['express 4', express4 as unknown as ExpressFactory],
];

let counter = 0;

interface App {
	readonly umami: FaultServer;
	readonly analytics: UmamiAnalytics;
	readonly get: (path: string, headers: Record<string, string>) => Promise<void>;
	readonly close: () => Promise<void>;
}

async function startApp(express: ExpressFactory, location: LocationMode): Promise<App> {
	const umami = await startFaultServer();
	const analytics = new UmamiAnalytics(
		resolveConfig(`express-location-${++counter}`, {
			websiteId: WEBSITE,
			apiUrl: umami.url,
			configFile: false,
			flushIntervalMs: 60_000,
			env: {},
			identity: {location},
		}),
	);
	const app = express();
	initExpress(app, analytics);
	app.get('/page/:n', (_req: unknown, res: {send(body: string): void}) => res.send('ok'));
	const server = await new Promise<Server>((resolve) => {
		const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		umami,
		analytics,
		async get(path, headers) {
			const response = await fetch(base + path, {headers: {'user-agent': BROWSER_UA, ...headers}});
			await response.text();
		},
		async close() {
			await analytics.shutdown();
			await new Promise((resolve) => server.close(resolve));
			await umami.close();
		},
	};
}

/** Waits until `count` events are stored (the middleware records after the response has finished). */
async function stored(app: App, count: number): Promise<void> {
	await vi.waitFor(
		async () => {
			await app.analytics.flush();
			expect(app.umami.stored.length).toBeGreaterThanOrEqual(count);
		},
		{timeout: 3000, interval: 20},
	);
}

/** The outbound request that carried the page view of `url`. */
function requestFor(app: App, url: string): RecordedRequest {
	const request = app.umami.requests.find((candidate) => candidate.body.includes(`"url":"${url}"`));
	expect(request).toBeDefined();
	return request!;
}

/** A header as Umami ≥ 2.15 reads it: raw bytes, decoded as UTF-8. */
const utf8 = (value: string | string[] | undefined): string | undefined =>
	typeof value === 'string' ? Buffer.from(value, 'latin1').toString('utf8') : undefined;

/** `München` as Cloudflare sends it: raw UTF-8 bytes (here one Latin-1 character per byte, as `fetch` wants). */
const MUENCHEN_BYTES = Buffer.from('München', 'utf8').toString('latin1');

describe.each(versions)('%s', (_label, express) => {
	let app: App;
	beforeAll(async () => {
		app = await startApp(express, 'cdn');
	});
	afterAll(() => app.close());

	it('cf-ipcountry: DE on the inbound request is cf-ipcountry: DE on the outbound one, without any IP', async () => {
		await app.get('/page/1', {
			'cf-ipcountry': 'DE',
			'cf-region-code': 'BY',
			'cf-ipcity': MUENCHEN_BYTES,
			'cf-connecting-ip': '203.0.113.7',
			'x-forwarded-for': '203.0.113.7',
		});
		await app.get('/page/2', {'x-vercel-ip-country': 'fr', 'x-vercel-ip-city': 'Saint-%C3%89tienne'});
		await app.get('/page/3', {'cloudfront-viewer-country': 'US', 'cloudfront-viewer-country-region': 'WA'});
		await app.get('/page/4', {});
		await stored(app, 4);

		const de = requestFor(app, '/page/:n');
		expect(de.path).toBe('/api/batch');
		const byCountry = new Map(
			app.umami.requests.map((request) => [request.headers['cf-ipcountry'], request]),
		);
		expect(byCountry.get('DE')?.headers['cf-region-code']).toBe('BY');
		expect(utf8(byCountry.get('DE')?.headers['cf-ipcity'])).toBe('München');
		expect(utf8(byCountry.get('FR')?.headers['cf-ipcity'])).toBe('Saint-Étienne');
		expect(byCountry.get('FR')?.headers['cf-region-code']).toBeUndefined();
		expect(byCountry.get('US')?.headers['cf-region-code']).toBe('WA');
		// Four users, four locations (one of them none): four requests, one per location.
		expect([...byCountry.keys()].sort()).toEqual(['DE', 'FR', 'US', undefined]);
		for (const request of app.umami.requests) {
			expect(request.headers['x-forwarded-for']).toBeUndefined();
			expect(request.headers['cf-connecting-ip']).toBeUndefined();
			expect(request.body).not.toContain('203.0.113.7');
			expect(request.body).not.toContain('"location"');
			expect(request.body).not.toContain('"ip"');
		}
	});

	it('spoofed or malformed values are dropped and counted, never thrown', async () => {
		app.umami.reset();
		const before = app.analytics.stats().adjusted;
		await app.get('/page/5', {'cf-ipcountry': 'DEU', 'cf-ipcity': 'Berlin'});
		await app.get('/page/6', {'cf-ipcountry': 'XX'});
		await app.get('/page/7', {
			'cf-ipcountry': 'AT',
			'cf-region-code': 'DE-BY',
			'cf-ipcity': 'x'.repeat(51),
		});
		await app.get('/page/8', {'cf-ipcountry': 'CH', 'cf-ipcity': 'call +41 44 668 18 00'});
		await stored(app, 4);
		const countries = app.umami.requests.map((request) => request.headers['cf-ipcountry']).sort();
		expect(countries).toEqual(['AT', 'CH', undefined]);
		for (const request of app.umami.requests) {
			expect(request.headers['cf-ipcity']).toBeUndefined();
			expect(request.headers['cf-region-code']).toBeUndefined();
		}
		// DEU (country), DE-BY under AT (region), 51 characters (city), a phone number (city); XX is "unknown".
		expect(app.analytics.stats().adjusted - before).toBeGreaterThanOrEqual(4);
	});
});

describe('identity.location: none (the default)', () => {
	it('forwards no location header, whatever the request carries', async () => {
		const app = await startApp(express5 as unknown as ExpressFactory, 'none');
		try {
			await app.get('/page/1', {'cf-ipcountry': 'DE', 'cf-region-code': 'BY', 'cf-ipcity': 'Berlin'});
			await stored(app, 1);
			for (const request of app.umami.requests) {
				expect(request.headers['cf-ipcountry']).toBeUndefined();
				expect(request.headers['cf-ipcity']).toBeUndefined();
			}
		} finally {
			await app.close();
		}
	});
});
