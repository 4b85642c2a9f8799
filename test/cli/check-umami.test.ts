/**
 * `check` and `send` against the REAL Umami v2.10 of the test suite (started by scripts/umami/start.sh):
 * the test event is stored, read back through Umami's own API after logging in as admin/umami, and
 * found in the database.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startUmami, type UmamiE2E} from '../helpers/umami.js';
import {cli} from './harness.js';

let umami: UmamiE2E;
beforeAll(async () => {
	umami = await startUmami();
}, 600_000);
afterAll(() => umami?.close());

describe('check against a real Umami', () => {
	test('stored, confirmed through the read API (login admin/umami) and in the database', async () => {
		const env = {UMAMI_API_URL: umami.url, UMAMI_WEBSITE_ID: umami.websiteId, UMAMI_PASSWORD: 'umami'};
		const result = await cli(['check', '--json', '--username', 'admin'], {env});
		const report = JSON.parse(result.stdout) as {
			outcome: string;
			event: {name: string};
			readBack: {confirmed: boolean};
			server: unknown;
		};
		expect(report.outcome).toBe('stored');
		expect(report.server).toMatchObject({version: '2.10.0', batch: false, revenueReport: false});
		expect(result.code).toBe(0);
		expect(report.readBack.confirmed).toBe(true);
		const rows = await umami.query<{event_name: string; url_path: string}>(
			'select event_name, url_path from website_event where website_id = $1 and event_name = $2',
			[umami.websiteId, report.event.name],
		);
		expect(rows).toEqual([{event_name: report.event.name, url_path: '/umami-guard/check'}]);
	});

	test('--no-event: credentials and website checked through the read API, no event sent', async () => {
		const posts: string[] = [];
		const recording: typeof fetch = (input, init) => {
			const url = new URL(input instanceof Request ? input.url : String(input));
			if ((init?.method ?? 'GET') !== 'GET') posts.push(`${url.pathname} ${String(init?.body ?? '')}`);
			return fetch(input, init);
		};
		const env = {UMAMI_API_URL: umami.url, UMAMI_WEBSITE_ID: umami.websiteId, UMAMI_PASSWORD: 'umami'};
		const result = await cli(['check', '--no-event', '--json', '--username', 'admin'], {
			env,
			fetch: recording,
		});
		expect(JSON.parse(result.stdout)).toMatchObject({
			outcome: 'reachable',
			readOnly: {userAgentIsBot: false, website: 'found'},
			server: {version: '2.10.0'},
		});
		expect(result.code).toBe(0);
		// The login and the empty batch of the server probe: no event reached Umami's ingestion.
		expect(posts.map((post) => post.split(' ')[0])).toEqual(['/api/auth/login', '/api/batch']);
		expect(posts[1]).toBe('/api/batch []');

		const unknown = await cli(['check', '--no-event', '--json', '--username', 'admin'], {
			env: {...env, UMAMI_WEBSITE_ID: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f'},
		});
		expect(unknown.code).toBe(1);
		expect(JSON.parse(unknown.stdout)).toMatchObject({outcome: 'website_not_found'});
	});

	test('unknown website: exit 1 website_not_found', async () => {
		const env = {UMAMI_API_URL: umami.url, UMAMI_WEBSITE_ID: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f'};
		const result = await cli(['check', '--json'], {env});
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'website_not_found'});
	});

	test('a bot User-Agent is detected as silently dropped', async () => {
		const env = {UMAMI_API_URL: umami.url, UMAMI_WEBSITE_ID: umami.websiteId};
		const {mkdtempSync, writeFileSync} = await import('node:fs');
		const {join} = await import('node:path');
		const {tmpdir} = await import('node:os');
		const file = join(mkdtempSync(join(tmpdir(), 'umami-guard-check-')), 'config.yaml');
		writeFileSync(file, 'umami:\n  transport:\n    user_agent: curl/8.5.0\n');
		const result = await cli(['check', '--json', '--config', file], {env});
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'bot_filtered'});
	});

	test('send stores a sanitized event', async () => {
		const env = {UMAMI_API_URL: umami.url, UMAMI_WEBSITE_ID: umami.websiteId};
		const name = `cli_send_${Date.now().toString(36).replace(/\d/g, '')}`;
		const result = await cli(['send', name, '--data', '{"email":"grace@example.com","plan":"team"}'], {env});
		expect(result.code).toBe(0);
		const rows = await umami.query<{data_key: string; string_value: string}>(
			`select d.event_key as data_key, d.string_value from event_data d join website_event e on e.event_id = d.website_event_id
			 where e.website_id = $1 and e.event_name = $2 order by d.event_key`,
			[umami.websiteId, name],
		);
		expect(rows).toEqual([
			{data_key: 'email', string_value: '[REDACTED_EMAIL]'},
			{data_key: 'plan', string_value: 'team'},
		]);
	});
});
