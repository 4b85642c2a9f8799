/**
 * A flush at the end of a serverless handler (awaited, or handed to `waitUntil`) settles by its deadline
 * (`flushTimeoutMs`, by default `timeoutMs`) when Umami accepts the connection and never answers, says how
 * many events it left pending, and warns on the way; the events stay queued and arrive once the server is
 * back. Against a real HTTP server on 127.0.0.1 that hangs; no timing is asserted (the test's own timeout
 * is the generous outer bound).
 */
import {afterEach, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {ConfigError} from '../../src/errors.js';
import {withUmami} from '../../src/integrations/fetch.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {sendingTo, useFaultServer} from '../helpers/use-fault-server.js';

const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const API_KEY = 'api_flushdeadline_secret_0123456789';
/** The outer bound of every test: far above any deadline used here, so only a flush that never settles fails. */
const OUTER_MS = 30_000;

let server: FaultServer;
useFaultServer((started) => (server = started));

const instances: UmamiAnalytics[] = [];
afterEach(async () => {
	server.setHandler(undefined);
	await Promise.all(instances.splice(0).map((each) => each.shutdown(100)));
});

function create(lines: string[], options: AnalyticsOptions = {}): UmamiAnalytics {
	const all = sendingTo(server, WEBSITE, {
		apiKey: API_KEY,
		logger: {warn: (line) => lines.push(line)},
		...options,
	});
	const analytics = new UmamiAnalytics(resolveConfig('flush-deadline', all), all);
	instances.push(analytics);
	return analytics;
}

/** Flushes until `expected` events are stored (the server recovered); bounded by the test's timeout. */
async function flushUntilStored(analytics: UmamiAnalytics, expected: number): Promise<void> {
	while (server.tally(expected).stored < expected) {
		await analytics.flush();
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('flush() when the server hangs', () => {
	it(
		'an awaited flush settles at flushTimeoutMs with the events pending, warns, and they arrive once the server is back',
		async () => {
			const lines: string[] = [];
			// The request itself would wait a minute: only the flush deadline can end the await.
			const analytics = create(lines, {timeoutMs: 60_000, flushTimeoutMs: 200});
			server.setHandler(() => ({type: 'hang'}));
			for (let i = 0; i < 3; i++) analytics.trackEvent('hung', {i, email: 'someone@example.com'});

			const result = await analytics.flush();
			expect(result).toMatchObject({sent: 0, failed: 0, dropped: 0, pending: 3, timedOut: true});
			const warning = lines.find((line) => line.includes('flush deadline'));
			expect(warning).toContain('flush deadline of 200 ms reached: 3 event(s) still pending');
			expect(lines.join('\n')).not.toContain(API_KEY);
			expect(lines.join('\n')).not.toContain('example.com');

			// The server recovers (the hung connections are cut): nothing was dropped, everything arrives once.
			server.setHandler(undefined);
			await server.down();
			await server.up();
			await flushUntilStored(analytics, 3);
			expect(server.tally(3)).toEqual({stored: 3, missing: [], duplicated: []});
			expect(analytics.stats().dropped).toMatchObject({network_error: 0, shutdown_timeout: 0});
		},
		OUTER_MS,
	);

	it(
		'by default the deadline is timeoutMs, also after a timeout doubled the request timeout (docs/runtimes.md)',
		async () => {
			const lines: string[] = [];
			const analytics = create(lines, {timeoutMs: 300});
			server.setHandler(() => ({type: 'hang'}));
			analytics.trackEvent('first', {i: 0});
			const first = await analytics.flush();
			expect(first.pending).toBe(1);
			// The request timed out, so the transport now waits 600 ms for the next one: the flush does not.
			await vi.waitFor(() => expect(analytics.stats().retried).toBeGreaterThan(0), {timeout: OUTER_MS});
			const second = await analytics.flush();
			expect(second).toMatchObject({sent: 0, pending: 1, timedOut: true});
			expect(analytics.config.queue.flushTimeoutMs).toBe(300);
		},
		OUTER_MS,
	);

	it(
		'the flush of the waitUntil option settles and warns with the count left pending',
		async () => {
			const lines: string[] = [];
			const handed: Promise<unknown>[] = [];
			const analytics = create(lines, {
				timeoutMs: 60_000,
				flushTimeoutMs: 200,
				waitUntil: (promise) => handed.push(promise),
			});
			server.setHandler(() => ({type: 'hang'}));
			analytics.trackEvent('a', {i: 0});
			analytics.trackEvent('b', {i: 1});
			await vi.waitFor(() => expect(handed.length).toBe(1), {timeout: OUTER_MS});
			await expect(handed[0]).resolves.toMatchObject({pending: 2, timedOut: true});
			expect(lines.some((line) => line.includes('2 event(s) still pending'))).toBe(true);
		},
		OUTER_MS,
	);

	it(
		'the flush the fetch integration hands to ctx.waitUntil settles and warns',
		async () => {
			const lines: string[] = [];
			const analytics = create(lines, {timeoutMs: 60_000, flushTimeoutMs: 200});
			server.setHandler(() => ({type: 'hang'}));
			const handed: Promise<unknown>[] = [];
			const handler = withUmami((_request: Request, _env: unknown, _ctx: unknown) => new Response('ok'), {
				analytics,
			});
			const ctx = {waitUntil: (promise: Promise<unknown>) => handed.push(promise)};
			const response = await handler(new Request('http://app.test/x'), {}, ctx);
			await response.text();
			expect(handed.length).toBe(1);
			await handed[0];
			expect(lines.some((line) => line.includes('1 event(s) still pending'))).toBe(true);
		},
		OUTER_MS,
	);
});

describe('flushTimeoutMs is validated like the other options', () => {
	it('a bad value is a ConfigError naming the option; the file key sets it in seconds', () => {
		expect(() =>
			resolveConfig('x', {env: {}, configFile: false, websiteId: WEBSITE, flushTimeoutMs: -5}),
		).toThrow(ConfigError);
		const config = resolveConfig('x', {
			env: {},
			configFile: false,
			websiteId: WEBSITE,
			timeoutMs: 5000,
			flushTimeoutMs: 1500,
		});
		expect(config.queue.flushTimeoutMs).toBe(1500);
	});
});
