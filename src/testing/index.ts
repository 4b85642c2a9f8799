/**
 * `umami-guard/testing` — an analytics instance for your own tests that records, in order, exactly what
 * would be sent to Umami.
 *
 * It is a real {@link UmamiAnalytics} (same sanitizer, limits, final PII gate, queue and transport) whose
 * `fetch` is an in-memory stand-in for Umami's `/api/batch`: nothing leaves the process, nothing is read from
 * env vars or `config.yaml`. No `node:` imports, so it runs under Node, Bun, Deno and edge test runners.
 */
import {UmamiAnalytics, type AnyEvents, type EventCatalog} from '../client/analytics.js';
import type {AnalyticsOptions, DropInfo} from '../config/options.js';
import {resolveConfig} from '../config/resolve.js';
import type {UmamiEvent} from '../types.js';

/** Website id the test instance stamps on its events unless `websiteId` is given. */
export const TEST_WEBSITE_ID = '00000000-0000-4000-8000-000000000000';

/** Base URL of the in-memory Umami (never contacted over the network). */
export const TEST_API_URL = 'http://umami.test';

/**
 * Options of {@link createTestAnalytics}: every {@link AnalyticsOptions} field except `fetch`, `env` and
 * `configFile`. The `logger` defaults to a silent one (drops are in {@link TestAnalytics.drops}).
 */
export type TestAnalyticsOptions = Omit<AnalyticsOptions, 'fetch' | 'env' | 'configFile'> & {
	/** App name of the instance. @default 'test' */
	appName?: string;
};

/** What {@link createTestAnalytics} returns. */
export interface TestAnalytics<Events extends EventCatalog = AnyEvents> {
	/** The instance under test: pass it to your code or to an integration. */
	readonly analytics: UmamiAnalytics<Events>;
	/**
	 * Every event that reached the in-memory Umami, sanitized and fitted to Umami's limits, in the order it
	 * would have been sent. Filled when the queue sends: call {@link TestAnalytics.flushed} first.
	 */
	readonly events: UmamiEvent[];
	/** Every event dropped before it could be sent (`pii_gate`, `invalid`, …), as `onDrop` reports it. */
	readonly drops: DropInfo[];
	/** Forgets the recorded events and drops (not the instance's counters). */
	clear(): void;
	/** Sends everything queued now and resolves with the recorded events. */
	flushed(): Promise<readonly UmamiEvent[]>;
}

/**
 * Builds an analytics instance for tests. Options are those of `getAnalytics()`; hooks you pass
 * (`onDrop`, `onRedact`, `beforeSend`, …) still run. The instance is not registered, so it never becomes the
 * default instance of `trackEvent()`.
 *
 * @example
 * ```ts
 * import {createTestAnalytics} from 'umami-guard/testing';
 * import {expect, test} from 'vitest'; // or jest
 *
 * test('signup is tracked without the email', async () => {
 *   const {analytics, flushed} = createTestAnalytics();
 *   analytics.trackEvent('signup', {email: 'ada@example.com', plan: 'pro'});
 *   const [event] = await flushed();
 *   expect(event?.payload.name).toBe('signup');
 *   expect(event?.payload.data).toEqual({email: '[REDACTED_EMAIL]', plan: 'pro'});
 * });
 * ```
 */
export function createTestAnalytics<Events extends EventCatalog = AnyEvents>(
	options: TestAnalyticsOptions = {},
): TestAnalytics<Events> {
	const events: UmamiEvent[] = [];
	const drops: DropInfo[] = [];
	const {appName = 'test', ...rest} = options;
	const userOnDrop = rest.onDrop;
	const fetchImpl = createMemoryUmami(events);
	const all: AnalyticsOptions = {
		websiteId: TEST_WEBSITE_ID,
		apiUrl: TEST_API_URL,
		logger: {},
		// A test should fail on a mistyped option, which a running app only warns about.
		strict: true,
		...rest,
		configFile: false,
		env: {},
		fetch: fetchImpl,
		onDrop(info) {
			drops.push(info);
			userOnDrop?.(info);
		},
	};
	const analytics = new UmamiAnalytics<Events>(resolveConfig(appName, all), all);
	return {
		analytics,
		events,
		drops,
		clear() {
			events.length = 0;
			drops.length = 0;
		},
		async flushed() {
			await analytics.flush();
			return events;
		},
	};
}

/** An in-memory `fetch` that answers like Umami ≥ 2.17 and records every event it "stores". */
function createMemoryUmami(events: UmamiEvent[]): typeof fetch {
	const json = (body: unknown, status = 200): Response =>
		new Response(JSON.stringify(body), {status, headers: {'content-type': 'application/json'}});
	return async (input, init) => {
		const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
		const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
		const text =
			typeof init?.body === 'string' ? init.body : input instanceof Request ? await input.text() : '';
		if (url.pathname.endsWith('/api/heartbeat')) return new Response('ok');
		if (method !== 'POST')
			return json({error: {message: 'Method not allowed', code: 'method-not-allowed'}}, 405);
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			return json({error: {message: 'Bad request', code: 'bad-request'}}, 400);
		}
		if (url.pathname.endsWith('/api/batch') && Array.isArray(parsed)) {
			for (const event of parsed as UmamiEvent[]) events.push(event);
			return json({size: parsed.length, processed: parsed.length, errors: 0, details: [], cache: ''});
		}
		if (url.pathname.endsWith('/api/send') && typeof parsed === 'object' && parsed !== null) {
			events.push(parsed as UmamiEvent);
			return json({cache: '', sessionId: '', visitId: ''});
		}
		return json({error: {message: 'Not found', code: 'not-found'}}, 404);
	};
}
