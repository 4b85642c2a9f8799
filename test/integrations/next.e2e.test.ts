/**
 * End to end: an App Router route handler wrapped by `withUmamiRoute`, called as Next.js calls it, flushing
 * through `after`, sends to the REAL Umami of the test suite (v2.10.0 + PostgreSQL); rows read back by SQL.
 */
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {withUmamiRoute} from '../../src/integrations/next.js';
import {BROWSER_UA, runTag, useUmami, type UmamiE2E} from '../helpers/umami.js';

let umami: UmamiE2E;
useUmami((started) => (umami = started));

describe('withUmamiRoute → real Umami 2.10', () => {
	it('stores the route template given as `route`; the flush scheduled through after() delivers it', async () => {
		const tag = runTag();
		const analytics = new UmamiAnalytics(
			resolveConfig(`e2e-next-${tag}`, {
				env: {},
				configFile: false,
				websiteId: umami.websiteId,
				apiUrl: umami.url,
				flushIntervalMs: 60_000,
			}),
		);
		const tasks: (() => Promise<unknown>)[] = [];
		const after = (task: () => Promise<unknown>) => void tasks.push(task);
		const route = `/e2e-web/${tag}/api/users/[id]`;
		const GET = withUmamiRoute(
			async (_request: Request, {params}: {params: Promise<{id: string}>}) => Response.json(await params),
			{analytics, route, after},
		);
		const request = new Request(`https://app.example.com/e2e-web/${tag}/api/users/u-998877?utm_source=e2e`, {
			headers: {'user-agent': BROWSER_UA, 'accept-language': 'en-GB'},
		});
		const response = await GET(request, {params: Promise.resolve({id: 'u-998877'})});
		expect(await response.json()).toEqual({id: 'u-998877'});
		const [flushed] = await Promise.all(tasks.map((task) => task()));
		expect(flushed).toMatchObject({sent: 1});
		await analytics.shutdown(5000);

		const rows = await umami.query<{url_path: string; url_query: string | null; event_type: number}>(
			`select url_path, url_query, event_type from website_event where website_id = $1 and url_path like $2`,
			[umami.websiteId, `/e2e-web/${tag}/%`],
		);
		expect(rows).toEqual([{url_path: route, url_query: 'utm_source=e2e', event_type: 1}]);
		expect(JSON.stringify(rows)).not.toContain('998877');
	});
});
