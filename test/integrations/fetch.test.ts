/**
 * `withUmami` around plain fetch handlers, served over real HTTP on 127.0.0.1 by @hono/node-server's
 * `serve({fetch})` (which accepts any web-standard handler), and called directly the way Workers,
 * Bun and Deno call them.
 */
import {serve, type ServerType} from '@hono/node-server';
import type {AddressInfo} from 'node:net';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {skipTracking, withUmami, type WithUmamiOptions} from '../../src/integrations/fetch.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '0b6a5d3e-8a1f-4c57-9e2d-3f4a5b6c7d8e';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const encoder = new TextEncoder();

let umami: FaultServer;
let analytics: UmamiAnalytics;
let counter = 0;

beforeAll(async () => {
	umami = await startFaultServer();
});
afterAll(async () => {
	await umami.close();
});

function newAnalytics(extra: Record<string, unknown> = {}): UmamiAnalytics {
	analytics = new UmamiAnalytics(
		resolveConfig(`fetch-test-${++counter}`, {
			websiteId: WEBSITE,
			apiUrl: umami.url,
			configFile: false,
			env: {},
			flushIntervalMs: 60_000,
			...extra,
		}),
	);
	umami.reset();
	return analytics;
}

async function stored(): Promise<Record<string, unknown>[]> {
	await analytics.flush();
	return umami.stored.map((entry) => entry.event.payload ?? {});
}

async function waitTracked(count: number): Promise<void> {
	for (let waited = 0; analytics.stats().tracked < count && waited < 3000; waited += 10) await sleep(10);
}

/** A small router written as one fetch handler, the way Bun/Deno/Workers apps often are. */
async function app(request: Request): Promise<Response> {
	const {pathname} = new URL(request.url);
	if (pathname === '/boom') throw new TypeError('handler failed');
	if (pathname === '/health') return new Response('ok');
	if (pathname === '/secret') {
		skipTracking(request);
		return new Response('not tracked');
	}
	if (pathname === '/slow') {
		let index = 0;
		return new Response(
			new ReadableStream<Uint8Array>({
				async pull(controller) {
					if (index === 3) return controller.close();
					await sleep(100);
					controller.enqueue(encoder.encode(`chunk ${index++}\n`));
				},
			}),
		);
	}
	if (pathname === '/endless') {
		return new Response(
			new ReadableStream<Uint8Array>({
				async pull(controller) {
					await sleep(20);
					controller.enqueue(encoder.encode('tick\n'));
				},
			}),
		);
	}
	if (pathname === '/broken') {
		let sent = false;
		return new Response(
			new ReadableStream<Uint8Array>({
				pull(controller) {
					if (sent) return controller.error(new Error('upstream failed'));
					sent = true;
					controller.enqueue(encoder.encode('partial'));
				},
			}),
		);
	}
	if (pathname === '/empty') return new Response(null, {status: 204});
	if (pathname.startsWith('/orders/')) return Response.json({order: pathname.slice(8)});
	return new Response('not found', {status: 404});
}

function listen(
	handler: (request: Request) => Promise<Response>,
): Promise<{url: string; server: ServerType}> {
	return new Promise((resolve) => {
		const server = serve({fetch: handler, port: 0, hostname: '127.0.0.1'}, (info: AddressInfo) => {
			resolve({url: `http://127.0.0.1:${info.port}`, server});
		});
	});
}

const headers = {
	'user-agent': BROWSER_UA,
	'accept-language': 'fr-CH, fr;q=0.9',
	referer: 'https://news.example/?a=1',
};

