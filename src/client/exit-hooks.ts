/**
 * Optional signal hooks (`exitHooks`): deliver what is queued when the process is told to end, without
 * changing how it ends. SIGTERM/SIGINT → `shutdown()`, then, when no other listener handles the signal, the
 * signal is raised again so the process exits exactly as it would have. (The natural exit, `beforeExit`, is
 * handled for every instance by `natural-exit.ts`, hooks or not.) Runtimes without `process.on` (Workers) get
 * no hooks.
 */
import type {FlushResult} from '../types.js';

/** Options of the exit hooks. */
export interface ExitHookOptions {
	/** Signals to handle. @default ['SIGTERM', 'SIGINT'] */
	signals?: readonly string[];
	/**
	 * Longest time spent delivering before the process goes on exiting, after a signal and at the natural
	 * exit. @default 2000 (the natural exit without `exitHooks`: 5000, `shutdown()`'s default)
	 */
	timeoutMs?: number;
}

/** Deadline of the exit hooks' delivery when `timeoutMs` is not given. */
export const EXIT_HOOK_TIMEOUT_MS = 2000;

interface ProcessLike {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	off(event: string, listener: (...args: unknown[]) => void): unknown;
	listenerCount(event: string): number;
	kill(pid: number, signal: string): unknown;
	readonly pid: number;
}

/** Installs the hooks; returns a function that removes them (called by `shutdown()`). */
export function installExitHooks(
	shutdown: (timeoutMs: number) => Promise<FlushResult>,
	options: ExitHookOptions = {},
): () => void {
	const processObject = (globalThis as {process?: Partial<ProcessLike>}).process;
	if (typeof processObject?.on !== 'function' || typeof processObject.off !== 'function')
		return () => undefined;
	const proc = processObject as ProcessLike;
	const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
	const timeoutMs = options.timeoutMs ?? EXIT_HOOK_TIMEOUT_MS;

	const onSignal = (signal: unknown): void => {
		remove();
		const name = String(signal);
		// Someone else handles this signal: they decide how the process ends; we only deliver meanwhile.
		const handledElsewhere = proc.listenerCount(name) > 0;
		void shutdown(timeoutMs).finally(() => {
			if (!handledElsewhere) proc.kill(proc.pid, name);
		});
	};
	function remove(): void {
		for (const signal of signals) proc.off(signal, onSignal);
	}
	for (const signal of signals) proc.on(signal, onSignal);
	return remove;
}
