import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import ts from 'typescript';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {trackRoute, type RouteTracker} from '../../src/integrations/track-route.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '00000000-0000-4000-8000-000000000001';
type Payload = Record<string, unknown> & {url?: string; name?: string; data?: Record<string, unknown>};

/**
 * Compiles a class with the real TypeScript compiler (vitest's transformer leaves decorators alone) and
 * returns it: `legacy` emits `experimentalDecorators` code, otherwise standard (TC39) decorators.
 */
function compileService(
	source: string,
	legacy: boolean,
	decorator: RouteTracker,
): new () => Record<string, (...args: unknown[]) => unknown> {
	const {outputText} = ts.transpileModule(source, {
		compilerOptions: {
			target: ts.ScriptTarget.ES2022,
			module: ts.ModuleKind.CommonJS,
			experimentalDecorators: legacy,
		},
	});
	const module = {exports: {} as Record<string, unknown>};
	new Function('module', 'exports', 'tracked', outputText)(module, module.exports, decorator);
	return module.exports['Service'] as never;
}

const SERVICE = `
export class Service {
	calls = 0;
	@tracked
	async run(value) { this.calls++; await new Promise((resolve) => setTimeout(resolve, 30)); return value * 2; }
	@tracked
	fail() { throw new TypeError('nope'); }
	@tracked
	async failLater() { throw new RangeError('later'); }
}`;

