/**
 * Signals and `process.exit()` on the built package, in real child processes against a local server on
 * 127.0.0.1 that answers slowly, so that delivery is still under way when the next signal comes:
 * - one Ctrl-C often arrives as two SIGINTs a few ms apart (`node --watch`: the terminal's to the process
 *   group, and the watcher's). Neither `exitHooks` nor the README's own handler may die of the second one;
 * - a person who insists (a signal past the grace) ends the process at once, told what is abandoned;
 * - `process.exit()` with events still held says so on stderr, with the count and what to do; an uncaught
 *   error says that instead.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {SIGNAL_GRACE_MS} from '../../src/client/exit-hooks.js';
import {runtime} from '../helpers/runtime.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

const root = join(import.meta.dirname, '../..');
const child = join(import.meta.dirname, 'fixtures/signal-child.mjs');
let server: FaultServer;
useFaultServer((started) => (server = started));

beforeAll(() => {
	if (!existsSync(join(root, 'dist/index.js'))) throw new Error('build the package first (npm run build)');
});
beforeEach(() => {
	// Slow answers: the delivery started by the first signal is still running when the second arrives.
	server.setHandler(() => ({type: 'delay', ms: 400}));
});

interface Outcome {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stderr: string;
}

/** Runs the child; once it printed `ready`, sends SIGINT at each of `gapsMs` after the previous one. */
function run(mode: string, gapsMs: readonly number[] = []): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		const process_ = spawn(process.execPath, [child, mode, server.url], {stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		let started = false;
		process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		process_.stdout.on('data', (chunk: Buffer) => {
			if (started || !chunk.toString().includes('ready')) return;
			started = true;
			let delay = 0;
			for (const gap of gapsMs) {
				delay += gap;
				setTimeout(() => {
					if (process_.exitCode === null && process_.signalCode === null && process_.pid)
						process.kill(process_.pid, 'SIGINT');
				}, delay);
			}
		});
		process_.on('error', reject);
		process_.on('close', (code, signal) => resolve({code, signal, stderr}));
	});
}

describe('a Ctrl-C delivered twice, 10 ms apart', () => {
	it('exitHooks: the second SIGINT is absorbed, the events are delivered, the process ends by SIGINT', async () => {
		const outcome = await run('hooks', [0, 10]);
		expect(server.tally(5)).toEqual({stored: 5, missing: [], duplicated: []});
		expect(outcome).toMatchObject({code: null, signal: 'SIGINT'});
		expect(outcome.stderr).toBe('');
	}, 30_000);

	it("the README quick start's own handler: the events are delivered, exit code 0", async () => {
		const outcome = await run('readme', [0, 10]);
		expect(server.tally(5)).toEqual({stored: 5, missing: [], duplicated: []});
		expect(outcome).toMatchObject({code: 0, signal: null});
	}, 30_000);
});

describe('a person insisting (a second SIGINT after the grace)', () => {
	it('exitHooks: ends at once by SIGINT, after one stderr line with the count of abandoned events', async () => {
		server.setHandler(() => ({type: 'hang'}));
		const outcome = await run('hooks', [0, SIGNAL_GRACE_MS + 300]);
		expect(outcome).toMatchObject({code: null, signal: 'SIGINT'});
		const lines = outcome.stderr.trim().split('\n');
		expect(lines).toEqual([
			'umami-guard: SIGINT again during shutdown: exiting now, 5 events not delivered are abandoned',
		]);
	}, 30_000);
});

describe('process.exit()', () => {
	it('with events still held: one stderr warning with the count and what to do', async () => {
		server.setHandler(undefined);
		const outcome = await run('exit-held');
		expect(outcome).toMatchObject({code: 0, signal: null});
		const lines = outcome.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('process.exit() with 5 events not delivered');
		expect(lines[0]).toContain('Await analytics.shutdown() before process.exit()');
		expect(lines[0]).toContain('outbox');
		expect(lines[0]).not.toContain(server.url);
	}, 30_000);

	// Deno runs no `exit` listener when an uncaught error ends the process (docs/runtimes.md, skipped per runtime).
	it.skipIf(runtime === 'deno')(
		'an uncaught error instead: the warning says so, not process.exit()',
		async () => {
			server.setHandler(undefined);
			const outcome = await run('throw-held');
			expect(outcome).toMatchObject({code: 1, signal: null});
			expect(outcome.stderr).toContain('the script failed'); // Node prints `Error: …`, Bun `error: …`
			const ours = outcome.stderr.split('\n').filter((line) => line.startsWith('umami-guard:'));
			expect(ours).toEqual([
				'umami-guard: the process is ending after an uncaught error with 5 events not delivered (queued or in flight): they are lost. Enable the outbox (docs/outbox.md) to keep events across a crash for the next start.',
			]);
		},
		30_000,
	);

	it('after shutdown() delivered everything: no warning', async () => {
		server.setHandler(undefined);
		const outcome = await run('exit-after-shutdown');
		expect(outcome).toMatchObject({code: 0, signal: null});
		expect(server.tally(5)).toEqual({stored: 5, missing: [], duplicated: []});
		expect(outcome.stderr).toBe('');
	}, 30_000);
});
