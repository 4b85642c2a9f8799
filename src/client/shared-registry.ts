/**
 * The table of named instances, one per process: every copy of the library loaded in it (the ESM and the
 * CommonJS build, or two installs) finds it under one registered symbol on `globalThis`, so that
 * `getAnalytics(name)` and the module-level functions reach the same instance whichever copy is called.
 * A copy of another major version (another minor while the major is 0, as semver reads 0.x) cannot be
 * trusted with our instances, nor we with its: it keeps a table of its own, and says so once.
 */
import type {AnalyticsOptions} from '../config/options.js';
import {processShared} from '../process-shared.js';
import {VERSION} from '../version.js';
import type {EventCatalog, UmamiAnalytics} from './analytics.js';

/** One named instance and what it was created from. */
export interface RegistryEntry {
	readonly instance: UmamiAnalytics<EventCatalog>;
	/** The options of the call that created it, to tell a later call with other options. */
	readonly options: AnalyticsOptions;
	/** A later call with other options was warned about (once per name). */
	warnedOptions: boolean;
}

/** The instances of every compatible copy in the process. */
export interface InstanceRegistry {
	/** The version of the copy that created the table: the layout of this object is that version's. */
	readonly version: string;
	/** In creation order: the first is the default instance when `UMAMI_APP_NAME` names none. */
	readonly entries: Map<string, RegistryEntry>;
}

const REGISTRY_KEY = Symbol.for('umami-guard.instances');

function newRegistry(): InstanceRegistry {
	return {version: VERSION, entries: new Map()};
}

/** `1.4.2` → `1`, `0.3.1` → `0.3`: the part of a version that only a breaking change moves. */
function breakingPart(version: string): string {
	return version.split('.', version.startsWith('0.') ? 2 : 1).join('.');
}

let local: InstanceRegistry | undefined;

/** The registry this copy uses: the process's, unless an incompatible copy owns it. */
export function instanceRegistry(): InstanceRegistry {
	if (local) return local;
	const shared = processShared(REGISTRY_KEY, newRegistry);
	const theirs = String(shared.version); // another copy's object: trust nothing about its shape
	if (breakingPart(theirs) === breakingPart(VERSION)) return (local = shared);
	withRegistryWarnings((warnings) => {
		warnings.warnIncompatibleCopy(theirs);
	});
	return (local = newRegistry());
}

/**
 * Runs `use` with the registry's warnings once they are loaded: both are rare and never urgent, so they load
 * on first use, outside the core's bytes. A failed load only loses the warning.
 */
export function withRegistryWarnings(use: (warnings: typeof import('./registry-warnings.js')) => void): void {
	void import('./registry-warnings.js').then(use, () => undefined);
}