describe('trackRoute', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = new UmamiAnalytics(
			resolveConfig('track-route-test', {
				websiteId: WEBSITE,
				apiUrl: umami.url,
				configFile: false,
				flushIntervalMs: 20,
				env: {},
			}),
		);
	});
	afterAll(async () => {
		await analytics.shutdown();
		await umami.close();
	});

	const named = (name: string): Payload[] =>
		umami.stored.map((stored) => stored.event.payload as Payload).filter((payload) => payload.name === name);

	async function events(name: string, count: number): Promise<Payload[]> {
		await vi.waitFor(
			async () => {
				await analytics.flush();
				expect(named(name)).toHaveLength(count);
			},
			{timeout: 3000, interval: 30},
		);
		return named(name);
	}

	describe.each([
		['TC39', false],
		['legacy', true],
	])('as a %s method decorator', (label, legacy) => {
		const name = `svc.${label.toLowerCase()}`;

		it('times sync and async calls, keeps `this` and results, re-throws errors untouched', async () => {
			const Service = compileService(SERVICE, legacy, trackRoute(name, {analytics}));
			const service = new Service();
			expect(await service['run']!(21)).toBe(42);
			expect(service['calls']).toBe(1);
			expect(() => service['fail']!()).toThrow(TypeError);
			await expect(service['failLater']!()).rejects.toThrow(RangeError);
			const tracked = await events(name, 3);
			const durations = tracked.map((payload) => payload.data?.['duration_ms'] as number);
			expect(Math.max(...durations)).toBeGreaterThanOrEqual(25);
			expect(tracked.filter((payload) => payload.data?.['error'] === true)).toHaveLength(2);
		});
	});

	it('refuses to decorate anything but a method', () => {
		expect(() =>
			(trackRoute('x', {analytics}) as (value: unknown, context: unknown) => unknown)(undefined, {
				kind: 'field',
			}),
		).toThrow(TypeError);
	});

	it('wraps a web (Request → Response) handler', async () => {
		const handler = trackRoute('web.upload', {analytics})(async (request: Request) =>
			Response.json({ok: request.method}, {status: 201}),
		);
		const response = await handler(
			new Request('https://example.com/upload/john@example.com?utm_medium=x&secret=1', {
				method: 'POST',
				headers: {'user-agent': BROWSER_UA},
			}),
		);
		expect(response.status).toBe(201);
		const [event] = await events('web.upload', 1);
		expect(event!.url).toBe('/upload/[REDACTED_EMAIL]?utm_medium=x');
		expect(event!.data).toMatchObject({method: 'POST', status: 201, route_name: 'web.upload'});
	});

	describe('with a plain node:http server (no global middleware)', () => {
		let server: Server;
		let base: string;
		let middleware: RouteTracker;
		let wrapped: (
			req: {url?: string | undefined},
			res: {statusCode: number; end(body: string): void},
		) => Promise<void>;

		beforeAll(async () => {
			middleware = trackRoute('node.mw', {analytics});
			wrapped = trackRoute('node.handler', {analytics})(
				async (req: {url?: string | undefined}, res: {statusCode: number; end(body: string): void}) => {
					if (req.url?.startsWith('/wrapped/fail')) throw new Error('fail');
					res.end('wrapped');
				},
			);
			server = createServer((req, res) => {
				if (req.url?.startsWith('/mw')) {
					middleware(req, res, () => res.end('mw'));
				} else {
					wrapped(req, res).catch(() => {
						res.statusCode = 500;
						res.end('failed');
					});
				}
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		});
		afterAll(() => new Promise((resolve) => server.close(resolve)));

		it('per-route middleware tracks the request itself', async () => {
			expect(
				await (await fetch(`${base}/mw/1?ref=a&b=c`, {headers: {'user-agent': BROWSER_UA}})).text(),
			).toBe('mw');
			const [event] = await events('node.mw', 1);
			expect(event!.url).toBe('/mw/1?ref=a');
			expect(event!.data).toMatchObject({method: 'GET', status: 200, route_name: 'node.mw'});
		});

		it('a wrapped (req, res) handler records errors with the final status', async () => {
			await fetch(`${base}/wrapped/ok`, {headers: {'user-agent': BROWSER_UA}});
			expect((await fetch(`${base}/wrapped/fail`, {headers: {'user-agent': BROWSER_UA}})).status).toBe(500);
			const tracked = await events('node.handler', 2);
			expect(tracked.map((payload) => payload.data?.['status']).sort()).toEqual([200, 500]);
			expect(tracked.find((payload) => payload.data?.['status'] === 500)!.data?.['error']).toBe(true);
		});
	});

	describe('a Next.js Pages Router API route: (req, res) with `route` and `waitUntil`', () => {
		let server: Server;
		let base: string;
		let own: UmamiAnalytics;
		const pending: Promise<unknown>[] = [];

		beforeAll(async () => {
			// Flushed only through waitUntil (a timer of a minute), so the test sees what waitUntil delivers.
			own = new UmamiAnalytics(
				resolveConfig('track-route-pages', {
					websiteId: WEBSITE,
					apiUrl: umami.url,
					configFile: false,
					flushIntervalMs: 60_000,
					env: {},
				}),
			);
			const waitUntil = vi.fn((promise: Promise<unknown>) => void pending.push(promise));
			// pages/api/legacy/[id].ts as Next.js calls it: a Node request and response.
			const handler = trackRoute('legacy.get', {analytics: own, route: '/api/legacy/[id]', waitUntil})((
				req: {url?: string | undefined},
				res: {statusCode: number; end(body: string): void},
			) => {
				res.end(JSON.stringify({url: req.url}));
			});
			server = createServer((req, res) => handler(req, res));
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		});
		afterAll(async () => {
			await own.shutdown();
			await new Promise((resolve) => server.close(resolve));
		});

		it('stores the route template, never the raw id, and the flush handed to waitUntil delivers it', async () => {
			umami.reset();
			const response = await fetch(`${base}/api/legacy/31337?email=gina@example.com&utm_source=x`, {
				headers: {'user-agent': BROWSER_UA},
			});
			expect(response.status).toBe(200);
			await response.text();
			await vi.waitFor(() => expect(pending).toHaveLength(1));
			await Promise.all(pending);
			const [event, ...rest] = named('legacy.get');
			expect(rest).toEqual([]);
			expect(event).toMatchObject({
				url: '/api/legacy/[id]?utm_source=x',
				data: {method: 'GET', status: 200, route: '/api/legacy/[id]', route_name: 'legacy.get'},
			});
			expect(JSON.stringify(event)).not.toMatch(/31337|gina/);
		});
	});
});
