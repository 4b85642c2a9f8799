/**
 * End to end: a Hono app with `umamiHono`, served on 127.0.0.1, sends to the REAL Umami of the test suite
 * (v2.10.0 + PostgreSQL); the rows are read back with SQL.
 */
import {serve, type ServerType} from '@hono/node-server';
import {Hono} from 'hono';
import type {AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {umamiHono} from '../../src/integrations/hono.js';
import {BROWSER_UA, runTag, useUmami, type UmamiE2E} from '../helpers/umami.js';

let umami: UmamiE2E;
useUmami((started) => (umami = started));

describe('umamiHono → real Umami 2.10', () => {
	it('stores route templates (no raw ids, no PII) with method, status and the error flag', async () => {
		const tag = runTag();
		const analytics = new UmamiAnalytics(
			resolveConfig(`e2e-hono-${tag}`, {
				env: {},
				configFile: false,
				websiteId: umami.websiteId,
				apiUrl: umami.url,
				flushIntervalMs: 60_000,
			}),
		);
		const app = new Hono();
		app.use(umamiHono(analytics));
		app.get(`/e2e-web/${tag}/users/:id`, (c) => c.json({id: c.req.param('id')}));
		app.get(`/e2e-web/${tag}/fail`, () => {
			throw new Error('fail');
		});
		app.onError((_error, c) => c.text('handled', 500));
		let url = '';
		const server: ServerType = await new Promise((resolve) => {
			const started = serve({fetch: app.fetch, port: 0, hostname: '127.0.0.1'}, (info: AddressInfo) => {
				url = `http://127.0.0.1:${info.port}`;
				resolve(started);
			});
		});
		const headers = {'user-agent': BROWSER_UA};
		await (await fetch(`${url}/e2e-web/${tag}/users/4815162342?utm_source=e2e&token=abc`, {headers})).text();
		await (await fetch(`${url}/e2e-web/${tag}/fail`, {headers})).text();
		await (await fetch(`${url}/e2e-web/${tag}/people/mary.major@example.com`, {headers})).text();
		const result = await analytics.shutdown(10_000);
		server.close();
		expect(result).toMatchObject({sent: 3, dropped: 0});

		const rows = await umami.query<{
			event_id: string;
			url_path: string;
			url_query: string | null;
			event_type: number;
		}>(
			`select event_id, url_path, url_query, event_type from website_event
			 where website_id = $1 and url_path like $2 order by url_path`,
			[umami.websiteId, `/e2e-web/${tag}/%`],
		);
		expect(rows.map((row) => [row.url_path, row.url_query, row.event_type])).toEqual([
			[`/e2e-web/${tag}/fail`, null, 1],
			[`/e2e-web/${tag}/people/[REDACTED_EMAIL]`, null, 1],
			[`/e2e-web/${tag}/users/:id`, 'utm_source=e2e', 1],
		]);
		const data = await umami.query<{
			url_path: string;
			event_key: string;
			string_value: string | null;
			number_value: string | null;
		}>(
			`select e.url_path, d.event_key, d.string_value, d.number_value from event_data d
			 join website_event e on e.event_id = d.website_event_id
			 where e.website_id = $1 and e.url_path like $2`,
			[umami.websiteId, `/e2e-web/${tag}/%`],
		);
		// Only the columns our events fill: Umami's random event_id may contain "abc" or any digits.
		const dump = JSON.stringify({
			rows: rows.map((row) => [row.url_path, row.url_query]),
			data: data.map((row) => [row.url_path, row.event_key, row.string_value, row.number_value]),
		});
		expect(dump).not.toMatch(/4815162342|mary|example\.com|abc|token/);
		{
			const keyed = (path: string, key: string) =>
				data.find((row) => row.url_path.endsWith(path) && row.event_key === key);
			expect(Number(keyed('/users/:id', 'status')?.number_value)).toBe(200);
			expect(keyed('/users/:id', 'route')?.string_value).toBe(`/e2e-web/${tag}/users/:id`);
			expect(Number(keyed('/fail', 'status')?.number_value)).toBe(500);
			expect(keyed('/fail', 'error')?.string_value).toBe('true');
		}
	});
});
