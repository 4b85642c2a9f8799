import 'reflect-metadata';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {Controller, Get, Module, Param, Res, UseInterceptors, type INestApplication} from '@nestjs/common';
import {NestFactory} from '@nestjs/core';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {getAnalytics} from '../../src/client/registry.js';
import {umamiExpress} from '../../src/integrations/express.js';
import {TrackRoute, UmamiInterceptor} from '../../src/integrations/nestjs.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '00000000-0000-4000-8000-000000000001';
type Payload = Record<string, unknown> & {url?: string; name?: string; data?: Record<string, unknown>};
type RawResponse = NodeJS.WritableStream & {setHeader(key: string, value: string): void};

/**
 * The controller, decorated the way TypeScript's legacy decorators do it (`Reflect.decorate`): vitest's
 * transformer does not lower decorator syntax, and this is exactly what `tsc` emits for NestJS code.
 */
class UsersController {
	get(id: string): {id: string} {
		return {id};
	}
	boom(): never {
		throw new Error('boom');
	}
	generate(): {ok: boolean} {
		return {ok: true};
	}
	stream(res: RawResponse, chunks: number): void {
		res.setHeader('content-type', 'text/plain');
		let sent = 0;
		const timer = setInterval(() => {
			res.write(`chunk ${sent}\n`);
			if (++sent === chunks) {
				clearInterval(timer);
				res.end();
			}
		}, 50);
		res.on('close', () => clearInterval(timer));
	}
	shortStream(res: RawResponse): void {
		this.stream(res, 5);
	}
	longStream(res: RawResponse): void {
		this.stream(res, 1000);
	}
}

function decorateMethod(target: object, key: string, decorators: MethodDecorator[]): void {
	const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
	Object.defineProperty(target, key, Reflect.decorate(decorators, target, key, descriptor) ?? descriptor);
}

decorateMethod(UsersController.prototype, 'get', [Get('users/:id')]);
Param('id')(UsersController.prototype, 'get', 0);
decorateMethod(UsersController.prototype, 'boom', [Get('boom')]);
// @TrackRoute above and below @Get: metadata only, so the order does not matter.
decorateMethod(UsersController.prototype, 'generate', [TrackRoute('api.generate'), Get('api/generate')]);
decorateMethod(UsersController.prototype, 'shortStream', [Get('stream')]);
Res()(UsersController.prototype, 'shortStream', 0);
decorateMethod(UsersController.prototype, 'longStream', [Get('slow-stream'), TrackRoute('slow.stream')]);
Res()(UsersController.prototype, 'longStream', 0);
Reflect.decorate([Controller(), UseInterceptors(UmamiInterceptor)], UsersController);

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is an empty class with metadata
class AppModule {}
Module({controllers: [UsersController]})(AppModule);

