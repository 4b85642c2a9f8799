/**
 * The rate-limited drop warning (issue 4: "drops warn even when debug is off"; issue 13 item 5: "the drop
 * warning undercounts"): a burst is told whole, one warning per reason per 30 s tells every drop since the
 * previous one, what the rate limit held back is told when the interval ends or at the latest at shutdown —
 * and never a word of the event itself.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {DROP_WARNING_INTERVAL_MS, createLogger} from '../../src/client/logger.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

const PREFIX = 'umami-guard[test]';
const SEE = '; see stats().dropped';

let server: FaultServer;
useFaultServer((started) => (server = started));

/** A logger with debug off, the (fake) clock and a sink that records every line. */
function setup() {
	const warnings: string[] = [];
	const debugLines: string[] = [];
	const log = createLogger(
		PREFIX,
		false,
		{warn: (line) => warnings.push(line), debug: (line) => debugLines.push(line)},
		Date.now,
	);
	return {log, warnings, debugLines};
}

/** Lets the microtasks of the current run finish (where a burst's warning goes out). */
const endOfRun = async (): Promise<void> => {
	await vi.advanceTimersByTimeAsync(0);
};

describe('drop warnings (debug off)', () => {
	beforeEach(() => {
		vi.useFakeTimers({now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date']});
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('the interval is 30 s', () => {
		expect(DROP_WARNING_INTERVAL_MS).toBe(30_000);
	});

	it.each([5, 8, 200_000])('a burst of %i drops is one warning with its true count', async (count) => {
		const {log, warnings} = setup();
		for (let index = 0; index < count; index++) log.drop('shutdown_timeout');
		await endOfRun();
		expect(warnings).toEqual([`${PREFIX} dropped ${count} events (shutdown_timeout)${SEE}`]);
	});

	it('held back inside the interval, then told when it ends — with no further drop needed', async () => {
		const {log, warnings, debugLines} = setup();
		log.drop('queue_overflow');
		await endOfRun();
		expect(warnings).toEqual([`${PREFIX} dropped 1 event (queue_overflow)${SEE}`]);
		for (const step of [1000, 1000, 1000]) {
			await vi.advanceTimersByTimeAsync(step);
			log.drop('queue_overflow');
		}
		// Still inside the interval (measured from the first warning): nothing more.
		await vi.advanceTimersByTimeAsync(DROP_WARNING_INTERVAL_MS - 3001);
		expect(warnings).toHaveLength(1);
		// 30 s after the first warning: the 3 drops held back, though nothing was dropped since.
		await vi.advanceTimersByTimeAsync(1);
		expect(warnings).toEqual([
			`${PREFIX} dropped 1 event (queue_overflow)${SEE}`,
			`${PREFIX} dropped 3 events (queue_overflow)${SEE}`,
		]);
		// Debug is off: no debug line at all.
		expect(debugLines).toEqual([]);
	});

	it('each reason has its own interval and its own count', async () => {
		const {log, warnings} = setup();
		log.drop('queue_overflow');
		log.drop('network_error');
		log.drop('network_error');
		await endOfRun();
		expect(warnings).toEqual([
			`${PREFIX} dropped 1 event (queue_overflow)${SEE}`,
			`${PREFIX} dropped 2 events (network_error)${SEE}`,
		]);
		log.drop('network_error');
		await vi.advanceTimersByTimeAsync(DROP_WARNING_INTERVAL_MS);
		expect(warnings.slice(2)).toEqual([`${PREFIX} dropped 1 event (network_error)${SEE}`]);
	});

	it('held while shutting down: release hands over every untold count, per reason, and warns nothing itself', async () => {
		const {log, warnings} = setup();
		log.drop('queue_overflow');
		await endOfRun();
		log.drop('queue_overflow');
		log.drop('queue_overflow');
		log.hold();
		for (let index = 0; index < 1000; index++) log.drop('shutdown_timeout');
		await vi.advanceTimersByTimeAsync(DROP_WARNING_INTERVAL_MS * 2);
		expect(warnings).toHaveLength(1);
		expect(log.release()).toBe('dropped 1002 events (queue_overflow 2; shutdown_timeout 1000)');
		expect(log.release()).toBeUndefined();
		await vi.advanceTimersByTimeAsync(DROP_WARNING_INTERVAL_MS * 2);
		expect(warnings).toHaveLength(1);
	});

	it('a throwing logger never reaches the caller', async () => {
		const log = createLogger(
			PREFIX,
			false,
			{
				warn: () => {
					throw new Error('broken logger');
				},
			},
			() => 0,
		);
		expect(() => log.drop('invalid')).not.toThrow();
		await endOfRun();
	});

	it('through the client: overflow drops are told whole, and no warning holds the events’ content', async () => {
		const lines: string[] = [];
		const options: AnalyticsOptions = {
			env: {},
			configFile: false,
			websiteId: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01',
			apiUrl: 'http://127.0.0.1:9',
			queueSize: 1,
			overflow: 'drop_newest',
			logger: {warn: (line) => lines.push(`warn ${line}`), debug: (line) => lines.push(`debug ${line}`)},
		};
		const analytics = new UmamiAnalytics(resolveConfig('test', options), {...options, now: Date.now});
		const secret = 'zebra-quartz-7781';
		const track = (index: number): void =>
			analytics.trackEvent(`signup-${secret}`, {plan: secret, index}, {url: `/checkout/${secret}`});
		for (let index = 0; index < 4; index++) track(index);
		await endOfRun();
		expect(analytics.stats().dropped.queue_overflow).toBe(3);
		track(4);
		track(5);
		expect(analytics.stats().dropped.queue_overflow).toBe(5);
		await vi.advanceTimersByTimeAsync(DROP_WARNING_INTERVAL_MS);
		const warnings = lines.filter((line) => line.startsWith('warn ') && line.includes('dropped'));
		expect(warnings).toEqual([
			`warn ${PREFIX} dropped 3 events (queue_overflow: queue full (1 events))${SEE}`,
			`warn ${PREFIX} dropped 2 events (queue_overflow: queue full (1 events))${SEE}`,
		]);
		for (const line of lines) {
			expect(line).not.toContain(secret);
			expect(line).not.toContain('signup');
			expect(line).not.toContain('checkout');
		}
		void analytics.shutdown(0);
	});
});

describe('drop warnings through shutdown (real timers)', () => {
	function create(lines: string[], options: AnalyticsOptions = {}): UmamiAnalytics {
		const all: AnalyticsOptions = {
			env: {},
			configFile: false,
			websiteId: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01',
			apiUrl: server.url,
			logger: {warn: (line) => lines.push(line)},
			...options,
		};
		return new UmamiAnalytics(resolveConfig('test', all), all);
	}

	it('20,000 events dropped at shutdown: one warning with the true count (it said 1 before)', async () => {
		server.setHandler(() => ({type: 'hang'}));
		const lines: string[] = [];
		const analytics = create(lines, {queueSize: 20_000, timeoutMs: 60_000});
		for (let index = 0; index < 20_000; index++) analytics.trackEvent('burst', {i: index});
		const result = await analytics.shutdown(200);
		expect(result.dropped).toBe(20_000);
		expect(analytics.stats().dropped.shutdown_timeout).toBe(20_000);
		// The server hangs: the warning also names that (docs/reliability.md, the shutdown warning).
		expect(lines).toEqual([
			expect.stringMatching(
				/^umami-guard\[test\] at shutdown: dropped 20000 events \(shutdown_timeout: shutdown deadline of 200 ms reached\); Umami at 127\.0\.0\.1:\d+ did not answer within \d+ ms .*; see stats\(\)\.dropped$/,
			),
		]);
	});

	it('shutdown_timeout is told with its cause: nothing waited when shutdown gave up on an unreachable server', async () => {
		await server.down();
		try {
			const lines: string[] = [];
			const analytics = create(lines, {});
			analytics.trackEvent('a');
			analytics.trackEvent('b');
			await analytics.shutdown(60_000);
			expect(analytics.stats().dropped.shutdown_timeout).toBe(2);
			expect(lines).toEqual([
				expect.stringMatching(
					/^umami-guard\[test\] at shutdown: dropped 2 events \(shutdown_timeout: given up without waiting, the server is unreachable\); cannot reach Umami at 127\.0\.0\.1:\d+ .*; see stats\(\)\.dropped$/,
				),
			]);
			expect(lines[0]).not.toContain('deadline');
		} finally {
			await server.up();
		}
	});

	it('two causes in one warning: each with its count', async () => {
		const {log, warnings} = setup();
		log.drop('shutdown_timeout', 'shutdown deadline of 0 ms reached');
		log.drop('shutdown_timeout', 'queue closed');
		log.drop('shutdown_timeout', 'queue closed');
		log.drop('invalid', 'event name must be a non-empty string');
		await endOfRunReal();
		expect(warnings).toEqual([
			`${PREFIX} dropped 3 events (shutdown_timeout: shutdown deadline of 0 ms reached (1), queue closed (2))${SEE}`,
			`${PREFIX} dropped 1 event (invalid: event name must be a non-empty string)${SEE}`,
		]);
	});

	it('what the rate limit held back is told at the latest at shutdown', async () => {
		const lines: string[] = [];
		const analytics = create(lines, {queueSize: 1, overflow: 'drop_newest'});
		analytics.trackEvent('kept');
		analytics.trackEvent('overflow');
		await endOfRunReal();
		analytics.trackEvent('overflow');
		analytics.trackEvent('overflow');
		await analytics.shutdown(2000);
		expect(lines).toEqual([
			`${PREFIX} dropped 1 event (queue_overflow: queue full (1 events))${SEE}`,
			`${PREFIX} at shutdown: dropped 2 events (queue_overflow: queue full (1 events))${SEE}`,
		]);
		expect(server.stored).toHaveLength(1);
	});
});

function endOfRunReal(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}
