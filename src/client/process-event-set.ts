/**
 * A set of instances behind one listener of a process event (`beforeExit`, `exit`): however many instances
 * there are, the process gets one listener per event, removed when the set is empty again.
 */
import {usableProcess} from '../runtime.js';

/** The part of `process` this module uses. */
export interface ProcessEvents<Event extends string> {
	on(event: Event, listener: () => void): unknown;
	off(event: Event, listener: () => void): unknown;
}

interface Registry {
	readonly instances: Set<unknown>;
	readonly listener: () => void;
}

/** One registry per process object and event (the real process; tests pass their own). */
const registries = new Map<object, Map<string, Registry>>();

/** The runtime's `process` when it has `on`/`off` (Node, Bun, Deno); undefined on Workers and edge runtimes. */
export function processEvents<Event extends string>(): ProcessEvents<Event> | undefined {
	const processObject = usableProcess<ProcessEvents<Event>>();
	return typeof processObject?.on === 'function' && typeof processObject.off === 'function'
		? (processObject as ProcessEvents<Event>)
		: undefined;
}

function stop<Event extends string>(
	processObject: ProcessEvents<Event>,
	event: Event,
	registry: Registry,
): void {
	const byEvent = registries.get(processObject);
	if (registry.instances.size > 0 || byEvent?.get(event) !== registry) return;
	processObject.off(event, registry.listener);
	byEvent.delete(event);
	if (byEvent.size === 0) registries.delete(processObject);
}

/**
 * Adds `instance` to the set of `event`; when the event fires, `handle` gets the whole set (it may remove
 * instances from it; the listener goes once the set is empty). Returns the function that removes `instance`.
 */
export function joinProcessEvent<Event extends string, Instance>(
	processObject: ProcessEvents<Event>,
	event: Event,
	instance: Instance,
	handle: (instances: Set<Instance>) => void,
): () => void {
	let byEvent = registries.get(processObject);
	if (byEvent === undefined) registries.set(processObject, (byEvent = new Map()));
	let registry = byEvent.get(event);
	if (registry === undefined) {
		const created: Registry = {
			instances: new Set(),
			listener: () => {
				handle(created.instances as Set<Instance>);
				stop(processObject, event, created);
			},
		};
		try {
			processObject.on(event, created.listener);
		} catch {
			// A `process` whose `on` throws (a sandbox's stand-in): no listener, and nothing for the caller to undo.
			if (byEvent.size === 0) registries.delete(processObject);
			return () => undefined;
		}
		byEvent.set(event, created);
		registry = created;
	}
	const current = registry;
	current.instances.add(instance);
	return () => {
		current.instances.delete(instance);
		stop(processObject, event, current);
	};
}
