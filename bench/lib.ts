/** Small helpers shared by the benchmark runner and its scenario processes. */
import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Median of a list (0 for an empty one). */
export function median(xs: readonly number[]): number {
	const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (s.length === 0) return Number.NaN;
	const mid = Math.floor(s.length / 2);
	return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The JSON arguments a scenario process was started with. */
export function input<T>(): T {
	return JSON.parse(process.argv[2] ?? '{}') as T;
}

/**
 * Sends `{cmd}` to a child over IPC (nothing when `cmd` is empty) and resolves with its first message whose
 * `cmd` is `answer`.
 */
export function ask<T>(child: ChildProcess, cmd: string, answer: string): Promise<T> {
	return new Promise((resolve) => {
		const on = (message: {cmd: string}): void => {
			if (message.cmd !== answer) return;
			child.off('message', on);
			resolve(message as T);
		};
		child.on('message', on);
		if (cmd !== '') child.send({cmd});
	});
}

/** Hands a scenario's result to the runner (the last `RESULT ` line of stdout wins). */
export function emit(result: unknown): void {
	process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export interface ChildOutcome<T> {
	readonly result: T | undefined;
	readonly code: number | null;
	readonly signal: string | null;
	readonly stderr: string;
	readonly ms: number;
}

/**
 * Runs `bench/scenarios/<file>` in a fresh Node process (through tsx, with `--expose-gc`), bounded by
 * `timeoutMs`, and returns what it emitted.
 */
export function runChild<T>(file: string, args: unknown, timeoutMs: number): Promise<ChildOutcome<T>> {
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			['--expose-gc', '--import', 'tsx', `${ROOT}bench/scenarios/${file}`, JSON.stringify(args)],
			{cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NODE_NO_WARNINGS: '1'}},
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => {
			if (stderr.length < 20_000) stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const line = stdout
				.split('\n')
				.reverse()
				.find((l) => l.startsWith('RESULT '));
			resolve({
				result: line === undefined ? undefined : (JSON.parse(line.slice(7)) as T),
				code,
				signal,
				stderr,
				ms: Date.now() - started,
			});
		});
	});
}
