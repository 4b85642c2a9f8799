/**
 * The rate-limited drop warning (issue 4: "drops warn even when debug is off"): one warning per reason per
 * 30 s, the next one telling how many were dropped since — and never a word of the event itself.
 */
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {DROP_WARNING_INTERVAL_MS, createLogger} from '../../src/client/logger.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';

const PREFIX = 'umami-guard[test]';

/** A logger with debug off, an injected clock and a sink that records every line. */
function setup() {
	let now = 1_000_000;
	const warnings: string[] = [];
	const debugLines: string[] = [];
	const log = createLogger(
		PREFIX,
		false,
		{warn: (line) => warnings.push(line), debug: (line) => debugLines.push(line)},
		() => now,
	);
	return {
		log,
		warnings,
		debugLines,
		advance: (ms: number) => {
			now += ms;
		},
	};
}

describe('drop warnings (debug off)', () => {
	it('the interval is 30 s', () => {
		expect(DROP_WARNING_INTERVAL_MS).toBe(30_000);
	});

	it('3 drops → 1 warning; after 30 s one more that says how many were dropped since', () => {
		const {log, warnings, debugLines, advance} = setup();
		log.drop('queue_overflow');
		advance(1000);
		log.drop('queue_overflow');
		advance(1000);
		log.drop('queue_overflow');
		expect(warnings).toEqual([`${PREFIX} dropped 1 event (queue_overflow); see stats().dropped`]);

		// Still inside the interval (measured from the first warning): nothing more.
		advance(DROP_WARNING_INTERVAL_MS - 2001);
		log.drop('queue_overflow');
		expect(warnings).toHaveLength(1);

		// 30 s after the first warning: the 3 drops held back plus this one.
		advance(1);
		log.drop('queue_overflow');
		expect(warnings).toEqual([
			`${PREFIX} dropped 1 event (queue_overflow); see stats().dropped`,
			`${PREFIX} dropped 4 events (queue_overflow); see stats().dropped`,
		]);
		// Debug is off: no debug line at all.
		expect(debugLines).toEqual([]);
	});

	it('each reason has its own interval and its own count', () => {
		const {log, warnings, advance} = setup();
		log.drop('queue_overflow');
		log.drop('network_error');
		log.drop('network_error');
		expect(warnings).toEqual([
			`${PREFIX} dropped 1 event (queue_overflow); see stats().dropped`,
			`${PREFIX} dropped 1 event (network_error); see stats().dropped`,
		]);
		advance(DROP_WARNING_INTERVAL_MS);
		log.drop('network_error');
		expect(warnings.at(-1)).toBe(`${PREFIX} dropped 2 events (network_error); see stats().dropped`);
	});

	it('a throwing logger never reaches the caller', () => {
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
	});

	it('through the client: overflow drops warn once, and no warning holds the events’ content', () => {
		let now = Date.UTC(2026, 0, 1);
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
		const analytics = new UmamiAnalytics(resolveConfig('test', options), {...options, now: () => now});
		const secret = 'zebra-quartz-7781';
		const track = (index: number): void =>
			analytics.trackEvent(`signup-${secret}`, {plan: secret, index}, {url: `/checkout/${secret}`});
		for (let index = 0; index < 4; index++) track(index);
		expect(analytics.stats().dropped.queue_overflow).toBe(3);
		now += DROP_WARNING_INTERVAL_MS;
		track(4);
		expect(analytics.stats().dropped.queue_overflow).toBe(4);
		const warnings = lines.filter((line) => line.startsWith('warn ') && line.includes('dropped'));
		expect(warnings).toEqual([
			'warn umami-guard[test] dropped 1 event (queue_overflow); see stats().dropped',
			'warn umami-guard[test] dropped 3 events (queue_overflow); see stats().dropped',
		]);
		for (const line of lines) {
			expect(line).not.toContain(secret);
			expect(line).not.toContain('signup');
			expect(line).not.toContain('checkout');
		}
		void analytics.shutdown(0);
	});
});
