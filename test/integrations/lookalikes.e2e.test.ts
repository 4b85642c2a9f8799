/**
 * End to end against the real Umami: a card number whose groups are joined by no-break spaces (`%C2%A0`), in the
 * path and the query of a request to a real Express app. On main it was stored verbatim; the rows read back with
 * SQL must hold the marker and none of its digits.
 */
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import express from 'express';
import {describe, expect, it} from 'vitest';
import {umamiExpress} from '../../src/integrations/express.js';
import {BROWSER_UA, e2eAnalytics, runTag, useUmami, type UmamiE2E} from '../helpers/umami.js';

interface Row extends Record<string, unknown> {
	url_path: string;
	url_query: string | null;
}

const CARD = '4111%C2%A01111%C2%A01111%C2%A01111';

let umami: UmamiE2E;
useUmami((started) => (umami = started));

describe('look-alike separators through umamiExpress → real Umami', () => {
	it('stores the card in the path and the query as [REDACTED_CARD]', async () => {
		const tag = runTag();
		const analytics = e2eAnalytics(umami, tag);
		const app = express();
		app.use(umamiExpress(analytics));
		app.get('/ok', (_req, res) => void res.send('ok'));
		const server = await new Promise<Server>((resolve) => {
			const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			// The first request opens the session; Umami 2.10 races on parallel first requests.
			await fetch(`${base}/ok?utm_source=${tag}`, {headers: {'user-agent': BROWSER_UA}});
			// No route answers it: the 404 is tracked under its sanitized path; `ref` is in the default allowlist.
			const response = await fetch(`${base}/u/${CARD}?ref=${CARD}&utm_source=${tag}`, {
				headers: {'user-agent': BROWSER_UA},
			});
			expect(response.status).toBe(404);
			await analytics.flush();
		} finally {
			await analytics.shutdown();
			await new Promise((resolve) => server.close(resolve));
		}
		const rows = await umami.query<Row>(
			`select url_path, url_query from website_event
			 where website_id = $1 and url_query like $2 and url_path like '/u/%'`,
			[umami.websiteId, `%utm_source=${tag}%`],
		);
		expect(rows).toHaveLength(1);
		const row = rows[0]!;
		expect(row.url_path).toBe('/u/[REDACTED_CARD]');
		expect(decodeURIComponent(row.url_query ?? '')).toContain('ref=[REDACTED_CARD]');
		// Only the columns our event fills.
		expect(JSON.stringify([row.url_path, row.url_query])).not.toMatch(/1111|4111|%C2%A0/i);
	});
});
