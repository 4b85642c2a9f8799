/**
 * The vitest global setup that stops a real Umami the test run started (test/helpers/umami-global-setup.ts).
 * A stand-in process whose command line names `next` (what scripts/umami/stop.sh checks before it signals a
 * pid) plays the server; the state dir is a scratch one, so nothing real is touched.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import setup from '../helpers/umami-global-setup.js';

const saved = {...process.env};
let state: string;
const pids: number[] = [];

/**
 * Starts the stand-in detached from this process (its parent shell exits at once), so that it is reaped as
 * soon as it ends — a child of this worker would linger as a zombie while stop.sh runs synchronously.
 */
function fakeUmami(): number {
	const script = `"${process.execPath}" -e 'setInterval(() => {}, 1000)' next </dev/null >/dev/null 2>&1 & echo $!`;
	const pid = Number(execFileSync('bash', ['-c', script], {encoding: 'utf8'}).trim());
	pids.push(pid);
	writeFileSync(join(state, 'umami.pid'), String(pid));
	return pid;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

beforeEach(() => {
	state = mkdtempSync(join(tmpdir(), 'umami-guard-teardown-'));
	process.env['UMAMI_GUARD_STATE'] = state;
	process.env['UMAMI_PG_DIR'] = join(state, 'no-cluster');
	delete process.env['UMAMI_E2E_URL'];
});

afterEach(() => {
	for (const pid of pids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
	process.env = {...saved};
});

describe('npm test stops what it started', () => {
	it('stops a server the run started', () => {
		const teardown = setup();
		const server = fakeUmami();
		teardown();
		expect(alive(server)).toBe(false);
	}, 30_000);

	it('leaves a server that was running before the run, and one given by UMAMI_E2E_URL', () => {
		const before = fakeUmami();
		setup()();
		expect(alive(before)).toBe(true);

		process.env['UMAMI_E2E_URL'] = 'http://127.0.0.1:1';
		const teardown = setup();
		writeFileSync(join(state, 'umami.pid'), '');
		const external = fakeUmami();
		teardown();
		expect(alive(external)).toBe(true);
	}, 30_000);
});
