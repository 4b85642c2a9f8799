import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {cli, envFor, spawnCli, WEBSITE_ID} from './harness.js';

let server: FaultServer;
beforeAll(async () => {
	server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => {
	server.reset();
	server.setHandler(undefined);
});

describe('send', () => {
	test('delivers one sanitized event and prints it', async () => {
		const result = await cli(
			[
				'send',
				'signup',
				'--data',
				'{"email":"ada@example.com","plan":"pro"}',
				'--url',
				'/signup?email=ada@example.com',
			],
			{env: envFor(server.url)},
		);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('delivered');
		expect(result.stdout).toContain('email ×');
		expect(result.stdout).not.toContain('ada@example.com');
		expect(server.stored).toHaveLength(1);
		const payload = server.stored[0]!.event.payload!;
		expect(payload['name']).toBe('signup');
		expect(payload['data']).toEqual({email: '[REDACTED_EMAIL]', plan: 'pro'});
		expect(JSON.stringify(payload)).not.toContain('ada@example.com');
	});

	test("values over Umami's limits are adjusted and reported", async () => {
		const data = JSON.stringify({note: 'x'.repeat(800)});
		const result = await cli(['send', 'y'.repeat(70), '--data', data, '--json'], {env: envFor(server.url)});
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as {adjusted: number; event: {name: string}};
		expect(report.adjusted).toBeGreaterThanOrEqual(2);
		expect(report.event.name.length).toBeLessThanOrEqual(50);
	});

	test('--json output parses; pageview with --url', async () => {
		const result = await cli(['send', 'pageview', '--url', '/pricing', '--json'], {env: envFor(server.url)});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({
			ok: true,
			outcome: 'delivered',
			status: 200,
			event: {url: '/pricing'},
		});
		expect(server.stored[0]?.event.payload?.['name']).toBeUndefined();
	});

	test('--revenue/--currency send a revenue event, named purchase unless given', async () => {
		const result = await cli(['send', '--revenue', '19.99', '--currency', 'eur', '--json'], {
			env: envFor(server.url),
		});
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({
			outcome: 'delivered',
			event: {name: 'purchase', data: {revenue: 19.99, currency: 'EUR'}},
		});
		const named = await cli(
			['send', 'renewal', '--revenue', '5', '--currency', 'USD', '--data', '{"plan":"pro"}'],
			{
				env: envFor(server.url),
			},
		);
		expect(named.code, named.stderr).toBe(0);
		expect(server.stored.map((stored) => stored.event.payload)).toMatchObject([
			{name: 'purchase', data: {revenue: 19.99, currency: 'EUR'}},
			{name: 'renewal', data: {plan: 'pro', revenue: 5, currency: 'USD'}},
		]);
	});

	test.each([
		[['--revenue', '19.99999', '--currency', 'EUR'], '≤ 4 decimals'],
		[['--revenue', '1e3', '--currency', 'EUR'], 'plain decimal'],
		[['--revenue', '0', '--currency', 'EUR'], 'greater than 0'],
		[['--revenue', '5', '--currency', 'EURO'], '3-letter ISO 4217'],
		[['--revenue', '5', '--currency', 'XYZ'], 'not an ISO 4217 code'],
		[['--revenue', '5'], 'needs --currency'],
		[['--currency', 'EUR'], 'goes with --revenue'],
		[['pageview', '--revenue', '5', '--currency', 'EUR'], 'custom event'],
	])('send %j: usage error, exit 2, nothing sent (%s)', async (args, message) => {
		const result = await cli(['send', ...args], {env: envFor(server.url)});
		expect(result.code).toBe(2);
		expect(result.stderr + result.stdout).toContain(message);
		expect(server.stored).toHaveLength(0);
	});

	test('dropped as a bot: exit 1 with the reason', async () => {
		server.setHandler(() => ({type: 'json', body: {beep: 'boop'}}));
		const result = await cli(['send', 'signup', '--json'], {env: envFor(server.url)});
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({ok: false, outcome: 'dropped', reason: 'bot_filtered'});
	});

	test("rejected: exit 1 and Umami's answer", async () => {
		server.setHandler(() => ({type: 'text', status: 400, body: 'Website not found.'}));
		const result = await cli(['send', 'signup'], {env: envFor(server.url)});
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('rejected');
		expect(result.stdout).toContain('Website not found');
	});

	test('unreachable: exit 3', async () => {
		const down = await startFaultServer();
		await down.close();
		const result = await cli(['send', 'signup', '--timeout', '1000', '--json'], {env: envFor(down.url)});
		expect(result.code).toBe(3);
		expect(JSON.parse(result.stdout)).toMatchObject({outcome: 'unreachable'});
	});

	test('unreachable: a failure on stderr naming the host and the error class, never "sent"', async () => {
		const down = await startFaultServer();
		await down.close();
		const result = await cli(['send', 'signup', '--timeout', '1000'], {env: envFor(down.url)});
		expect(result.code).toBe(3);
		expect(result.stdout).not.toMatch(/^sent/m);
		expect(result.stdout).not.toContain('shutdown_timeout');
		const host = new URL(down.url).host;
		expect(result.stderr).toContain(`failed not delivered: cannot reach ${host} (ECONNREFUSED)`);
	});

	test('a mistyped flag: "did you mean" the known one', async () => {
		const result = await cli(['send', 'signup', '--websiteid', WEBSITE_ID], {env: envFor(server.url)});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('unknown option --websiteid — did you mean --website-id?');
		const far = await cli(['send', 'signup', '--zzzzzzzz'], {env: envFor(server.url)});
		expect(far.stderr).toContain('unknown option --zzzzzzzz (see --help)');
	});

	test('usage errors: exit 2', async () => {
		expect((await cli(['send'], {env: envFor(server.url)})).code).toBe(2);
		expect((await cli(['send', 'a', '--data', '{nope'], {env: envFor(server.url)})).code).toBe(2);
		const array = await cli(['send', 'a', '--data', '[1]', '--json'], {env: envFor(server.url)});
		expect(array.code).toBe(2);
		expect(JSON.parse(array.stdout)).toMatchObject({error: {kind: 'usage'}});
	});

	test('as a process, with an API key in env that never shows', async () => {
		const key = 'secret_api_key_ABCDEFGHIJ0123';
		const result = await spawnCli(['send', 'signup', '--json'], {
			env: envFor(server.url, {UMAMI_API_KEY: key}),
		});
		expect(result.code).toBe(0);
		expect(result.stdout + result.stderr).not.toContain(key);
	});
});

describe('trial findings', () => {
	test('a page view is named "page view" in the human line (its wire type is "event")', async () => {
		const result = await cli(['send', 'pageview', '--url', '/pricing'], {env: envFor(server.url)});
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/sent\s+page view \{"type":"event","url":"\/pricing"\}/);
	});

	test('an UMAMI_API_URL ending in /api/send reaches /api/send, not /api/send/api/send', async () => {
		const result = await cli(['send', 'signup'], {env: envFor(`${server.url}/api/send`)});
		expect(result.code).toBe(0);
		expect(server.requests.map((request) => request.path)).toEqual(['/api/send']);
	});

	test('the top-level help names exit code 4, which audit uses', async () => {
		const result = await cli(['--help'], {env: {}});
		expect(result.stdout).toMatch(/4 audit incomplete/);
	});
});
