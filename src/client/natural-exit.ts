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

/** What this module needs of an instance. */
export interface NaturalExitInstance {
	/** Events still to deliver (waiting, in flight, or read back from the outbox). */
	readonly pending: () => boolean;
	/** Starts the bounded delivery; called at most once. */
	readonly exit: () => void;
}

/** The part of `process` this module uses. */
export interface ExitEvents {
	on(event: 'beforeExit', listener: () => void): unknown;
	off(event: 'beforeExit', listener: () => void): unknown;
}

interface Registry {
	readonly instances: Set<NaturalExitInstance>;
	readonly listener: () => void;
}

/** One listener per process object (the real one; tests pass their own). */
const registries = new Map<ExitEvents, Registry>();

function onBeforeExit(processObject: ExitEvents, registry: Registry): void {
	for (const instance of registry.instances) {
		if (!instance.pending()) continue;
		registry.instances.delete(instance);
		try {
			instance.exit();
		} catch {
			// Never a throw into the host's exit.
		}
	}
	if (registry.instances.size === 0 && registries.get(processObject) === registry)
		stopListening(processObject, registry);
}

function stopListening(processObject: ExitEvents, registry: Registry): void {
	processObject.off('beforeExit', registry.listener);
	registries.delete(processObject);
}

/** The runtime's `process` when it has `on`/`off` (Node, Bun, Deno); undefined on Workers and edge runtimes. */
export function processEvents(): ExitEvents | undefined {
	const processObject = (globalThis as {process?: Partial<ExitEvents>}).process;
	return typeof processObject?.on === 'function' && typeof processObject.off === 'function'
		? (processObject as ExitEvents)
		: undefined;
}

/**
 * Delivers `instance`'s pending events at the natural exit (one `beforeExit` listener for all instances).
 * Returns the function that cancels it (`shutdown()` calls it). `processObject` is for tests.
 */
export function deliverOnNaturalExit(
	instance: NaturalExitInstance,
	processObject: ExitEvents | undefined = processEvents(),
): () => void {
	if (processObject === undefined) return () => undefined;
	let registry = registries.get(processObject);
	if (registry === undefined) {
		const created: Registry = {instances: new Set(), listener: () => onBeforeExit(processObject, created)};
		registries.set(processObject, created);
		processObject.on('beforeExit', created.listener);
		registry = created;
	}
	const current = registry;
	current.instances.add(instance);
	return () => {
		current.instances.delete(instance);
		if (current.instances.size === 0 && registries.get(processObject) === current)
			stopListening(processObject, current);
	};
}
