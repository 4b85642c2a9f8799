/**
 * End to end: a plain fetch handler wrapped by `withUmami`, served on 127.0.0.1, sends to the REAL Umami of
 * the test suite (v2.10.0 + PostgreSQL); the rows are read back with SQL.
 */
import {serve, type ServerType} from '@hono/node-server';
import type {AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {withUmami} from '../../src/integrations/fetch.js';
import {BROWSER_UA, runTag, useUmami, type UmamiE2E} from '../helpers/umami.js';

let umami: UmamiE2E;
useUmami((started) => (umami = started));

describe('withUmami → real Umami 2.10', () => {
	it('stores sanitized paths as custom events with status and duration of a streamed body', async () => {
		const tag = runTag();
		const analytics = new UmamiAnalytics(
			resolveConfig(`e2e-fetch-${tag}`, {
				env: {},
				configFile: false,
				websiteId: umami.websiteId,
				apiUrl: umami.url,
				flushIntervalMs: 60_000,
			}),
		);
		const handler = withUmami(
			(request: Request) => {
				const {pathname} = new URL(request.url);
				if (pathname.endsWith('/stream')) {
					let left = 3;
					return new Response(
						new ReadableStream<Uint8Array>({
							async pull(controller) {
								if (left-- === 0) return controller.close();
								await new Promise((resolve) => setTimeout(resolve, 60));
								controller.enqueue(new TextEncoder().encode('x'));
							},
						}),
					);
				}
				return new Response('missing', {status: 404});
			},
			{analytics, mode: 'event', eventName: 'http_request'},
		);
		let url = '';
		const server: ServerType = await new Promise((resolve) => {
			const started = serve({fetch: handler, port: 0, hostname: '127.0.0.1'}, (info: AddressInfo) => {
				url = `http://127.0.0.1:${info.port}`;
				resolve(started);
			});
		});
		const headers = {'user-agent': BROWSER_UA};
		expect(
			await (await fetch(`${url}/e2e-web/${tag}/stream?ref=docs&card=4111111111111111`, {headers})).text(),
		).toBe('xxx');
		await (await fetch(`${url}/e2e-web/${tag}/orders/4111-1111-1111-1111`, {headers})).text();
		const result = await analytics.shutdown(10_000);
		server.close();
		expect(result).toMatchObject({sent: 2, dropped: 0});

		const rows = await umami.query<{
			event_id: string;
			url_path: string;
			url_query: string | null;
			event_type: number;
			event_name: string;
		}>(
			`select event_id, url_path, url_query, event_type, event_name from website_event
			 where website_id = $1 and url_path like $2 order by url_path`,
			[umami.websiteId, `/e2e-web/${tag}/%`],
		);
		expect(rows.map((row) => [row.url_path, row.url_query, row.event_type, row.event_name])).toEqual([
			[`/e2e-web/${tag}/orders/[REDACTED_CARD]`, null, 2, 'http_request'],
			[`/e2e-web/${tag}/stream`, 'ref=docs', 2, 'http_request'],
		]);
		const data = await umami.query<{url_path: string; event_key: string; number_value: string | null}>(
			`select e.url_path, d.event_key, d.number_value from event_data d
			 join website_event e on e.event_id = d.website_event_id
			 where e.website_id = $1 and e.url_path like $2`,
			[umami.websiteId, `/e2e-web/${tag}/%`],
		);
		const number = (path: string, key: string) =>
			Number(data.find((row) => row.url_path.endsWith(path) && row.event_key === key)?.number_value);
		expect(number('/stream', 'status')).toBe(200);
		expect(number('/stream', 'duration_ms')).toBeGreaterThanOrEqual(150);
		expect(number('/orders/[REDACTED_CARD]', 'status')).toBe(404);
		// Only the columns our events fill: Umami's random event_id may contain "4111".
		const ours = {
			rows: rows.map((row) => [row.url_path, row.url_query, row.event_name]),
			data: data.map((row) => [row.url_path, row.event_key, row.number_value]),
		};
		expect(JSON.stringify(ours)).not.toMatch(/4111|card=/);
	});
});
