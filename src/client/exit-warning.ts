/**
 * The warning at `process.exit()` or an uncaught error: an app that ends that way while events are still queued
 * or in flight loses them, and `beforeExit` (the natural exit's delivery) never fires on either path. One `exit`
 * listener per process sums what every live instance still holds and writes one synchronous stderr line with
 * the count and what to do, because nothing asynchronous runs after `exit`; an `uncaughtExceptionMonitor`
 * listener (which changes nothing of how the process dies) tells the two paths apart, so a script that threw
 * is not told it called `process.exit()`. Counts only: never an event, a URL or a key.
 */
import {usableProcess} from '../runtime.js';
import {joinProcessEvent, processEvents, type ProcessEvents} from './process-event-set.js';

/** What this module needs of an instance. */
export interface ExitWarningInstance {
	/** Events that `process.exit()` would lose now (0 with the outbox on: they wait in its journal). */
	readonly held: () => number;
}

/** The part of `process` this module uses. */
export type ExitListeners = ProcessEvents<'exit' | 'uncaughtExceptionMonitor'>;

/**
 * Writes one line to stderr now, synchronously where the runtime does (Node writes to files, pipes and
 * terminals synchronously on Linux and macOS): for the last words of a process, which no later tick follows.
 */
export function writeStderrNow(line: string): void {
	const stderr = usableProcess<{stderr: {write?: (text: string) => void}}>()?.stderr;
	try {
		if (typeof stderr?.write === 'function') stderr.write(`${line}\n`);
	} catch {
		// Never a throw into the host's exit.
	}
}

/** What {@link writeAtExitUntilNextTick} needs of `process` beyond its events. */
interface TickProcess {
	readonly nextTick: (callback: () => void) => void;
	readonly listenerCount: (event: string) => number;
}

/**
 * `process.emitWarning` prints on a later tick, which a script that calls `process.exit()` synchronously never
 * reaches: until that tick, an `exit` listener writes `line` to stderr itself, so a warning given at startup is
 * seen either way and never twice. Call it right after `emitWarning`: its tick then runs after the warning's.
 * Nothing when no `warning` listener prints warnings (`--no-warnings`, or a runtime that prints without one).
 */
export function writeAtExitUntilNextTick(line: string): void {
	const events = processEvents<'exit'>();
	const tick = usableProcess<TickProcess>();
	if (
		events === undefined ||
		typeof tick?.nextTick !== 'function' ||
		typeof tick.listenerCount !== 'function'
	)
		return;
	try {
		if (tick.listenerCount('warning') === 0) return;
		const onExit = (): void => writeStderrNow(line);
		events.on('exit', onExit);
		tick.nextTick(() => events.off('exit', onExit));
	} catch {
		// Never a throw into the host's startup.
	}
}

/** The warning's text for `count` lost events; `uncaught`: the process ends on an uncaught error. */
export function exitWarningLine(count: number, uncaught = false): string {
	const events = `${count} event${count === 1 ? '' : 's'} not delivered (queued or in flight): they are lost. `;
	return uncaught
		? `umami-guard: the process is ending after an uncaught error with ${events}` +
				'Enable the outbox (docs/outbox.md) to keep events across a crash for the next start.'
		: `umami-guard: process.exit() with ${events}` +
				'Await analytics.shutdown() before process.exit(), or enable the outbox (docs/outbox.md) to keep them for the next start.';
}

/** Whether an uncaught error (or unhandled rejection) is ending the process: set by the monitor below. */
let uncaughtError = false;

function onUncaught(): void {
	uncaughtError = true;
}

function onExit(instances: Set<ExitWarningInstance>): void {
	let held = 0;
	for (const instance of instances) {
		try {
			held += instance.held();
		} catch {
			// Never a throw into the host's exit.
		}
	}
	if (held > 0) writeStderrNow(exitWarningLine(held, uncaughtError));
}

/**
 * Warns at `process.exit()` or an uncaught error while `instance` holds events (one `exit` and one
 * `uncaughtExceptionMonitor` listener for all instances). Returns the function that stops it, for when the
 * instance is closed. `processObject` is for tests.
 */
export function warnOnProcessExit(
	instance: ExitWarningInstance,
	processObject: ExitListeners | undefined = processEvents<'exit' | 'uncaughtExceptionMonitor'>(),
): () => void {
	if (processObject === undefined) return () => undefined;
	const leaveExit = joinProcessEvent(processObject, 'exit', instance, onExit);
	const leaveMonitor = joinProcessEvent(processObject, 'uncaughtExceptionMonitor', instance, onUncaught);
	return () => {
		leaveExit();
		leaveMonitor();
	};
}
