import type {Server} from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import {describe, expect, it} from 'vitest';
import {createTestAnalytics} from '../../src/testing/index.js';
import {skipTracking, umamiKoa} from '../../src/integrations/koa.js';
import {startFaultServer} from '../helpers/fault-server.js';
import {browserFetch, eventFor, listening, trackedAnalytics} from '../helpers/tracked-apps.js';

/** The descriptions of umami-guard's own symbol keys on `target`. */
function ourSymbols(target: object): string[] {
	return Object.getOwnPropertySymbols(target)
		.map((symbol) => symbol.description ?? '')
		.filter((name) => name.startsWith('umami-guard'));
}

// What Koa shares with Express and Fastify (route templates through @koa/router's prefix, errors re-thrown
// untouched to the app, 404s, streams, aborts, ignored requests) runs in node-framework-cases.test.ts.
describe('koa 3', () => {
	it('is one factory, umamiKoa(analytics, options), without patching the instance', async () => {
		const {analytics} = createTestAnalytics();
		expect(typeof umamiKoa(analytics)).toBe('function');
		new Koa().use(umamiKoa(analytics, {mode: 'event'}));
		expect('koa' in analytics).toBe(false);
		await analytics.shutdown();
	});

	it('sets the error flag when a handler throws, and the app still sees the very error', async () => {
		const umami = await startFaultServer();
		const analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		const conflict = Object.assign(new Error('already refunded'), {status: 409, expose: true});
		let seen: unknown;
		const app = new Koa();
		app.silent = true;
		app.on('error', (error: unknown) => {
			seen = error;
		});
		app.use(umamiKoa(analytics));
		const router = new Router();
		router.get('/orders/:id/refund', () => {
			throw conflict;
		});
		app.use(router.routes());
		const server = listening(
			await new Promise<Server>((resolve) => {
				const s: Server = app.listen(0, '127.0.0.1', () => resolve(s));
			}),
		);
		try {
			expect((await browserFetch(`${server.base}/orders/7/refund`)).status).toBe(409);
			const event = await eventFor(analytics, umami, '/orders/:id/refund');
			expect(event.data).toMatchObject({status: 409, error: true, route: '/orders/:id/refund'});
			expect(seen).toBe(conflict);
		} finally {
			await analytics.shutdown();
			await server.close();
			await umami.close();
		}
	});

	it('stores nothing on the Node request or response, tracked, ignored or opted out', async () => {
		const umami = await startFaultServer();
		const analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		const seen = new Map<string, string[]>();
		const app = new Koa();
		app.use(async (ctx, next) => {
			await next();
			seen.set(ctx.path, [...ourSymbols(ctx.req), ...ourSymbols(ctx.res)]);
		});
		app.use(umamiKoa(analytics));
		const router = new Router();
		router.get('/orders/:id', (ctx) => {
			ctx.body = {id: ctx.params['id']};
		});
		router.get('/health', (ctx) => {
			ctx.body = 'ok';
		});
		router.get('/skipped/:id', (ctx) => {
			skipTracking(ctx);
			ctx.body = 'ok';
		});
		app.use(router.routes());
		const server = listening(
			await new Promise<Server>((resolve) => {
				const s: Server = app.listen(0, '127.0.0.1', () => resolve(s));
			}),
		);
		try {
			for (const path of ['/skipped/1', '/health', '/orders/1']) await browserFetch(server.base + path);
			expect((await eventFor(analytics, umami, '/orders/:id')).data).toMatchObject({status: 200});
			expect(umami.stored.map((stored) => stored.event.payload?.['url'])).toEqual(['/orders/:id']);
			for (const path of ['/skipped/1', '/health', '/orders/1']) expect(seen.get(path), path).toEqual([]);
		} finally {
			await analytics.shutdown();
			await server.close();
			await umami.close();
		}
	});
});
