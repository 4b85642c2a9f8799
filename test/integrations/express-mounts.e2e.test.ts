/**
 * The new user's two reports, end to end against the real Umami (v2.10 + PostgreSQL): Express routers
 * mounted on patterns with parameters are stored with their patterns, read back from `website_event`.
 */
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {createRequire} from 'node:module';
import express5 from 'express';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {initExpress} from '../../src/integrations/express.js';
import {mountReportedRouters, type MountTarget} from '../helpers/reported-mounts.js';
import {BROWSER_UA, runTag, startUmami, type UmamiE2E} from '../helpers/umami.js';

type Handler = (req: unknown, res: {send(body: string): void}) => void;
interface ExpressLike {
	(): {
		use(...args: unknown[]): unknown;
		get(path: string | RegExp, handler: Handler): unknown;
		listen(port: number, host: string, callback: () => void): Server;
	};
	Router(): MountTarget;
}

// express@4 is installed as `express4`, without types.
const express4 = createRequire(import.meta.url)('express4') as ExpressLike;

describe('express mounts → real Umami', () => {
	let umami: UmamiE2E;

	beforeAll(async () => {
		umami = await startUmami();
	});
	afterAll(async () => {
		await umami?.close();
	});

	it.each([
		['express 5', express5 as unknown as ExpressLike],
		['express 4', express4],
	])('%s: url_path holds the mount patterns, not the names and ids they matched', async (_label, express) => {
		const tag = runTag();
		const analytics = new UmamiAnalytics(
			resolveConfig(`e2e-mounts-${tag}`, {
				websiteId: umami.websiteId,
				apiUrl: umami.url,
				configFile: false,
				env: {},
			}),
		);
		const app = express();
		initExpress(app, analytics);
		const ok: Handler = (_req, res) => res.send('ok');
		mountReportedRouters(app, () => express.Router());
		app.get(/^\/re\/(.+)$/, ok);
		const server = await new Promise<Server>((resolve) => {
			const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		try {
			const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const get = (path: string): Promise<Response> =>
				fetch(`${base}${path}?utm_source=${tag}`, {headers: {'user-agent': BROWSER_UA}});
			// The first request opens the session; Umami 2.10 races on parallel first requests.
			for (const path of [
				'/people/John-Smith/products/8812',
				'/api/acme-corp-8812/v1/orders/ord-77',
				'/re/Jane-Doe',
			])
				expect((await get(path)).status).toBe(200);
			await analytics.flush();
		} finally {
			await analytics.shutdown();
			await new Promise((resolve) => server.close(resolve));
		}
		const rows = await umami.query<{url_path: string}>(
			'select url_path from website_event where website_id = $1 and url_query like $2',
			[umami.websiteId, `%utm_source=${tag}%`],
		);
		expect(rows.map((row) => row.url_path).sort()).toEqual([
			'/api/:tenant/v1/orders/:orderId',
			'/people/:name/products/:id',
			'/re/*',
		]);
	});
});
