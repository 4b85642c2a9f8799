import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {FaultServer} from '../helpers/fault-server.js';
import {useFaultServer} from '../helpers/use-fault-server.js';
import {tsCommand} from '../helpers/runtime.js';

const child = join(import.meta.dirname, 'fixtures/exit-child.ts');
let server: FaultServer;
useFaultServer((started) => (server = started));

/** Runs the child; `signal` is sent once it printed `ready`. Resolves with how it ended. */
function run(
	mode: string,
	signal?: NodeJS.Signals,
): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
	return new Promise((resolve, reject) => {
		// On the runtime under test; with Node, `node --import tsx` (the tsx binary would eat signals).
		const process_ = spawn(...tsCommand(child, [mode, server.url]), {stdio: ['ignore', 'pipe', 'inherit']});
		process_.stdout.on('data', (chunk: Buffer) => {
			// `process.kill(pid)`: Deno 2.9 reports a child sent `child.kill(signal)` as ended by that signal
			// even when the child handled it and exited with its own code.
			if (signal && process_.pid && chunk.toString().includes('ready')) process.kill(process_.pid, signal);
		});
		process_.on('error', reject);
		process_.on('exit', (code, exitSignal) => resolve({code, signal: exitSignal}));
	});
}

describe('exit hooks', () => {
	it('without them, a script that ends still delivers what is queued (the natural exit is on by default)', async () => {
		expect(await run('no-hooks')).toEqual({code: 0, signal: null});
		expect(server.tally(5)).toEqual({stored: 5, missing: [], duplicated: []});
	}, 30_000);

	it('with them, beforeExit delivers what is queued, and the process still ends with code 0', async () => {
		expect(await run('beforeExit')).toEqual({code: 0, signal: null});
		expect(server.tally(5)).toEqual({stored: 5, missing: [], duplicated: []});
	}, 30_000);

	it('SIGTERM delivers, then the process ends by the signal as it would have', async () => {
		expect(await run('sigterm', 'SIGTERM')).toEqual({code: null, signal: 'SIGTERM'});
		expect(server.tally(5)).toEqual({stored: 5, missing: [], duplicated: []});
	}, 30_000);

	it('an app that handles SIGTERM itself keeps its own exit code', async () => {
		expect(await run('sigterm-handled', 'SIGTERM')).toEqual({code: 7, signal: null});
		expect(server.tally(5)).toEqual({stored: 5, missing: [], duplicated: []});
	}, 30_000);
});
