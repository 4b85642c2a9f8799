/**
 * Delivery at the process's natural exit, on by default: when the event loop empties (`beforeExit`), every
 * instance that still holds events runs `shutdown()` once, bounded by its deadline, and reports what could
 * not be sent in one warning. A script that tracks and simply ends would otherwise lose its events in silence,
 * because the queue's timers never keep a process alive.
 *
 * Signals are not touched (that stays opt-in, `exitHooks`): a host's SIGTERM semantics are its own.
 * `beforeExit` fires again once the work it started is done; an instance leaves the set as its delivery
 * starts, so it delivers once and nothing loops. The deadline's abort ends the open requests, so the process
 * is not kept alive beyond it. Runtimes without `process.on` (Workers, edge) get nothing.
 */
import {joinProcessEvent, processEvents, type ProcessEvents} from './process-event-set.js';

/** What this module needs of an instance. */
export interface NaturalExitInstance {
	/** Events still to deliver (waiting, in flight, or read back from the outbox). */
	readonly pending: () => boolean;
	/** Starts the bounded delivery; called at most once. */
	readonly exit: () => void;
}

/** The part of `process` this module uses. */
export type ExitEvents = ProcessEvents<'beforeExit'>;

function onBeforeExit(instances: Set<NaturalExitInstance>): void {
	for (const instance of instances) {
		if (!instance.pending()) continue;
		instances.delete(instance);
		try {
			instance.exit();
		} catch {
			// Never a throw into the host's exit.
		}
	}
}

/**
 * Delivers `instance`'s pending events at the natural exit (one `beforeExit` listener for all instances).
 * Returns the function that cancels it (`shutdown()` calls it). `processObject` is for tests.
 */
export function deliverOnNaturalExit(
	instance: NaturalExitInstance,
	processObject: ExitEvents | undefined = processEvents<'beforeExit'>(),
): () => void {
	if (processObject === undefined) return () => undefined;
	return joinProcessEvent(processObject, 'beforeExit', instance, onBeforeExit);
}
