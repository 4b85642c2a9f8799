/**
 * Which JavaScript runtime runs the test file, and how to start a child process on that same runtime. The
 * core suite runs on Node, and test/runtimes/core-suite.test.ts runs it again under Bun and Deno: tests that
 * spawn TypeScript children use {@link tsCommand} / {@link tsEvalCommand} so the child runs on the runtime
 * under test, and the few tests a runtime cannot run are skipped with `it.skipIf(runtime === …)` and a reason
 * (each one listed in docs/runtimes.md).
 */

import type {ExecFileOptionsWithStringEncoding} from 'node:child_process';

/** The runtime executing this process. */
export type Runtime = 'bun' | 'deno' | 'node';

function detect(): Runtime {
	if (typeof process.versions['bun'] === 'string') return 'bun';
	if ('Deno' in globalThis) return 'deno';
	return 'node';
}

/**
 * The runtime executing this process: `bun`, `deno` or `node`. When test/runtimes runs the core suite under
 * another runtime it sets `CORE_SUITE_RUNTIME`, and a test file importing this module on any other runtime
 * fails to load: proof that vitest's workers really run on the runtime under test.
 */
export const runtime: Runtime = detect();

const expected = process.env['CORE_SUITE_RUNTIME'];
if (expected !== undefined && expected !== '' && expected !== runtime) {
	throw new Error(`CORE_SUITE_RUNTIME is ${expected}, but this test file runs on ${runtime}`);
}

/** Deno runs the sources as they are; sloppy imports resolve their `.js` specifiers to the `.ts` files. */
const DENO_FLAGS = ['--allow-all', '--unstable-sloppy-imports', '--quiet'];

/**
 * The command and arguments that run a TypeScript file on the current runtime: `node --import tsx`, `bun`
 * or `deno run`. `node --import tsx` rather than the tsx binary, whose wrapper process would turn signals
 * into exit codes.
 *
 * @example
 * ```ts
 * const [command, args] = tsCommand(file, ['beforeExit', url]);
 * spawn(command, args);
 * ```
 */
export function tsCommand(file: string, args: readonly string[] = []): [string, string[]] {
	if (runtime === 'bun') return [process.execPath, [file, ...args]];
	if (runtime === 'deno') return [process.execPath, ['run', ...DENO_FLAGS, file, ...args]];
	return [process.execPath, ['--import', 'tsx', file, ...args]];
}

/**
 * The command and arguments that evaluate TypeScript source (an ES module; relative imports resolve from
 * the child's working directory) on the current runtime.
 */
export function tsEvalCommand(source: string): [string, string[]] {
	if (runtime === 'bun') return [process.execPath, ['--eval', source]];
	if (runtime === 'deno') return [process.execPath, ['eval', '--ext=ts', ...DENO_FLAGS, source]];
	return [process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', source]];
}

/** `execFile` options for a runtime binary run from `cwd`: 30 s, no colours, no telemetry or update checks. */
export function childOptions(
	cwd: string,
	env: Record<string, string> = {},
): ExecFileOptionsWithStringEncoding {
	return {
		cwd,
		encoding: 'utf8',
		timeout: 30_000,
		env: {...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1', ...env},
	};
}
