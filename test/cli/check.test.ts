import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {startFaultServer, type FaultServer, type RecordedRequest} from '../helpers/fault-server.js';
import {cli, envFor, WEBSITE_ID} from './harness.js';

const API_KEY = 'api_KEY_0123456789abcdefXYZ9';

let server: FaultServer;
beforeAll(async () => {
	server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => {
	server.reset();
	server.setHandler(undefined);
});

/** A read API on the fault server: login, API key, and metrics built from what it stored. */
function readApi(options: {stored?: boolean} = {}) {
	return (request: RecordedRequest) => {
		if (request.path === '/api/auth/login') {
			const body = JSON.parse(request.body) as {username: string; password: string};
			return body.username === 'admin' && body.password === 'correct-horse'
				? {type: 'json' as const, body: {token: 'session-token-abcdefghijkl'}}
				: {type: 'json' as const, status: 401, body: {error: 'unauthorized'}};
		}
		const authorized =
			request.headers['authorization'] === 'Bearer session-token-abcdefghijkl' ||
			request.headers['x-umami-api-key'] === API_KEY;
		if (request.path.startsWith('/api/websites/') && !request.path.endsWith('/metrics')) {
			if (!authorized) return {type: 'json' as const, status: 401, body: {}};
			// Umami 2.10 answers an admin `null` for a website it does not have.
			const known = request.path === `/api/websites/${WEBSITE_ID}`;
			return {type: 'json' as const, body: known ? {id: WEBSITE_ID, name: 'shop'} : null};
		}
		if (request.path.endsWith('/metrics')) {
			if (!authorized) return {type: 'json' as const, status: 401, body: {}};
			const rows =
				options.stored === false ? [] : server.stored.map((s) => ({x: s.event.payload?.['name'], y: 1}));
			return {type: 'json' as const, body: rows};
		}
		return undefined;
	};
}

describe('check', () => {
	test('accepted without credentials: exit 0, one event on /api/send', async () => {
		const result = await cli(['check'], {env: envFor(server.url)});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('heartbeat');
		expect(result.stdout).toMatch(/accepted/);
		expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/heartbeat',
			'POST /api/send',
		]);
		expect(server.stored).toHaveLength(1);
		expect(String(server.stored[0]?.event.payload?.['name'])).toMatch(/^umami_guard_check_[a-z]{8}$/);
	});

	test('says before sending that the test event is stored, and how to recognise it', async () => {
		const human = await cli(['check'], {env: envFor(server.url)});
		const name = String(server.stored[0]?.event.payload?.['name']);
		const lines = human.stdout.split('\n');
		const notice = lines.findIndex((line) => line.includes('stores') && line.includes(name));
		expect(notice).toBeGreaterThan(-1);
		expect(lines[notice]).toContain(`website ${WEBSITE_ID}`);
		expect(lines[notice]).toContain('URL /umami-guard/check');
		expect(lines[notice]).toContain('--no-event');
		expect(notice).toBeLessThan(lines.findIndex((line) => line.includes('accepted by /api/send')));
		expect(server.stored[0]?.event.payload).toMatchObject({url: '/umami-guard/check'});
		const json = await cli(['check', '--json'], {env: envFor(server.url)});
		expect(JSON.parse(json.stdout)).toMatchObject({event: {url: '/umami-guard/check'}});
		expect((await cli(['check', '--help'])).stdout).toContain('IS STORED');
	});

	test('stored: read back after login (self-hosted), --json parses', async () => {
		server.setHandler(readApi());
		const result = await cli(['check', '--json', '--username', 'admin'], {
			env: envFor(server.url, {UMAMI_PASSWORD: 'correct-horse'}),
		});
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as Record<string, unknown>;
		expect(report).toMatchObject({
			ok: true,
			exitCode: 0,
			outcome: 'stored',
			readBack: {via: 'login', confirmed: true},
		});
		expect(result.stdout + result.stderr).not.toContain('correct-horse');
		expect(result.stdout + result.stderr).not.toContain('session-token-abcdefghijkl');
	});

	test('stored: read back with an API key, which is never printed', async () => {
		server.setHandler(readApi());
		const env = envFor(server.url, {UMAMI_API_KEY: API_KEY});
		const outputs: string[] = [];
		for (const args of [
			['check', '--read-api-url', `${server.url}/v1`],
			['check', '--json', '--read-api-url', `${server.url}/v1`],
		]) {
			const result = await cli(args, {env});
			expect(result.code).toBe(0);
			outputs.push(result.stdout, result.stderr);
		}
		const all = outputs.join('\n');
		expect(all).toContain('****XYZ9');
		expect(all).not.toContain(API_KEY);
		expect(all).not.toContain(API_KEY.slice(0, 12));
		const metrics = server.requests.find((r) => r.path.endsWith('/metrics'));
		expect(metrics?.path).toBe(`/v1/websites/${WEBSITE_ID}/metrics`);
		expect(metrics?.headers['x-umami-api-key']).toBe(API_KEY);
	});

	test.each([
		{
			name: '2.10',
			routes: {'/api/version': {version: '2.10.0'}} as Record<string, unknown>,
			batch: 404,
			// 2.10's dynamic /api/reports/[reportId] answers 401 for "revenue" too: the route's answer proves nothing.
			revenue: 401,
			server: {version: '2.10.0', major: 2, minor: 10, batch: false, revenueReport: false},
			line: 'Umami 2.10.0; batch endpoint no, revenue report no',
		},
		{
			name: '3.1',
			routes: {'/api/heartbeat': {ok: true}} as Record<string, unknown>,
			batch: 200,
			revenue: 405,
			server: {version: '3.x', major: 3, batch: true, revenueReport: true, versionFrom: 'heartbeat_shape'},
			line: 'Umami 3.x; batch endpoint yes, revenue report yes',
		},
	])('with the read API reachable: the server version and what it supports ($name)', async (c) => {
		const read = readApi();
		server.setHandler((request) => {
			if (request.path === '/api/version') {
				return c.routes['/api/version'] === undefined
					? {type: 'status', status: 404}
					: {type: 'json', body: c.routes['/api/version']};
			}
			if (request.path === '/api/heartbeat' && c.routes['/api/heartbeat'] !== undefined) {
				return {type: 'json', body: c.routes['/api/heartbeat']};
			}
			if (request.path === '/api/scripts/telemetry') return {type: 'text', body: '/* telemetry disabled */'};
			if (request.path === '/api/batch') return {type: 'json', status: c.batch, body: {}};
			if (request.path.startsWith('/api/reports/')) return {type: 'status', status: c.revenue};
			return read(request);
		});
		const env = envFor(server.url, {UMAMI_PASSWORD: 'correct-horse'});
		const json = await cli(['check', '--json', '--username', 'admin'], {env});
		expect(json.code).toBe(0);
		expect(JSON.parse(json.stdout)).toMatchObject({outcome: 'stored', server: c.server});
		const text = await cli(['check', '--username', 'admin'], {env});
		expect(text.stdout).toContain(`✓ server     ${c.line}`);
		// The batch probe is an empty array: nothing stored by it.
		expect(
			server.stored.every((s) => String(s.event.payload?.['name']).startsWith('umami_guard_check_')),
		).toBe(true);
	});

	test('accepted but missing from the read API: exit 1 not_stored', async () => {
		server.setHandler(readApi({stored: false}));
		const result = await cli(['check', '--json', '--username', 'admin', '--password', 'correct-horse'], {
			env: envFor(server.url),
		});
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'not_stored', readBack: {confirmed: false}});
	});

	test('bad credentials: exit 2 auth_failed', async () => {
		server.setHandler(readApi());
		const result = await cli(['check', '--username', 'admin', '--password', 'wrong-password'], {
			env: envFor(server.url),
		});
		expect(result.code).toBe(2);
		expect(result.stdout).toContain('refused the credentials');
		expect(result.stdout).not.toContain('wrong-password');
	});

	test.each([
		['v3 {"beep":"boop"}', {beep: 'boop'}],
		['v2.10 {}', {}],
	])('bot-dropped (%s): exit 1 bot_filtered', async (_label, body) => {
		server.setHandler((request) => (request.path === '/api/send' ? {type: 'json', body} : undefined));
		const result = await cli(['check', '--json'], {env: envFor(server.url)});
		expect(result.code).toBe(1);
		const report = JSON.parse(result.stdout) as {outcome: string; message: string};
		expect(report.outcome).toBe('bot_filtered');
		expect(report.message).toContain('user_agent');
	});

	test.each([400, 403])('website not found (HTTP %i): exit 1 website_not_found', async (status) => {
		server.setHandler((request) =>
			request.path === '/api/send'
				? {type: 'text', status, body: `Website not found: ${WEBSITE_ID}.`}
				: undefined,
		);
		const human = await cli(['check'], {env: envFor(server.url)});
		expect(human.code).toBe(1);
		expect(human.stdout).toContain('website_not_found');
		expect(human.stdout).toContain('UMAMI_WEBSITE_ID');
		const json = await cli(['check', '--json'], {env: envFor(server.url)});
		expect(JSON.parse(json.stdout)).toMatchObject({outcome: 'website_not_found', event: {status}});
	});

	test('other refusal: exit 1 rejected', async () => {
		server.setHandler((request) =>
			request.path === '/api/send'
				? {type: 'json', status: 400, body: {error: {message: 'Bad request'}}}
				: undefined,
		);
		const result = await cli(['check', '--json'], {env: envFor(server.url)});
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'rejected'});
	});

	test('server error on send: exit 1 server_error', async () => {
		server.setHandler((request) =>
			request.path === '/api/send' ? {type: 'status', status: 500} : undefined,
		);
		const result = await cli(['check', '--json', '--timeout', '2000'], {env: envFor(server.url)});
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'server_error'});
	});

	test('endpoint "batch" on an Umami without /api/batch (2.10): exit 1 no_batch_endpoint', async () => {
		const old = await startFaultServer({version: '2.10'});
		try {
			const {mkdtempSync, writeFileSync} = await import('node:fs');
			const {join} = await import('node:path');
			const {tmpdir} = await import('node:os');
			const file = join(mkdtempSync(join(tmpdir(), 'umami-guard-check-')), 'config.yaml');
			writeFileSync(file, 'umami:\n  transport:\n    endpoint: batch\n');
			const result = await cli(['check', '--json', '--config', file], {env: envFor(old.url)});
			expect(result.code).toBe(1);
			expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'no_batch_endpoint'});
			const auto = await cli(['check', '--json'], {env: envFor(old.url)});
			expect(auto.code).toBe(0);
			expect(old.requests.filter((request) => request.path === '/api/batch')).toHaveLength(1);
		} finally {
			await old.close();
		}
	});

	describe('--no-event: stores nothing', () => {
		const sentNothing = (): void => {
			expect(server.stored).toEqual([]);
			expect(server.requests.filter((r) => r.path === '/api/send' || r.body.length > 2)).toEqual([
				// The login is the only request with a body (and it stores no event).
				...server.requests.filter((r) => r.path === '/api/auth/login'),
			]);
		};

		test('without credentials: reachable, exit 0, only the heartbeat, and it says what it did not check', async () => {
			const result = await cli(['check', '--no-event', '--json'], {env: envFor(server.url)});
			expect(result.code).toBe(0);
			const report = JSON.parse(result.stdout) as {outcome: string; message: string; event?: unknown};
			expect(report).toMatchObject({
				outcome: 'reachable',
				readOnly: {userAgentIsBot: false, website: 'not_checked'},
			});
			expect(report.event).toBeUndefined();
			expect(report.message).toContain('nothing was stored');
			expect(report.message).toContain('without --no-event');
			expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/heartbeat']);
		});

		test('with a login: the credentials and the website are checked, then the server', async () => {
			server.setHandler(readApi());
			const env = envFor(server.url, {UMAMI_PASSWORD: 'correct-horse'});
			const result = await cli(['check', '--no-event', '--username', 'admin'], {env});
			expect(result.code).toBe(0);
			expect(result.stdout).toContain("✓ user agent passes Umami's bot test");
			expect(result.stdout).toContain('✓ website    exists (read API, login as admin)');
			expect(result.stdout).toContain('server     Umami');
			expect(result.stdout).not.toMatch(/^ {2}\S*stores /m);
			expect(result.stdout + result.stderr).not.toContain('session-token-abcdefghijkl');
			sentNothing();
		});

		test('an unknown website: exit 1 website_not_found, still nothing sent', async () => {
			server.setHandler(readApi());
			const env = envFor(server.url, {
				UMAMI_PASSWORD: 'correct-horse',
				UMAMI_WEBSITE_ID: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f',
			});
			const result = await cli(['check', '--no-event', '--json', '--username', 'admin'], {env});
			expect(result.code).toBe(1);
			expect(JSON.parse(result.stdout)).toMatchObject({
				outcome: 'website_not_found',
				readOnly: {website: 'not_found'},
			});
			sentNothing();
		});

		test('refused credentials: exit 2 auth_failed', async () => {
			server.setHandler(readApi());
			const result = await cli(['check', '--no-event', '--json', '--username', 'admin'], {
				env: envFor(server.url, {UMAMI_PASSWORD: 'wrong-password'}),
			});
			expect(result.code).toBe(2);
			expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'auth_failed'});
			sentNothing();
		});

		test('a bot User-Agent: exit 1 bot_filtered, found without sending', async () => {
			const {mkdtempSync, writeFileSync} = await import('node:fs');
			const {join} = await import('node:path');
			const {tmpdir} = await import('node:os');
			const file = join(mkdtempSync(join(tmpdir(), 'umami-guard-check-')), 'config.yaml');
			writeFileSync(file, 'umami:\n  transport:\n    user_agent: curl/8.5.0\n');
			const result = await cli(['check', '--no-event', '--json', '--config', file], {
				env: envFor(server.url),
			});
			expect(result.code).toBe(1);
			expect(JSON.parse(result.stdout)).toMatchObject({
				outcome: 'bot_filtered',
				readOnly: {userAgentIsBot: true},
			});
			sentNothing();
		});
	});

	test('unreachable: exit 3', async () => {
		const down = await startFaultServer();
		const url = down.url;
		await down.close();
		const result = await cli(['check'], {env: envFor(url)});
		expect(result.code).toBe(3);
		expect(result.stdout).toContain('ECONNREFUSED');
		const json = await cli(['check', '--json'], {env: envFor(url)});
		expect(JSON.parse(json.stdout)).toMatchObject({ok: false, exitCode: 3, outcome: 'unreachable'});
	});

	test('a port the fetch standard blocks (9, the discard port): exit 3, named BAD_PORT', async () => {
		const result = await cli(['check'], {env: envFor('http://127.0.0.1:9')});
		expect(result.code).toBe(3);
		expect(result.stdout).toContain('BAD_PORT');
	});

	test('heartbeat answered but not Umami: exit 3', async () => {
		server.setHandler((request) =>
			request.path === '/api/heartbeat' ? {type: 'status', status: 404} : undefined,
		);
		const result = await cli(['check'], {env: envFor(server.url)});
		expect(result.code).toBe(3);
		expect(result.stdout).toContain('HTTP 404');
	});
});
