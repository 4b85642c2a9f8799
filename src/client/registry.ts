/**
 * Named instances and the module-level functions. `getAnalytics('app')` resolves the configuration once
 * and returns the same instance for the same name — in every copy of the library in the process, through
 * the shared registry; the module-level `trackEvent` & co. use the default instance: the app named by
 * `UMAMI_APP_NAME`, else the first instance created, else one named `default`.
 */
import type {AnalyticsOptions} from '../config/options.js';
import {disabledByError, resolveConfigOrDisable} from '../config/resolve.js';
import {ConfigError, isConfigError, isUmamiGuardError} from '../errors.js';
import {processEnv} from '../runtime.js';
import type {FlushResult, ShutdownResult} from '../types.js';
import {UmamiAnalytics, type AnyEvents, type EventCatalog, type EventProperties} from './analytics.js';
import type {EventContext, PageViewOptions} from './context.js';
import type {Revenue} from '../gate/revenue.js';
import {emitWarning} from './logger.js';
import {instanceRegistry, withRegistryWarnings} from './shared-registry.js';

/**
 * Returns the analytics instance of `appName`, creating it on first use from `options`, env vars and the
 * configuration file (in that order of precedence). Later calls with the same name — from any copy of the
 * library in the process, ESM or CommonJS — return the same instance and ignore `options`; other options
 * than the first call's are warned about once per name. An invalid configuration (any source, every problem listed) disables the
 * instance with one error on stderr and `stats().disabledReason`; with `strict: true` it throws the
 * `ConfigError` instead.
 *
 * @example
 * ```ts
 * import {getAnalytics} from 'umami-guard';
 * const analytics = getAnalytics('my_app');
 * analytics.trackEvent('signup', {plan: 'pro'});
 * ```
 */
export function getAnalytics<Events extends EventCatalog = AnyEvents>(
	appName: string,
	options?: AnalyticsOptions,
): UmamiAnalytics<Events> {
	const registry = instanceRegistry();
	const existing = registry.entries.get(appName);
	if (existing) {
		// The same options object again (an app calling getAnalytics per request) needs no comparison.
		if (options !== undefined && options !== existing.options && !existing.warnedOptions)
			withRegistryWarnings((warnings) => {
				warnings.warnIfOtherOptions(existing, appName, options);
			});
		return existing.instance as unknown as UmamiAnalytics<Events>;
	}
	const instance = create<Events>(appName, options ?? {});
	registry.entries.set(appName, {
		instance: instance as unknown as UmamiAnalytics<EventCatalog>,
		options: options ?? {},
		warnedOptions: false,
	});
	return instance;
}

/**
 * A new instance. The sanitizer's own checks of `sanitization` (a pattern that is no RegExp, say) run when
 * the instance compiles it: their error is a configuration error like any other.
 */
function create<Events extends EventCatalog>(
	appName: string,
	options: AnalyticsOptions,
): UmamiAnalytics<Events> {
	const config = resolveConfigOrDisable(appName, options);
	try {
		return new UmamiAnalytics<Events>(config, options);
	} catch (error) {
		if (!isUmamiGuardError(error) || isConfigError(error)) throw error;
		const configError = new ConfigError(
			{
				key: 'umami.sanitization',
				source: {kind: 'option', path: 'sanitization'},
				expected: 'sanitizer options as docs/sanitizer.md describes them',
				problem: error.message,
			},
			{cause: error},
		);
		if (options.strict === true) throw configError;
		return new UmamiAnalytics<Events>(disabledByError(appName, configError), options);
	}
}

/** The default instance used by the module-level functions. */
export function defaultAnalytics(): UmamiAnalytics {
	const named = processEnv()['UMAMI_APP_NAME'];
	if (named) return getAnalytics(named);
	// Entries are forgotten only all at once, so the Map's first is the first instance created.
	return instanceRegistry().entries.values().next().value?.instance ?? getAnalytics('default');
}

/**
 * Tracks a custom event on the default instance. Never throws — not even for a bad configuration, which
 * is reported once through `process.emitWarning` and leaves tracking disabled.
 */
export function trackEvent(name: string, properties?: EventProperties, context?: EventContext): void {
	withDefault((analytics) => {
		analytics.trackEvent(name, properties, context);
	});
}

/**
 * Tracks a sale on the default instance (see `UmamiAnalytics.trackRevenue`). Never throws; an invalid amount
 * or currency drops the event as `invalid`.
 */
export function trackRevenue(
	name: string,
	revenue: Revenue,
	data?: EventProperties,
	context?: EventContext,
): void {
	withDefault((analytics) => {
		analytics.trackRevenue(name, revenue, data, context);
	});
}

/** Tracks a page view on the default instance. Never throws. */
export function trackPageView(path: string, options?: PageViewOptions): void {
	withDefault((analytics) => {
		analytics.trackPageView(path, options);
	});
}

/** Identifies a visitor on the default instance. Never throws. */
export function identify(id?: string, data?: EventProperties, context?: EventContext): void {
	withDefault((analytics) => {
		analytics.identify(id, data, context);
	});
}

/** Flushes every instance of the process; resolves with the summed counts. */
export async function flushAll(): Promise<FlushResult> {
	const entries = [...instanceRegistry().entries.values()];
	return sum(await Promise.all(entries.map((entry) => entry.instance.flush())));
}

/** Shuts down every instance of the process (each within `timeoutMs`) and forgets them. */
export async function shutdownAll(timeoutMs = 5000): Promise<ShutdownResult> {
	const registry = instanceRegistry();
	const entries = [...registry.entries.values()];
	registry.entries.clear();
	const results = await Promise.all(entries.map((entry) => entry.instance.shutdown(timeoutMs)));
	let droppedTotal = 0;
	for (const result of results) droppedTotal += result.droppedTotal;
	return {...sum(results), droppedTotal};
}

let reportedConfigError = false;

function withDefault(action: (analytics: UmamiAnalytics) => void): void {
	let analytics: UmamiAnalytics;
	try {
		analytics = defaultAnalytics();
	} catch (error) {
		if (!reportedConfigError) {
			reportedConfigError = true;
			emitWarning(
				`umami-guard: tracking disabled, the configuration is invalid: ${(error as Error).message}`,
			);
		}
		return;
	}
	action(analytics);
}

function sum(results: readonly FlushResult[]): FlushResult {
	const total: FlushResult = {sent: 0, failed: 0, dropped: 0, pending: 0};
	for (const result of results) {
		total.sent += result.sent;
		total.failed += result.failed;
		total.dropped += result.dropped;
		total.pending += result.pending;
		if (result.timedOut === true) total.timedOut = true;
	}
	return total;
}
