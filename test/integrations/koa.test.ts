import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {Readable} from 'node:stream';
import Router from '@koa/router';
import Koa from 'koa';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {umamiKoa} from '../../src/integrations/koa.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '00000000-0000-4000-8000-000000000001';
type Payload = Record<string, unknown> & {url?: string; name?: string; data?: Record<string, unknown>};

function ticking(count: number, intervalMs: number): Readable {
	let sent = 0;
	return new Readable({
		read() {
			setTimeout(() => this.push(sent++ < count ? `chunk ${sent}\n` : null), intervalMs);
		},
	});
}

describe('koa 3', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let server: Server;
	let base: string;
	const seenErrors: unknown[] = [];

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = new UmamiAnalytics(
			resolveConfig('koa-test', {
				websiteId: WEBSITE,
				apiUrl: umami.url,
				configFile: false,
				flushIntervalMs: 20,
				env: {},
			}),
		);
		const app = new Koa();
		app.silent = true; // Koa logs the client's premature close of the aborted stream.
		// The app's own error handling, outside the tracker: it must see the very error thrown.
		app.use(async (ctx, next) => {
			try {
				await next();
			} catch (error) {
				seenErrors.push(error);
				ctx.status = 500;
				ctx.body = {handled: true};
			}
		});
		app.use(umamiKoa(analytics));
		const router = new Router({prefix: '/users'});
		router.get('/:id', (ctx) => {
			ctx.body = {id: ctx.params['id']};
		});
		const root = new Router();
		root.get('/boom', () => {
			throw new Error('boom');
		});
		root.get('/stream', (ctx) => {
			ctx.type = 'text/plain';
			ctx.body = ticking(5, 50);
		});
		root.get('/slow-stream', (ctx) => {
			ctx.type = 'text/plain';
			ctx.body = ticking(1000, 50);
		});
		root.get('/health', (ctx) => {
			ctx.body = 'ok';
		});
		app.use(router.routes()).use(root.routes());
		server = await new Promise<Server>((resolve) => {
			const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await analytics.shutdown();
		await new Promise((resolve) => server.close(resolve));
		await umami.close();
	});

	const get = (path: string, init: RequestInit = {}): Promise<Response> =>
		fetch(base + path, {...init, headers: {'user-agent': BROWSER_UA, ...init.headers}});

	async function eventFor(prefix: string): Promise<Payload> {
		let found: Payload | undefined;
		await vi.waitFor(
			async () => {
				await analytics.flush();
				found = umami.stored
					.map((stored) => stored.event.payload as Payload)
					.find((payload) => payload.name === prefix || payload.url?.startsWith(prefix));
				expect(found).toBeDefined();
			},
			{timeout: 3000, interval: 30},
		);
		return found!;
	}

	it('records the router template (prefix included), never the raw id; query allowlisted', async () => {
		expect(await (await get('/users/55555?utm_source=news&token=secret')).json()).toEqual({id: '55555'});
		const event = await eventFor('/users/:id');
		expect(event.url).toBe('/users/:id?utm_source=news');
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/users/:id'});
		const bodies = JSON.stringify(umami.requests.map((request) => request.body));
		expect(bodies).not.toContain('55555');
		expect(bodies).not.toContain('secret');
	});

	it('records a thrown error (error flag) and re-throws it untouched to the app', async () => {
		const response = await get('/boom');
		expect(response.status).toBe(500);
		expect(await response.json()).toEqual({handled: true});
		expect((seenErrors[0] as Error).message).toBe('boom');
		const event = await eventFor('/boom');
		expect(event.data).toMatchObject({status: 500, error: true, route: '/boom'});
	});

	it('records 404s under the sanitized path', async () => {
		expect((await get('/nowhere/john@example.com')).status).toBe(404);
		const event = await eventFor('/nowhere/');
		expect(event.url).toBe('/nowhere/[REDACTED_EMAIL]');
		expect(event.data).toMatchObject({status: 404});
		expect(event.data?.['route']).toBeUndefined();
	});

	it('measures a streamed response to its end', async () => {
		expect(await (await get('/stream')).text()).toContain('chunk 5');
		const event = await eventFor('/stream');
		expect(event.data?.['duration_ms']).toBeGreaterThanOrEqual(150);
		expect(event.data?.['aborted']).toBeUndefined();
	});

	it('records a request the client aborts mid-stream as aborted', async () => {
		const controller = new AbortController();
		const response = await get('/slow-stream', {signal: controller.signal});
		const reader = response.body!.getReader();
		await reader.read();
		controller.abort();
		await reader.read().catch(() => undefined);
		const event = await eventFor('/slow-stream');
		expect(event.data).toMatchObject({aborted: true, status: 200, route: '/slow-stream'});
	});

	it('ignores health checks and HEAD requests', async () => {
		await get('/health');
		await get('/users/1', {method: 'HEAD'});
		await analytics.flush();
		const payloads = umami.stored.map((stored) => stored.event.payload as Payload);
		expect(payloads.map((payload) => payload.url)).not.toContain('/health');
		expect(payloads.filter((payload) => payload.data?.['method'] === 'HEAD')).toHaveLength(0);
	});

	it('is one factory, umamiKoa(analytics, options), without patching the instance', () => {
		expect(typeof umamiKoa(analytics)).toBe('function');
		new Koa().use(umamiKoa(analytics, {mode: 'event'}));
		expect('koa' in analytics).toBe(false);
	});
});
