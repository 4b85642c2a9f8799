/**
 * Drop warnings say why (a new user's trial: "dropped 14 events (invalid)" did not, while `onDrop` had
 * "event data must be an object, got a string"): each reason is told with the first cause of the drops a
 * warning tells, never a value of the event; and a repeated warning reads like the first (the explanation
 * of `bot_filtered` and `after_shutdown` was said only once).
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {DROP_WARNING_INTERVAL_MS, createLogger} from '../../src/client/logger.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';

const PREFIX = 'umami-guard[reasons]';
const SEE = '; see stats().dropped';
const EMAIL = 'ada@example.com';

/** An instance whose delivery never leaves the process (nothing is queued by these tests anyway). */
function create(lines: string[], options: AnalyticsOptions = {}): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01',
		apiUrl: 'http://127.0.0.1:9',
		logger: {warn: (line) => lines.push(line)},
		...options,
	};
	return new UmamiAnalytics(resolveConfig('reasons', all), all);
}

const endOfRun = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('a drop warning names the cause', () => {
	it('14 invalid events: the cause onDrop has, without the value', async () => {
		const lines: string[] = [];
		const details: string[] = [];
		const analytics = create(lines, {onDrop: (info) => details.push(info.detail)});
		for (let index = 0; index < 14; index++) analytics.trackEvent('note', EMAIL as never);
		await endOfRun();
		expect(details[0]).toBe('event data must be an object, got a string');
		expect(lines).toEqual([
			`${PREFIX} dropped 14 events (invalid: event data must be an object, got a string)${SEE}`,
		]);
		expect(lines.join('\n')).not.toContain(EMAIL);
		await analytics.shutdown(0);
	});

	it('several reasons and causes: each reason with its first cause, and says when there were others', async () => {
		const lines: string[] = [];
		const analytics = create(lines);
		analytics.trackEvent('order', {plan: 'pro'}, {idempotencyKey: 'evt_1'});
		analytics.trackEvent('order', {plan: 'pro'}, {idempotencyKey: 'evt_1'});
		analytics.trackEvent('note', EMAIL as never);
		analytics.trackEvent('', {plan: 'pro'});
		// Shut down in the same run: the one warning at its end tells every reason at once (the queued event
		// is dropped too, Umami being a closed port).
		await analytics.shutdown(60_000);
		expect(lines[0]).toMatch(
			/^umami-guard\[reasons\] at shutdown: dropped \d+ events \(duplicate 1: its idempotency key was recorded before; invalid 2, the first: event data must be an object, got a string[;)]/,
		);
		expect(lines.join('\n')).not.toContain(EMAIL);
		expect(lines.join('\n')).not.toContain('evt_1');
	});
});

describe('a repeated drop warning reads like the first', () => {
	beforeEach(() => {
		vi.useFakeTimers({now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date']});
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('the cause and the explanation again, 30 s later', async () => {
		const warnings: string[] = [];
		const log = createLogger(PREFIX, false, {warn: (line) => warnings.push(line)}, Date.now);
		const cause = 'the User-Agent is a bot to Umami (isbot): it would store nothing';
		log.drop('bot_filtered', cause);
		await vi.advanceTimersByTimeAsync(0);
		log.drop('bot_filtered', cause);
		log.drop('bot_filtered', cause);
		await vi.advanceTimersByTimeAsync(DROP_WARNING_INTERVAL_MS);
		expect(warnings).toHaveLength(2);
		const [first, second] = warnings as [string, string];
		expect(first).toMatch(
			new RegExp(`^${PREFIX.replace(/[[\]]/g, '\\$&')} dropped 1 event \\(bot_filtered: `),
		);
		expect(second.replace('dropped 2 events', 'dropped 1 event')).toBe(first);
		expect(second).toContain("the request's User-Agent looks like a bot to Umami");
	});
});
