/**
 * End to end against the real Umami (v2.10 + PostgreSQL): one real app per Node framework, real HTTP,
 * then the stored rows read back with SQL — route templates, no raw ids, no PII, method/status/duration.
 */
import 'reflect-metadata';
import {createRequire} from 'node:module';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import Router from '@koa/router';
import {Controller, Get, Module, Param} from '@nestjs/common';
import {NestFactory} from '@nestjs/core';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {umamiExpress} from '../../src/integrations/express.js';
import {umamiFastify} from '../../src/integrations/fastify.js';
import {umamiKoa} from '../../src/integrations/koa.js';
import {UmamiInterceptor} from '../../src/integrations/nestjs.js';
import {BROWSER_UA, e2eAnalytics, runTag, startUmami, type UmamiE2E} from '../helpers/umami.js';

interface Row extends Record<string, unknown> {
	event_id: string;
	url_path: string;
	url_query: string | null;
	event_type: number;
}
interface DataRow extends Record<string, unknown> {
	event_key: string;
	string_value: string | null;
	number_value: string | null;
}

const RAW_ID = '7391046';
type Listen = (analytics: UmamiAnalytics) => Promise<{base: string; close: () => Promise<unknown>}>;

function listening(server: Server): {base: string; close: () => Promise<unknown>} {
	return {
		base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

const apps: Record<string, Listen> = {
	'express 5': async (analytics) => {
		const app = express();
		app.use(umamiExpress(analytics));
		app.get('/users/:id', (req, res) => void res.json({id: req.params.id}));
		app.get('/boom', () => {
			throw new Error('boom');
		});
		return listening(
			await new Promise<Server>((resolve) => {
				const server = app.listen(0, '127.0.0.1', () => resolve(server));
			}),
		);
	},
	'express 4': async (analytics) => {
		const express4 = createRequire(import.meta.url)('express4') as typeof express;
		const app = express4();
		app.use(umamiExpress(analytics));
		app.get('/users/:id', (req, res) => void res.json({id: req.params['id']}));
		app.get('/boom', () => {
			throw new Error('boom');
		});
		return listening(
			await new Promise<Server>((resolve) => {
				const server = app.listen(0, '127.0.0.1', () => resolve(server));
			}),
		);
	},
	'fastify 5': async (analytics) => {
		const app = Fastify();
		await app.register(umamiFastify, {analytics});
		app.get('/users/:id', async (request) => ({id: (request.params as {id: string}).id}));
		app.get('/boom', async () => {
			throw new Error('boom');
		});
		const base = await app.listen({port: 0, host: '127.0.0.1'});
		return {base, close: () => app.close()};
	},
	'koa 3': async (analytics) => {
		const app = new Koa();
		app.silent = true;
		app.use(umamiKoa(analytics));
		const router = new Router();
		router.get('/users/:id', (ctx) => {
			ctx.body = {id: ctx.params['id']};
		});
		router.get('/boom', () => {
			throw new Error('boom');
		});
		app.use(router.routes());
		return listening(
			await new Promise<Server>((resolve) => {
				const server = app.listen(0, '127.0.0.1', () => resolve(server));
			}),
		);
	},
	'nestjs 11': async (analytics) => {
		class E2eController {
			user(id: string): {id: string} {
				return {id};
			}
			boom(): never {
				throw new Error('boom');
			}
		}
		const proto = E2eController.prototype;
		for (const [key, path] of [
			['user', 'users/:id'],
			['boom', 'boom'],
		] as const) {
			const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
			Object.defineProperty(proto, key, Reflect.decorate([Get(path)], proto, key, descriptor) ?? descriptor);
		}
		Param('id')(proto, 'user', 0);
		Reflect.decorate([Controller()], E2eController);
		// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is an empty class
		class E2eModule {}
		Module({controllers: [E2eController]})(E2eModule);
		const app = await NestFactory.create(E2eModule, {logger: false});
		app.use(umamiExpress(analytics)); // 404s never reach an interceptor
		app.useGlobalInterceptors(new UmamiInterceptor(analytics));
		await app.listen(0, '127.0.0.1');
		return {...listening(app.getHttpServer() as Server), close: () => app.close()};
	},
};

describe('node frameworks → real Umami', () => {
	let umami: UmamiE2E;

	beforeAll(async () => {
		umami = await startUmami();
	});
	afterAll(async () => {
		await umami?.close();
	});

	it.each(Object.keys(apps))('%s: route templates, no raw ids, no PII, request data', async (label) => {
		const tag = runTag();
		const analytics = e2eAnalytics(umami, tag);
		const app = await apps[label]!(analytics);
		try {
			const get = (path: string): Promise<Response> =>
				fetch(app.base + path, {headers: {'user-agent': BROWSER_UA, 'accept-language': 'de-CH,de;q=0.9'}});
			// The first request opens the session; Umami 2.10 races on parallel first requests.
			expect((await get(`/users/${RAW_ID}?utm_source=${tag}&token=secret-${RAW_ID}`)).status).toBe(200);
			expect((await get(`/boom?utm_source=${tag}`)).status).toBe(500);
			expect((await get(`/nowhere/john.doe@example.com?utm_source=${tag}`)).status).toBe(404);
			await new Promise((resolve) => setTimeout(resolve, 50));
			await analytics.flush();
		} finally {
			await analytics.shutdown();
			await app.close();
		}

		const rows = await umami.query<Row>(
			`select event_id, url_path, url_query, event_type from website_event
			 where website_id = $1 and url_query like $2 order by created_at`,
			[umami.websiteId, `%utm_source=${tag}%`],
		);
		expect(rows.map((row) => row.url_path).sort()).toEqual([
			'/boom',
			'/nowhere/[REDACTED_EMAIL]',
			'/users/:id',
		]);
		expect(rows.every((row) => row.event_type === 1)).toBe(true);
		for (const row of rows) expect(row.url_query).toBe(`utm_source=${tag}`);
		// Only the columns our events fill, never Umami's random event_id (it may hold any digits).
		const stored = JSON.stringify(rows.map((row) => [row.url_path, row.url_query]));
		expect(stored).not.toContain(RAW_ID);
		expect(stored).not.toContain('john');
		expect(stored).not.toContain('secret');

		const data = async (path: string): Promise<Record<string, string | number>> => {
			const row = rows.find((candidate) => candidate.url_path === path)!;
			const entries = await umami.query<DataRow>(
				'select event_key, string_value, number_value from event_data where website_event_id = $1',
				[row.event_id],
			);
			return Object.fromEntries(
				entries.map((entry) => [
					entry.event_key,
					entry.number_value === null ? entry.string_value! : Number(entry.number_value),
				]),
			);
		};
		const user = await data('/users/:id');
		expect(user).toMatchObject({method: 'GET', status: 200, route: '/users/:id'});
		expect(user['duration_ms']).toBeGreaterThan(0);
		const boom = await data('/boom');
		expect(boom).toMatchObject({status: 500, error: 'true'});
		expect(await data('/nowhere/[REDACTED_EMAIL]')).toMatchObject({status: 404});
	});
});
