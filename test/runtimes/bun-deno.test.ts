/**
 * The core test suite (config, queue, transport, sanitizer, client) on Bun and Deno: vitest itself runs
 * under each binary from devDependencies, and forks its workers from it, so the same test files run on the
 * runtime under test. Caches stay in `.tmp/`; nothing is downloaded. Tests a runtime cannot run are skipped
 * with `it.skipIf(runtime === …)` (test/helpers/runtime.ts) and listed in docs/runtimes.md.
 */
import {execFileSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {CORE_SUITE_TIMEOUT_MS, root, runCoreSuite} from './run-core-suite.js';

const BUN = join(root, 'node_modules/@oven/bun-linux-x64/bin/bun');
const DENO = join(root, 'node_modules/@deno/linux-x64-glibc/deno');
const cache = join(root, '.tmp/runtime-cache');

/** Fewer would mean whole files stopped running (the suite has 280 tests, none skipped on either runtime). */
const FLOOR = 270;

const runtimes = [
	{
		title: 'Bun',
		name: 'bun' as const,
		binary: BUN,
		version: /^1\./,
		// --no-install: never fetch a missing package, node_modules is all there is.
		args: ['--no-install'],
		env: {
			BUN_INSTALL: `${cache}/bun`,
			BUN_INSTALL_CACHE_DIR: `${cache}/bun/install`,
			BUN_RUNTIME_TRANSPILER_CACHE_PATH: `${cache}/bun/transpiler`,
			DO_NOT_TRACK: '1',
		},
	},
	{
		title: 'Deno',
		name: 'deno' as const,
		binary: DENO,
		version: /^deno 2\./,
		// vitest reads and writes files, spawns workers and child processes, and listens on 127.0.0.1.
		args: ['run', '--allow-all', '--quiet'],
		env: {DENO_DIR: `${cache}/deno`, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1'},
	},
];

for (const {title, name, binary, version, args, env} of runtimes) {
	describe(title, () => {
		it(
			'passes the core test suite, run by vitest under it',
			async () => {
				expect(execFileSync(binary, ['--version'], {encoding: 'utf8'})).toMatch(version);
				const result = await runCoreSuite(name, binary, args, name, env);
				expect(result.failedFiles, result.output).toEqual([]);
				expect(result.failedTests).toEqual([]);
				expect(result.failed).toBe(0);
				expect(result.passed, result.output).toBeGreaterThanOrEqual(FLOOR);
			},
			CORE_SUITE_TIMEOUT_MS + 60_000,
		);
	});
}
