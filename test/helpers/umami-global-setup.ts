/**
 * Vitest global setup: a real Umami that this test run started (test/helpers/umami.ts starts one on demand
 * in this checkout's state dir) is stopped when the run ends, so `npm test` leaves nothing running. A server
 * that was already running, or one given through UMAMI_E2E_URL, is left alone.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {umamiStateDir} from './umami.js';

const stopScript = fileURLToPath(new URL('../../scripts/umami/stop.sh', import.meta.url));

/** True when the state dir's pid file names a live process. */
function umamiRunning(state: string): boolean {
	const file = `${state}/umami.pid`;
	if (!existsSync(file)) return false;
	const pid = Number(readFileSync(file, 'utf8').trim());
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Runs before every test file; returns the teardown. */
export default function setup(): () => void {
	const state = umamiStateDir();
	const external = Boolean(process.env['UMAMI_E2E_URL']);
	const runningBefore = umamiRunning(state);
	return () => {
		if (external || runningBefore || !umamiRunning(state)) return;
		try {
			execFileSync('bash', [stopScript], {stdio: 'ignore', timeout: 120_000});
		} catch {
			// Stopping is best effort; scripts/umami/stop.sh says what failed when run by hand.
		}
	};
}
