/**
 * A request no route answered is recorded under its sanitized path, as the other integrations record theirs
 * (new-user trial: a NestJS 404 through `umamiExpress` showed the route `/v1/{*path}`). Express leaves
 * `req.route` on the last route a request entered, also one that passed it on with `next()` — NestJS registers
 * its middleware for a method as such a route — so a 404 answered after it was recorded under that route's
 * wildcard. Real apps over real HTTP: NestJS 11 with a global prefix on the Express adapter, Express 5 and 4.
 */
import 'reflect-metadata';
import type {Server} from 'node:http';
import {createRequire} from 'node:module';
import {Controller, Get, Module, Param, RequestMethod, type MiddlewareConsumer} from '@nestjs/common';
import {NestFactory} from '@nestjs/core';
import express5 from 'express';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {umamiExpress, type ExpressMiddleware} from '../../src/integrations/express.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {
	eventFor,
	listening,
	send,
	trackedAnalytics,
	type Listening,
	type Payload,
} from '../helpers/tracked-apps.js';

class ItemsController {
	get(id: string): {id: string} {
		return {id};
	}
}
const descriptor = Object.getOwnPropertyDescriptor(ItemsController.prototype, 'get')!;
Object.defineProperty(
	ItemsController.prototype,
	'get',
	Reflect.decorate([Get('items/:id')], ItemsController.prototype, 'get', descriptor) ?? descriptor,
);
Param('id')(ItemsController.prototype, 'get', 0);
Reflect.decorate([Controller()], ItemsController);

/** A module whose middleware runs for every GET: Nest registers it as an Express route, `/v1/{*path}`. */
class AppModule {
	configure(consumer: MiddlewareConsumer): void {
		consumer
			.apply((_req: unknown, _res: unknown, next: () => void) => next())
			.forRoutes({path: '*', method: RequestMethod.GET});
	}
}
Module({controllers: [ItemsController]})(AppModule);

const express4 = createRequire(import.meta.url)('express4') as unknown;

type PassOn = (req: unknown, res: unknown, next: () => void) => void;
type Answer = (req: unknown, res: {sendStatus(code: number): void}) => void;
const passOn: PassOn = (_req, _res, next) => next();
const answer =
	(status: number): Answer =>
	(_req, res) =>
		res.sendStatus(status);

interface ExpressAppLike {
	use(middleware: ExpressMiddleware): void;
	use(path: string, middleware: Answer): void;
	get(path: string, handler: PassOn | Answer): void;
	listen(port: number, host: string, callback: () => void): Server;
}

/** Each app sends to a Umami of its own, so that every block looks at its own events. */
function tracked(): {
	recorded: (path: string, status: number, prefix: string) => Promise<Payload>;
	start: (listen: (analytics: UmamiAnalytics) => Promise<Listening>) => Promise<string>;
} {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let app: Listening;
	afterAll(async () => {
		await analytics.shutdown();
		await app.close();
		await umami.close();
	});
	let base = '';
	return {
		async start(listen) {
			umami = await startFaultServer();
			analytics = trackedAnalytics(umami);
			app = await listen(analytics);
			base = app.base;
			return base;
		},
		async recorded(path, status, prefix) {
			expect((await send(base, path)).status).toBe(status);
			return eventFor(analytics, umami, prefix);
		},
	};
}

describe('NestJS 11, global prefix v1, Express adapter, umamiExpress as middleware', () => {
	const {start, recorded} = tracked();
	beforeAll(() =>
		start(async (analytics) => {
			const app = await NestFactory.create(AppModule, {logger: false});
			app.setGlobalPrefix('v1');
			app.use(umamiExpress(analytics));
			await app.listen(0, '127.0.0.1');
			return {...listening(app.getHttpServer() as Server), close: () => app.close()};
		}),
	);

	it('a request no handler answered is recorded under its sanitized path, not /v1/{*path}', async () => {
		const event = await recorded('/v1/nowhere/john@example.com', 404, '/v1/nowhere/');
		expect(event.url).toBe('/v1/nowhere/[REDACTED_EMAIL]');
		expect(event.data?.['status']).toBe(404);
		expect(event.data?.['route']).toBeUndefined();
	});

	it('a handled request keeps its route template', async () => {
		const event = await recorded('/v1/items/4242', 200, '/v1/items/');
		expect(event.url).toBe('/v1/items/:id');
		expect(event.data).toMatchObject({status: 200, route: '/v1/items/:id'});
	});
});

describe.each([
	['express 5', express5 as unknown as () => ExpressAppLike, '/pass/*rest', '/opt{/:id}'],
	['express 4', express4 as unknown as () => ExpressAppLike, '/pass/*', '/opt/:id?'],
])('%s: a route that passes the request on', (_name, create, wildcard, optional) => {
	const {start, recorded} = tracked();
	beforeAll(() =>
		start(
			(analytics) =>
				new Promise((resolve) => {
					const app = create();
					app.use(umamiExpress(analytics));
					app.get(wildcard, passOn);
					app.get(optional, answer(204));
					app.get('/users/:id', answer(404));
					// The app's own 404 handler for one part, as NestJS has one for all.
					app.use('/pass/app', answer(404));
					const server = app.listen(0, '127.0.0.1', () => resolve(listening(server)));
				}),
		),
	);

	it('then Express answers 404: the sanitized path', async () => {
		const event = await recorded('/pass/a/jane@example.com', 404, '/pass/a/');
		expect(event.url).toBe('/pass/a/[REDACTED_EMAIL]');
		expect(event.data?.['route']).toBeUndefined();
	});

	it('then a 404 handler of the app answers: the sanitized path', async () => {
		const event = await recorded('/pass/app/jane@example.com', 404, '/pass/app/');
		expect(event.url).toBe('/pass/app/[REDACTED_EMAIL]');
		expect(event.data?.['route']).toBeUndefined();
	});

	it('a route that answers 404 itself keeps its template; one without its optional part too', async () => {
		expect((await recorded('/users/42', 404, '/users/')).data).toMatchObject({
			status: 404,
			route: '/users/:id',
		});
		expect((await recorded('/opt', 204, '/opt')).data).toMatchObject({status: 204, route: optional});
	});
});
