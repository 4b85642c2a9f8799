/**
 * Optional signal hooks (`exitHooks`): deliver what is queued when the process is told to end, without
 * changing how it ends. SIGTERM/SIGINT → `shutdown()`, then, when no other listener handles the signal, the
 * signal is raised again so the process exits exactly as it would have. (The natural exit, `beforeExit`, is
 * handled for every instance by `natural-exit.ts`, hooks or not.) Runtimes without `process.on` (Workers) get
 * no hooks.
 *
 * The hooks stay installed while the delivery runs: one Ctrl-C often arrives twice a few ms apart (the
 * terminal signals the process group, and `node --watch` forwards it too), and a second signal with no
 * listener would kill the process mid-delivery. Signals within `SIGNAL_GRACE_MS` of the first are absorbed;
 * a later one is a person insisting, and ends the process at once after one line saying what is abandoned.
 */
import type {ExitHookOptions} from '../config/options.js';
import {usableProcess} from '../runtime.js';
import type {FlushResult} from '../types.js';
import {writeStderrNow} from './exit-warning.js';

/** How long after the first signal a repeat counts as the same request to stop (absorbed). */
export const SIGNAL_GRACE_MS = 1000;

/** Deadline of the exit hooks' delivery when `timeoutMs` is not given. */
export const EXIT_HOOK_TIMEOUT_MS = 2000;

interface ProcessLike {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	off(event: string, listener: (...args: unknown[]) => void): unknown;
	listenerCount(event: string): number;
	kill(pid: number, signal: string): unknown;
	readonly pid: number;
}

/**
 * Installs the hooks; returns a function that removes them (called by `shutdown()`; while a signal's delivery
 * runs they stay until it ends). `held` counts the events not delivered yet, for the line on an insisted exit.
 */
export function installExitHooks(
	shutdown: (timeoutMs: number) => Promise<FlushResult>,
	held: () => number,
	options: ExitHookOptions = {},
): () => void {
	const processObject = usableProcess<ProcessLike>();
	if (typeof processObject?.on !== 'function' || typeof processObject.off !== 'function')
		return () => undefined;
	const proc = processObject as ProcessLike;
	const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
	const timeoutMs = options.timeoutMs ?? EXIT_HOOK_TIMEOUT_MS;

	let firstAt: number | undefined;
	const onSignal = (signal: unknown): void => {
		const name = String(signal);
		if (firstAt === undefined) {
			firstAt = Date.now();
			// Someone else handles this signal: they decide how the process ends; we only deliver meanwhile.
			const handledElsewhere = proc.listenerCount(name) > 1;
			void shutdown(timeoutMs).finally(() => {
				detach();
				if (!handledElsewhere) proc.kill(proc.pid, name);
			});
			return;
		}
		if (Date.now() - firstAt < SIGNAL_GRACE_MS) return;
		let count = 0;
		try {
			count = held();
		} catch {
			// The line still goes out, with what is known.
		}
		writeStderrNow(
			`umami-guard: ${name} again during shutdown: exiting now, ${count} event${count === 1 ? '' : 's'} not delivered are abandoned`,
		);
		detach();
		if (proc.listenerCount(name) === 0) proc.kill(proc.pid, name);
	};
	function detach(): void {
		for (const signal of signals) proc.off(signal, onSignal);
	}
	try {
		for (const signal of signals) proc.on(signal, onSignal);
	} catch {
		// A `process` whose `on` throws: no hooks, and those already added go again.
		try {
			detach();
		} catch {
			// Nothing more to undo.
		}
		return () => undefined;
	}
	return () => {
		if (firstAt === undefined) detach();
	};
}
