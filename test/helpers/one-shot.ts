/**
 * Runs the one-shot script of the natural-exit tests (`test/client/fixtures/natural-exit-child.ts`) in a
 * child process on the runtime under test, as a user would run it: it tracks three events and simply ends.
 */
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {tsCommand} from './runtime.js';

const child = join(import.meta.dirname, '../client/fixtures/natural-exit-child.ts');

/** How the child ended, its warnings on stderr, and the JSON line it wrote on exit. */
export interface OneShotOutcome {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	/** The stderr lines that are our warnings. */
	readonly warnings: string[];
	/** `beforeExits: -1` when the child wrote no report. */
	readonly report: {
		readonly beforeExits: number;
		readonly stats: {sent: number; state: string; dropped: Record<string, number>};
	};
}

/**
 * Runs the child with `mode`, `apiUrl` and `extra` arguments (website id, tag); `signal` is sent once it
 * printed `ready`.
 *
 * @example
 * ```ts
 * const outcome = await runOneShot('one-shot', server.url);
 * expect(outcome.warnings).toEqual([]);
 * ```
 */
export function runOneShot(
	mode: string,
	apiUrl: string,
	extra: readonly string[] = [],
	signal?: NodeJS.Signals,
): Promise<OneShotOutcome> {
	return new Promise((resolve, reject) => {
		const process_ = spawn(...tsCommand(child, [mode, apiUrl, ...extra]), {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		process_.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			// `process.kill(pid)`: Deno reports a child sent `child.kill(signal)` as ended by it even when it was handled.
			if (signal && process_.pid && chunk.toString().includes('ready')) process.kill(process_.pid, signal);
		});
		process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		process_.on('error', reject);
		process_.on('close', (code, exitSignal) => {
			const line = stdout.split('\n').find((text) => text.startsWith('{'));
			resolve({
				code,
				signal: exitSignal,
				warnings: stderr.split('\n').filter((text) => text.includes('umami-guard[natural-exit]')),
				report: line
					? (JSON.parse(line) as OneShotOutcome['report'])
					: {beforeExits: -1, stats: {sent: 0, state: 'none', dropped: {}}},
			});
		});
	});
}