describe('nestjs 11', () => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	const apps: INestApplication[] = [];
	const seenErrors: unknown[] = [];
	let base: string;
	let combinedBase: string;

	async function start(configure: (app: INestApplication) => void): Promise<string> {
		const app = await NestFactory.create(AppModule, {logger: false});
		configure(app);
		await app.listen(0, '127.0.0.1');
		apps.push(app);
		return `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
	}

	beforeAll(async () => {
		umami = await startFaultServer();
		// The first instance is the default one: `@UseInterceptors(UmamiInterceptor)` (built by Nest's DI) uses it.
		analytics = getAnalytics('nest-test', {
			websiteId: WEBSITE,
			apiUrl: umami.url,
			configFile: false,
			flushIntervalMs: 20,
			env: {},
		});
		base = await start((app) => {
			app.useGlobalFilters({
				catch(error: unknown, host) {
					seenErrors.push(error);
					host
						.switchToHttp()
						.getResponse<{status(code: number): {json(body: unknown): void}}>()
						.status(500)
						.json({handled: true});
				},
			});
		});
		// Interceptor + Express middleware: 404s are seen too, and every request is tracked once.
		combinedBase = await start((app) => {
			app.use(umamiExpress(analytics));
		});
	});

	afterAll(async () => {
		await analytics.shutdown();
		for (const app of apps) await app.close();
		await umami.close();
	});

	const get = (url: string, init: RequestInit = {}): Promise<Response> =>
		fetch(url, {...init, headers: {'user-agent': BROWSER_UA, ...init.headers}});

	const payloads = (): Payload[] => umami.stored.map((stored) => stored.event.payload as Payload);

	async function eventFor(prefix: string, count = 1): Promise<Payload> {
		let found: Payload[] = [];
		await vi.waitFor(
			async () => {
				await analytics.flush();
				found = payloads().filter((payload) => payload.name === prefix || payload.url?.startsWith(prefix));
				expect(found.length).toBeGreaterThanOrEqual(count);
			},
			{timeout: 3000, interval: 30},
		);
		return found[count - 1]!;
	}

	it('records the route template, never the raw id; query allowlisted', async () => {
		expect(await (await get(`${base}/users/424242?utm_source=news&token=secret`)).json()).toEqual({
			id: '424242',
		});
		const event = await eventFor('/users/:id');
		expect(event.url).toBe('/users/:id?utm_source=news');
		expect(event.data).toMatchObject({method: 'GET', status: 200, route: '/users/:id'});
		const bodies = JSON.stringify(umami.requests.map((request) => request.body));
		expect(bodies).not.toContain('424242');
		expect(bodies).not.toContain('secret');
	});

	it('records a thrown error as 500 + error flag; the exception filter sees the same error', async () => {
		const response = await get(`${base}/boom`);
		expect(response.status).toBe(500);
		expect(await response.json()).toEqual({handled: true});
		expect((seenErrors[0] as Error).message).toBe('boom');
		const event = await eventFor('/boom');
		expect(event.data).toMatchObject({status: 500, error: true, route: '/boom'});
	});

	it('names routes with @TrackRoute, in either decorator order', async () => {
		await get(`${base}/api/generate`);
		const event = await eventFor('api.generate');
		expect(event.url).toBe('/api/generate');
		expect(event.data).toMatchObject({route_name: 'api.generate', status: 200, route: '/api/generate'});
	});

	it('measures a streamed response to its end', async () => {
		expect(await (await get(`${base}/stream`)).text()).toContain('chunk 4');
		const event = await eventFor('/stream');
		expect(event.data?.['duration_ms']).toBeGreaterThanOrEqual(150);
		expect(event.data?.['aborted']).toBeUndefined();
	});

	it('records a request the client aborts mid-stream as aborted', async () => {
		const controller = new AbortController();
		const response = await get(`${base}/slow-stream`, {signal: controller.signal});
		const reader = response.body!.getReader();
		await reader.read();
		controller.abort();
		await reader.read().catch(() => undefined);
		const event = await eventFor('slow.stream');
		expect(event.data).toMatchObject({aborted: true, route: '/slow-stream'});
	});

	it('with umamiExpress on the same app: 404s under the sanitized path, each request tracked once', async () => {
		expect((await get(`${combinedBase}/nowhere/john@example.com`)).status).toBe(404);
		const notFound = await eventFor('/nowhere/');
		expect(notFound.url).toBe('/nowhere/[REDACTED_EMAIL]');
		expect(notFound.data).toMatchObject({status: 404});
		const before = payloads().filter((payload) => payload.name === 'api.generate').length;
		await get(`${combinedBase}/api/generate`);
		await eventFor('api.generate', before + 1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		await analytics.flush();
		expect(payloads().filter((payload) => payload.name === 'api.generate')).toHaveLength(before + 1);
	});

	it('ignores HEAD requests', async () => {
		await get(`${base}/users/1`, {method: 'HEAD'});
		await analytics.flush();
		expect(payloads().filter((payload) => payload.data?.['method'] === 'HEAD')).toHaveLength(0);
	});
});
