/**
 * Delivery when the process ends: the natural exit (`beforeExit`) for every instance, and the signal hooks
 * (SIGTERM/SIGINT) when `exitHooks` asks for them. Both end with the instance's shutdown.
 */
import type {ExitHookOptions} from '../config/options.js';
import type {FlushResult} from '../types.js';
import {EXIT_HOOK_TIMEOUT_MS, installExitHooks} from './exit-hooks.js';
import {deliverOnNaturalExit} from './natural-exit.js';

/** What exit delivery needs of its instance. */
export interface ProcessExitParts {
	/** The `exitHooks` option. */
	readonly exitHooks: boolean | ExitHookOptions | undefined;
	/** The deadline of the natural exit's delivery without `exitHooks`. */
	readonly defaultTimeoutMs: number;
	/** Whether any event is still held. */
	readonly pending: () => boolean;
	/** `shutdown()`, for a signal. */
	readonly shutdown: (timeoutMs: number) => Promise<FlushResult>;
	/** The shutdown at the natural exit. */
	readonly exit: (timeoutMs: number) => void;
}

/** Watches the process's end for one instance; returns the function that stops watching (`shutdown()` calls it). */
export function watchProcessExit(parts: ProcessExitParts): () => void {
	const exitHooks = parts.exitHooks === true ? {} : parts.exitHooks || undefined;
	const removeExitHooks = exitHooks ? installExitHooks(parts.shutdown, exitHooks) : undefined;
	const exitTimeoutMs = exitHooks ? (exitHooks.timeoutMs ?? EXIT_HOOK_TIMEOUT_MS) : parts.defaultTimeoutMs;
	const leaveNaturalExit = deliverOnNaturalExit({
		pending: parts.pending,
		exit: () => parts.exit(exitTimeoutMs),
	});
	return () => {
		removeExitHooks?.();
		leaveNaturalExit();
	};
}
