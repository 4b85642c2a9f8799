/**
 * The ports of the test Umami and PostgreSQL (scripts/umami/common.sh): one pair per state dir, so two
 * checkouts on one machine never collide, and the pair a state dir already uses is kept. Only the port
 * choice is exercised here (nothing is started): common.sh is sourced in bash with a scratch state dir.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const common = resolve(import.meta.dirname, '../../scripts/umami/common.sh');
const scratch = mkdtempSync(join(tmpdir(), 'umami-guard-ports-'));
const servers: Server[] = [];

interface Ports {
	umami: number;
	pg: number;
	url: string;
	database: string;
}

/** Sources common.sh for `state` (plus `script`) and reads the resulting ports. */
function ports(state: string, env: Record<string, string> = {}, script = ''): Ports {
	const output = execFileSync(
		'bash',
		[
			'-c',
			`set -euo pipefail; source "${common}"; ${script} echo "$UMAMI_PORT $UMAMI_PG_PORT $UMAMI_URL $UMAMI_DATABASE_URL"`,
		],
		{
			env: {PATH: process.env['PATH'] ?? '', HOME: scratch, UMAMI_GUARD_STATE: state, ...env},
			encoding: 'utf8',
		},
	);
	const [umami, pg, url, database] = output.trim().split('\n').pop()!.split(' ');
	return {umami: Number(umami), pg: Number(pg), url: url!, database: database!};
}

function stateDir(name: string): string {
	const dir = join(scratch, name);
	mkdirSync(dir, {recursive: true});
	return dir;
}

function listen(port: number): Promise<void> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(port, '127.0.0.1', () => done());
		servers.push(server);
	});
}

afterAll(async () => {
	await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
});

describe('test server ports (scripts/umami/common.sh)', () => {
	it('two state dirs (two checkouts) get different free pairs, and the URLs use them', () => {
		const first = ports(stateDir('checkout-a'));
		const second = ports(stateDir('checkout-b'));
		expect(first.umami).not.toBe(second.umami);
		for (const pair of [first, second]) {
			expect(pair.umami).toBeGreaterThanOrEqual(20_000);
			expect(pair.umami).toBeLessThan(30_000);
			expect(pair.pg).toBe(pair.umami + 1);
			expect(pair.url).toBe(`http://127.0.0.1:${pair.umami}`);
			expect(pair.database).toBe(`postgres://umami:umami@127.0.0.1:${pair.pg}/umami`);
		}
		// The same state dir gets the same pair again.
		expect(ports(join(scratch, 'checkout-a'))).toEqual(first);
	});

	it('skips a pair that another process holds', async () => {
		const state = stateDir('busy');
		const before = ports(state);
		await listen(before.umami);
		const after = ports(state);
		expect(after.umami).not.toBe(before.umami);
		expect(after.pg).not.toBe(before.umami);
	});

	it('keeps what start.sh recorded, a state started before per-checkout ports, and explicit settings', () => {
		const recorded = stateDir('recorded');
		writeFileSync(join(recorded, 'ports'), 'UMAMI_PORT=21111\nUMAMI_PG_PORT=21112\n');
		expect(ports(recorded)).toMatchObject({umami: 21_111, pg: 21_112});

		// A state dir whose servers were started on the old fixed ports keeps them (its env file says so).
		const legacy = stateDir('legacy');
		writeFileSync(
			join(legacy, 'env'),
			'UMAMI_E2E_URL=http://127.0.0.1:3917\nUMAMI_E2E_WEBSITE_ID=x\nUMAMI_E2E_DATABASE_URL=postgres://umami:umami@127.0.0.1:54329/umami\n',
		);
		expect(ports(legacy)).toMatchObject({umami: 3917, pg: 54_329});

		expect(ports(recorded, {UMAMI_PORT: '4000', UMAMI_PG_PORT: '4001'})).toMatchObject({
			umami: 4000,
			pg: 4001,
		});
	});

	it('start.sh moves a recorded port that another process took while our server was down, never an explicit one', async () => {
		const state = stateDir('taken');
		const taken = ports(state).umami;
		writeFileSync(join(state, 'ports'), `UMAMI_PORT=${taken}\nUMAMI_PG_PORT=${taken + 1}\n`);
		await listen(taken);
		const moved = ports(state, {}, 'reselect_port UMAMI_PORT false; set_urls;');
		expect(moved.umami).not.toBe(taken);
		expect(moved.url).toBe(`http://127.0.0.1:${moved.umami}`);
		const kept = ports(state, {UMAMI_PORT: String(taken)}, 'reselect_port UMAMI_PORT false; set_urls;');
		expect(kept.umami).toBe(taken);
	});
});
