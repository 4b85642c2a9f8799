/**
 * The registry's two warnings, loaded on first use (a repeated `getAnalytics` call with options, or an
 * incompatible copy of the library): neither is on the path of an app that does neither.
 */
import type {AnalyticsOptions} from '../config/options.js';
import {VERSION} from '../version.js';
import {emitWarning} from './logger.js';
import {sameOptions} from './same-options.js';
import type {RegistryEntry} from './shared-registry.js';

/**
 * Says, once per name, that a later `getAnalytics(appName, options)` with other options than the first
 * call's changed nothing (through that call's `logger`, if it has one). The same options again say nothing.
 */
export function warnIfOtherOptions(entry: RegistryEntry, appName: string, options: AnalyticsOptions): void {
	if (entry.warnedOptions || sameOptions(entry.options, options)) return;
	entry.warnedOptions = true;
	const message =
		`umami-guard[${appName}]: getAnalytics('${appName}') called again with other options: they are ` +
		"ignored, the instance keeps the first call's (pass options once, then call it without them)";
	if (typeof options.logger?.warn === 'function') options.logger.warn(message);
	else emitWarning(message);
}

/** Says that a copy of another breaking version owns the process's registry, so this copy keeps its own. */
export function warnIncompatibleCopy(theirs: string): void {
	emitWarning(
		`umami-guard ${VERSION}: umami-guard ${theirs} is loaded in this process too, an incompatible version: ` +
			'each keeps its own instances, so getAnalytics(name) and shutdownAll() of one do not reach the other',
	);
}
