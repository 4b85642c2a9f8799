/**
 * Runs CLI commands in-process with an in-memory terminal, or as a real child process through tsx.
 */
import {execFile} from 'node:child_process';
import {Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import type {CliIo} from '../../src/cli/io.js';
import {run, type RunOptions} from '../../src/cli/run.js';

/** What a CLI run produced. */
export interface CliResult {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs `umami-guard …argv` in-process. `env` replaces the environment entirely. */
export async function cli(
	argv: readonly string[],
	options: {
		env?: Record<string, string>;
		stdin?: string;
		tty?: boolean;
		options?: RunOptions;
		fetch?: typeof fetch;
	} = {},
): Promise<CliResult> {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: {write: (text: string) => (stdout += text), isTTY: options.tty ?? false},
		stderr: {write: (text: string) => (stderr += text), isTTY: options.tty ?? false, columns: 100},
		stdin: Readable.from([options.stdin ?? '']),
		env: options.env ?? {},
		...(options.fetch ? {fetch: options.fetch} : {}),
	};
	const code = await run(argv, io, options.options);
	return {code, stdout, stderr};
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real binary entry (`tsx src/cli/main.ts`) as a child process. */
export function spawnCli(
	argv: readonly string[],
	options: {env?: Record<string, string>; stdin?: string} = {},
): Promise<CliResult> {
	return new Promise((resolve) => {
		const child = execFile(
			process.execPath,
			['--import', 'tsx', 'src/cli/main.ts', ...argv],
			{cwd: repoRoot, env: {PATH: process.env['PATH'] ?? '', ...options.env}, timeout: 30_000},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({code, stdout, stderr});
			},
		);
		child.stdin?.end(options.stdin ?? '');
	});
}

/** An env for a server: website id and URL, no config file. */
export function envFor(url: string, extra: Record<string, string> = {}): Record<string, string> {
	return {UMAMI_API_URL: url, UMAMI_WEBSITE_ID: WEBSITE_ID, UMAMI_CONFIG: '', ...extra};
}

/** The website id of {@link envFor}. */
export const WEBSITE_ID = '11111111-2222-4333-8444-555555555555';
