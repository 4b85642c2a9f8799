/**
 * Delivery when the process ends: the natural exit (`beforeExit`) for every instance, and the signal hooks
 * (SIGTERM/SIGINT) when `exitHooks` asks for them. Both end with the instance's shutdown.
 */
import type {ExitHookOptions} from '../config/options.js';
import type {FlushResult} from '../types.js';
import {EXIT_HOOK_TIMEOUT_MS, installExitHooks} from './exit-hooks.js';
import {warnOnProcessExit} from './exit-warning.js';
import {deliverOnNaturalExit} from './natural-exit.js';

/** What exit delivery needs of its instance. */
export interface ProcessExitParts {
	/** The `exitHooks` option. */
	readonly exitHooks: boolean | ExitHookOptions | undefined;
	/** The deadline of the natural exit's delivery without `exitHooks`. */
	readonly defaultTimeoutMs: number;
	/** Events still held (waiting, in flight, or read back from the outbox). */
	readonly held: () => number;
	/** Events `process.exit()` would lose now (those the outbox keeps are not). */
	readonly lost: () => number;
	/** `shutdown()`, for a signal. */
	readonly shutdown: (timeoutMs: number) => Promise<FlushResult>;
	/** The shutdown at the natural exit. */
	readonly exit: (timeoutMs: number) => void;
}

/** How an instance stops watching the process's end. */
export interface ProcessExitWatch {
	/** At the start of `shutdown()`: no more delivery on exit of its own (a signal's delivery under way ends first). */
	readonly closing: () => void;
	/** When `shutdown()` ended: nothing is held any more, so no warning at `process.exit()` either. */
	readonly closed: () => void;
}

/** Watches the process's end for one instance. */
export function watchProcessExit(parts: ProcessExitParts): ProcessExitWatch {
	const exitHooks = parts.exitHooks === true ? {} : parts.exitHooks || undefined;
	const removeExitHooks = exitHooks ? installExitHooks(parts.shutdown, parts.held, exitHooks) : undefined;
	const exitTimeoutMs = exitHooks ? (exitHooks.timeoutMs ?? EXIT_HOOK_TIMEOUT_MS) : parts.defaultTimeoutMs;
	const leaveNaturalExit = deliverOnNaturalExit({
		pending: () => parts.held() > 0,
		exit: () => parts.exit(exitTimeoutMs),
	});
	// Kept through the shutdown: a `process.exit()` before it ends loses what it still holds.
	const leaveExitWarning = warnOnProcessExit({held: parts.lost});
	return {
		closing: () => {
			removeExitHooks?.();
			leaveNaturalExit();
		},
		closed: leaveExitWarning,
	};
}
