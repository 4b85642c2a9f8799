/**
 * umami-guard: privacy-first server-side analytics for Umami.
 * Every export of the package's main entry is named here; nothing else is public.
 */
export {
	getAnalytics,
	defaultAnalytics,
	trackEvent,
	trackRevenue,
	trackPageView,
	identify,
	flushAll,
	shutdownAll,
} from './client/registry.js';
export {UmamiAnalytics} from './client/analytics.js';
export type {
	AnalyticsHooks,
	AnalyticsState,
	AnalyticsStats,
	AnyEvents,
	EventCatalog,
	EventProperties,
	RevenueProperties,
	TrackEventArgs,
	TrackRevenueArgs,
} from './client/analytics.js';
export type {Revenue} from './gate/revenue.js';
export type {EventContext, PageViewOptions} from './client/context.js';
export type {LocationInput} from './client/identity.js';
export {skipTracking} from './integrations/skip.js';
export {DEFAULT_IGNORE_PATHS} from './integrations/request.js';
export type {RouteTrackingOptions} from './integrations/request.js';
export {resolveConfig, DEFAULT_USER_AGENT} from './config/resolve.js';
export type {ResolvedConfig} from './config/resolve.js';
export type {
	AnalyticsOptions,
	DropInfo,
	ExitHookOptions,
	IdentityOptions,
	IpMode,
	LocationMode,
	Logger,
	OutboxOptions,
} from './config/options.js';
export {UmamiGuardError, ConfigError, isUmamiGuardError, isConfigError, isNetworkError} from './errors.js';
export type {ConfigSource, UmamiGuardErrorCode, UmamiGuardErrorOptions} from './errors.js';
export {
	createSanitizer,
	sanitizeText,
	sanitizeUrl,
	sanitizeData,
	isPiiDetected,
	detectPii,
	MARKERS,
} from './sanitize/index.js';
export type {CustomPattern, PiiClass, Sanitizer, SanitizerOptions} from './sanitize/index.js';
export {DROP_REASONS} from './types.js';
export type {
	DropReason,
	EventData,
	EventDataValue,
	FlushResult,
	ShutdownResult,
	UmamiEvent,
	UmamiLocation,
	UmamiPayload,
} from './types.js';
export {VERSION} from './version.js';