describe('withUmami over real HTTP', () => {
	let url: string;
	let server: ServerType;
	let shared: UmamiAnalytics;
	beforeAll(async () => {
		shared = newAnalytics();
		({url, server} = await listen(withUmami(app, {analytics: shared})));
	});
	beforeEach(() => {
		analytics = shared;
		umami.reset();
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			(server as {closeAllConnections?: () => void}).closeAllConnections?.();
		});
		await shared.shutdown(1000);
	});

	it('stores the sanitized path (no template known), allowlisted query, request context', async () => {
		const response = await fetch(`${url}/orders/jane.roe@example.org?utm_campaign=x&session=s3cr3t`, {
			headers,
		});
		expect(await response.json()).toEqual({order: 'jane.roe@example.org'});
		const [event, ...rest] = await stored();
		expect(rest).toEqual([]);
		expect(event).toMatchObject({
			url: '/orders/[REDACTED_EMAIL]?utm_campaign=x',
			hostname: '127.0.0.1',
			language: 'fr-CH',
			userAgent: BROWSER_UA,
			data: {method: 'GET', status: 200},
		});
		expect(String(event!['referrer'])).toMatch(/^https:\/\/news\.example\//);
		expect(JSON.stringify(event)).not.toMatch(/example\.org|s3cr3t|session/);
	});

	it('records a thrown error as 500 + error flag and lets the server answer as without the wrapper', async () => {
		const response = await fetch(`${url}/boom`, {headers});
		expect(response.status).toBe(500);
		const [event] = await stored();
		expect(event).toMatchObject({url: '/boom', data: {status: 500, error: true}});
	});

	it('stores a 404 under its sanitized path', async () => {
		const response = await fetch(`${url}/nothing/+41 44 668 18 00`, {headers});
		expect(response.status).toBe(404);
		const [event] = await stored();
		expect(event!['data']).toMatchObject({status: 404});
		expect(event!['url']).toBe('/nothing/[REDACTED_PHONE]');
	});

	it('measures a streamed body to its end', async () => {
		const started = Date.now();
		expect(await (await fetch(`${url}/slow`, {headers})).text()).toBe('chunk 0\nchunk 1\nchunk 2\n');
		const elapsed = Date.now() - started;
		const [event] = await stored();
		const duration = (event!['data'] as {duration_ms: number}).duration_ms;
		expect(duration).toBeGreaterThanOrEqual(280);
		expect(duration).toBeLessThanOrEqual(elapsed + 5);
	});

	it('counts a client that leaves mid-stream as aborted', async () => {
		const before = analytics.stats().tracked;
		const controller = new AbortController();
		const response = await fetch(`${url}/endless`, {headers, signal: controller.signal});
		await response.body!.getReader().read();
		controller.abort();
		await waitTracked(before + 1);
		const [event] = await stored();
		expect(event).toMatchObject({url: '/endless', data: {status: 200, aborted: true}});
	});

	it('ignores HEAD, health checks and opted-out requests', async () => {
		const before = analytics.stats().tracked;
		await fetch(`${url}/orders/1`, {method: 'HEAD', headers});
		await fetch(`${url}/health`, {headers});
		expect(await (await fetch(`${url}/secret`, {headers})).text()).toBe('not tracked');
		expect(await stored()).toEqual([]);
		expect(analytics.stats().tracked).toBe(before);
	});
});

