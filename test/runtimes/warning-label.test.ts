/**
 * A warning printed without a logger names the runtime it came from: Bun's and Deno's own
 * `process.emitWarning` label every warning `(node:PID)` (new-user trial: a Bun app's warnings pointed at a
 * Node process), so there the line is written as `(bun:PID)` / `(deno:PID)`, and nothing under Bun's
 * `--no-warnings`, as on Node. The binaries come from devDependencies and run the TypeScript sources.
 */
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {childOptions} from '../helpers/runtime.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = `${root}test/runtimes/fixtures/warning.ts`;
const BUN = `${root}node_modules/@oven/bun-linux-x64/bin/bun`;
const DENO = `${root}node_modules/@deno/linux-x64-glibc/deno`;
const cache = `${root}.tmp/runtime-cache`;
const DENO_ARGS = ['run', '--allow-env', '--allow-read', '--unstable-sloppy-imports', '--quiet'];

function stderrOf(command: string, args: readonly string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(
			command,
			args,
			childOptions(root, {BUN_INSTALL: `${cache}/bun`, DENO_DIR: `${cache}/deno`}),
			(error, _stdout, stderr) =>
				error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stderr),
		);
	});
}

const DISABLED = 'UmamiGuardWarning: umami-guard[label] analytics disabled: no website id';

describe('the label of a warning is the runtime’s own', () => {
	it.each([
		['bun', BUN, ['--no-install', script]],
		['deno', DENO, [...DENO_ARGS, script]],
	] as const)(
		'%s: labelled with its own name and pid, once, never (node:PID)',
		async (name, binary, args) => {
			const stderr = await stderrOf(binary, args);
			expect(stderr).toMatch(new RegExp(`^\\(${name}:\\d+\\) ${DISABLED.replace(/[()[\]]/g, '\\$&')}`, 'm'));
			expect(stderr.split(DISABLED)).toHaveLength(2);
			expect(stderr).not.toContain('(node:');
		},
	);

	it('bun with --no-warnings: nothing, as Node prints nothing', async () => {
		expect(await stderrOf(BUN, ['--no-warnings', '--no-install', script])).not.toContain('UmamiGuardWarning');
	});
});
