import {describe, expectTypeOf, it} from 'vitest';
import {
	getAnalytics,
	isConfigError,
	trackEvent,
	trackRevenue,
	type AnalyticsOptions,
	type AnalyticsState,
	type AnalyticsStats,
	type ConfigError,
	type DropReason,
	type EventContext,
	type FlushResult,
	type ShutdownResult,
	type LocationInput,
	type LocationMode,
	type OutboxOptions,
	type Revenue,
	type UmamiAnalytics,
	type UmamiGuardErrorCode,
} from '../../src/index.js';

type Catalogue = {
	signup: {plan: 'free' | 'pro'};
	search: {query_length: number; filters?: string[]};
	logout: undefined;
};

describe('public types', () => {
	it('getAnalytics returns an instance; the typed catalogue checks names and properties', () => {
		const typed = getAnalytics<Catalogue>('typed', {configFile: false});
		expectTypeOf(typed).toEqualTypeOf<UmamiAnalytics<Catalogue>>();
		typed.trackEvent('signup', {plan: 'pro'});
		typed.trackEvent('search', {query_length: 3});
		typed.trackEvent('logout');
		// @ts-expect-error a property outside the catalogue's union
		typed.trackEvent('signup', {plan: 'enterprise'});
		// @ts-expect-error required properties are required
		typed.trackEvent('signup');
		// @ts-expect-error unknown event name
		typed.trackEvent('sign_up', {plan: 'pro'});
		expectTypeOf(typed.trackPageView).returns.toBeVoid();
	});

	it('trackRevenue: names from the catalogue, properties without revenue and currency', () => {
		type Shop = {
			purchase: {plan: 'free' | 'pro'; revenue: number; currency: string};
			tip: {revenue: number; currency: string};
			donation: undefined;
		};
		const shop = getAnalytics<Shop>('shop', {configFile: false});
		shop.trackRevenue('purchase', {amount: 19.99, currency: 'EUR'}, {plan: 'pro'});
		shop.trackRevenue(
			'purchase',
			{amount: '19.99', currency: 'eur'},
			{plan: 'pro'},
			{idempotencyKey: 'evt_1'},
		);
		shop.trackRevenue('tip', {amount: 2, currency: 'USD'});
		shop.trackRevenue('donation', {amount: 5, currency: 'EUR'});
		// @ts-expect-error required properties are required
		shop.trackRevenue('purchase', {amount: 1, currency: 'EUR'});
		// @ts-expect-error unknown event name
		shop.trackRevenue('refund', {amount: 1, currency: 'EUR'});
		// @ts-expect-error the pair is an object, not a bare amount
		shop.trackRevenue('tip', 19.99);
		expectTypeOf<Revenue>().toEqualTypeOf<{readonly amount: number | string; readonly currency: string}>();
		trackRevenue('module-level', {amount: 1, currency: 'EUR'}, {a: 1}, {idempotencyKey: 'k'});
		expectTypeOf<DropReason>().extract<'duplicate'>().toEqualTypeOf<'duplicate'>();
	});

	it('the untyped instance takes any name and properties', () => {
		const loose = getAnalytics('loose');
		loose.trackEvent('anything', {a: 1, nested: {b: [1, 2]}});
		loose.trackEvent('bare');
		loose.trackPageView('/x', {title: 'X', referrer: 'https://a.example', data: {k: 'v'}});
		loose.identify('id', {tier: 'gold'});
		trackEvent('module-level', {plan: 'pro'});
	});

	it('flush/shutdown resolve with counts; stats are typed by reason', () => {
		const analytics = getAnalytics('x');
		expectTypeOf(analytics.flush()).toEqualTypeOf<Promise<FlushResult>>();
		expectTypeOf(analytics.shutdown(1000)).toEqualTypeOf<Promise<ShutdownResult>>();
		expectTypeOf<ShutdownResult>().toMatchTypeOf<FlushResult>();
		expectTypeOf(analytics.stats()).toEqualTypeOf<AnalyticsStats>();
		expectTypeOf(analytics.stats().dropped).toEqualTypeOf<Readonly<Record<DropReason, number>>>();
		expectTypeOf(analytics.stats().state).toEqualTypeOf<AnalyticsState>();
		expectTypeOf<'after_shutdown'>().toMatchTypeOf<DropReason>();
		// Skipped requests are counted by the integrations through an internal key, not a public method.
		expectTypeOf(analytics).not.toHaveProperty('countSkippedRequest');
	});

	it('options are optional and exact', () => {
		expectTypeOf<Record<never, never>>().toMatchTypeOf<AnalyticsOptions>();
		const options: AnalyticsOptions = {batchSize: 50, identity: {ip: 'truncate'}};
		expectTypeOf(options.identity).toEqualTypeOf<AnalyticsOptions['identity']>();
		// @ts-expect-error exactOptionalPropertyTypes: undefined is not a value
		const bad: AnalyticsOptions = {batchSize: undefined};
		void bad;
		// @ts-expect-error unknown IP modes are refused
		const mode: AnalyticsOptions = {identity: {ip: 'full'}};
		void mode;
	});

	it('the durable outbox and strict validation are options; stats() says why an instance is disabled', () => {
		const options: AnalyticsOptions = {
			strict: true,
			outbox: {enabled: true, path: '.outbox', maxBytes: 8192},
		};
		expectTypeOf(options.outbox).toEqualTypeOf<OutboxOptions | undefined>();
		// @ts-expect-error a misspelt option is refused at compile time too
		const typo: AnalyticsOptions = {websiteID: 'x'};
		void typo;
		expectTypeOf<ConfigError['errors']>().toEqualTypeOf<readonly ConfigError[]>();
		expectTypeOf<AnalyticsStats['disabledReason']>().toEqualTypeOf<string | undefined>();
	});

	it('CDN location: a mode on the identity policy, a per-event input on the context', () => {
		const options: AnalyticsOptions = {identity: {location: 'cdn'}};
		expectTypeOf(options.identity?.location).toEqualTypeOf<LocationMode | undefined>();
		expectTypeOf<LocationMode>().toEqualTypeOf<'none' | 'cdn'>();
		// @ts-expect-error unknown location modes are refused
		const geo: AnalyticsOptions = {identity: {location: 'geoip'}};
		void geo;
		const context: EventContext = {url: '/x', location: {country: 'DE', region: 'BY', city: 'München'}};
		expectTypeOf(context.location).toEqualTypeOf<LocationInput | undefined>();
		getAnalytics('x').trackEvent('signup', {plan: 'pro'}, context);
	});

	it('errors narrow through guards and carry a code from a fixed union', () => {
		const error: unknown = new Error('x');
		if (isConfigError(error)) {
			expectTypeOf(error).toEqualTypeOf<ConfigError>();
			expectTypeOf(error.code).toEqualTypeOf<UmamiGuardErrorCode>();
			expectTypeOf(error.key).toEqualTypeOf<string>();
		}
	});
});