describe('withUmami called directly (Workers, Bun, Deno calling conventions)', () => {
	afterEach(async () => {
		await analytics.shutdown(1000);
	});

	it('re-throws the handler’s error untouched', async () => {
		const handler = withUmami(app, {analytics: newAnalytics()});
		const error = await handler(new Request('http://h.test/boom', {headers})).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(TypeError);
		expect((error as Error).message).toBe('handler failed');
		expect(await stored()).toHaveLength(1);
	});

	it('keeps status, headers and body of the response; leaves a 204 as it is', async () => {
		const handler = withUmami(
			() =>
				new Response('created', {
					status: 201,
					statusText: 'Made',
					headers: {'x-id': '1', 'set-cookie': 'a=1'},
				}),
			{analytics: newAnalytics()},
		);
		const response = await handler(new Request('http://h.test/x', {headers}));
		expect([response.status, response.statusText, response.headers.get('x-id')]).toEqual([201, 'Made', '1']);
		expect(response.headers.getSetCookie()).toEqual(['a=1']);
		expect(await response.text()).toBe('created');
		const empty = new Response(null, {status: 204});
		expect(await withUmami(() => empty, {analytics})(new Request('http://h.test/e', {headers}))).toBe(empty);
		expect(await stored()).toHaveLength(2);
	});

	it('flags any status ≥ 500 as an error, like the Node integrations', async () => {
		const handler = withUmami(() => new Response('down', {status: 503}), {analytics: newAnalytics()});
		await (await handler(new Request('http://h.test/x', {headers}))).text();
		const [event] = await stored();
		expect(event).toMatchObject({data: {status: 503, error: true}});
	});

	it('flags a body that fails mid-stream as an error', async () => {
		const handler = withUmami(app, {analytics: newAnalytics()});
		const response = await handler(new Request('http://h.test/broken', {headers}));
		await expect(response.text()).rejects.toThrow();
		const [event] = await stored();
		expect(event).toMatchObject({data: {status: 200, error: true}});
	});

	it('Workers: picks the instance from env and hands the flush to ctx.waitUntil', async () => {
		newAnalytics();
		const pending: Promise<unknown>[] = [];
		const ctx = {waitUntil: vi.fn((promise: Promise<unknown>) => void pending.push(promise))};
		const env = {UMAMI_WEBSITE_ID: WEBSITE};
		const options: WithUmamiOptions<(r: Request, e: typeof env, c: typeof ctx) => Response> = {
			analytics: (bindings) => {
				expect(bindings).toBe(env);
				return analytics;
			},
		};
		const worker = {
			fetch: withUmami((request: Request, _env: typeof env, _ctx: typeof ctx) => app(request), options),
		};
		const response = await worker.fetch(new Request('http://h.test/slow', {headers}), env, ctx);
		expect(ctx.waitUntil).toHaveBeenCalledOnce();
		expect(analytics.stats().tracked).toBe(0);
		await response.text();
		await Promise.all(pending);
		expect(umami.stored).toHaveLength(1);
	});

	it('edge functions: waitUntil on the second argument (Vercel/Netlify context)', async () => {
		newAnalytics();
		const pending: Promise<unknown>[] = [];
		const context = {waitUntil: (promise: Promise<unknown>) => void pending.push(promise)};
		const handler = withUmami((request: Request, _context: typeof context) => app(request), {analytics});
		await (await handler(new Request('http://h.test/orders/5', {headers}), context)).text();
		await Promise.all(pending);
		expect(umami.stored).toHaveLength(1);
	});

	it('Bun: takes the socket address from server.requestIP when the identity policy forwards IPs', async () => {
		newAnalytics({identity: {ip: 'forward'}});
		const server = {requestIP: () => ({address: '203.0.113.9', port: 1, family: 'IPv4'})};
		const handler = withUmami((request: Request, _server: typeof server) => app(request), {analytics});
		await (await handler(new Request('http://h.test/orders/5', {headers}), server)).text();
		const [event] = await stored();
		expect(event!['ip']).toBe('203.0.113.9');
	});

	it('Deno: takes the socket address from info.remoteAddr; proxy headers win', async () => {
		newAnalytics({identity: {ip: 'truncate'}});
		const info = {remoteAddr: {hostname: '198.51.100.77', port: 1, transport: 'tcp'}};
		const handler = withUmami((request: Request, _info: typeof info) => app(request), {analytics});
		await (await handler(new Request('http://h.test/a', {headers}), info)).text();
		await (
			await handler(
				new Request('http://h.test/b', {headers: {...headers, 'x-forwarded-for': '192.0.2.200, 10.0.0.1'}}),
				info,
			)
		).text();
		const events = await stored();
		expect(events.map((event) => event['ip'])).toEqual(['198.51.100.0', '192.0.2.0']);
	});

	it('sends no IP by default', async () => {
		const handler = withUmami(app, {analytics: newAnalytics()});
		await (
			await handler(new Request('http://h.test/orders/5', {headers: {...headers, 'x-real-ip': '192.0.2.1'}}))
		).text();
		const [event] = await stored();
		expect(event!['ip']).toBeUndefined();
	});

	it('a throwing clientIp or instance picker never reaches the request', async () => {
		newAnalytics();
		const clientIp = (): string => {
			throw new Error('nope');
		};
		const response = await withUmami(app, {analytics, clientIp})(
			new Request('http://h.test/orders/1', {headers}),
		);
		expect(await response.json()).toEqual({order: '1'});
		const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
		const picker = withUmami(app, {
			analytics: () => {
				throw new Error('no config');
			},
		});
		expect(await (await picker(new Request('http://h.test/orders/2', {headers}))).json()).toEqual({
			order: '2',
		});
		warning.mockRestore();
	});

	it('passes `this` and every argument through', async () => {
		newAnalytics();
		const seen: unknown[] = [];
		const worker = {
			name: 'worker',
			fetch: withUmami(
				function (this: {name: string}, request: Request, env: string, ctx: number) {
					seen.push(this.name, request.url, env, ctx);
					return new Response('ok');
				},
				{analytics},
			),
		};
		await (await worker.fetch(new Request('http://h.test/t', {headers}), 'env', 7)).text();
		expect(seen).toEqual(['worker', 'http://h.test/t', 'env', 7]);
	});
});
