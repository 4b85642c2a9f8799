/**
 * What the per-call path promises while it is made cheaper (issue 16 item 2): events keep the shape a hook
 * and Umami see, every value is still scrubbed before it is queued, and drops are counted with a reason.
 */
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics, type AnalyticsHooks} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import type {UmamiEvent} from '../../src/types.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

/** An instance that never delivers (nothing listens on port 9 and the batch timer is an hour away). */
function create(options: AnalyticsOptions = {}, hooks: AnalyticsHooks = {}): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: ID,
		apiUrl: 'http://127.0.0.1:9',
		flushIntervalMs: 3_600_000,
		logger: {warn: () => {}, debug: () => {}},
		...options,
	};
	return new UmamiAnalytics(resolveConfig('test', all), {...all, ...hooks});
}

describe('the payload a hook sees', () => {
	it('is a plain object with the fields in the order Umami’s body has them', () => {
		const seen: UmamiEvent[] = [];
		const analytics = create({
			hostname: 'shop.example',
			beforeSend: (event) => {
				seen.push(event);
				return event;
			},
		});
		analytics.trackEvent('signup', {plan: 'pro'}, {url: '/pricing'});
		analytics.trackPageView('/home', {referrer: 'https://example.org/', title: 'Home'});
		analytics.identify('user-42', {tier: 'gold'});
		expect(seen).toHaveLength(3);
		for (const event of seen) {
			expect(Object.getPrototypeOf(event.payload)).toBe(Object.prototype);
			expect(event.payload.constructor).toBe(Object);
		}
		const [event, pageview, identify] = seen.map((one) => one.payload);
		const timestamp = event!.timestamp;
		expect(event).toStrictEqual({
			website: ID,
			url: '/pricing',
			timestamp,
			hostname: 'shop.example',
			name: 'signup',
			data: {plan: 'pro'},
		});
		expect(JSON.stringify(event)).toBe(
			`{"website":"${ID}","url":"/pricing","timestamp":${timestamp},"hostname":"shop.example","name":"signup","data":{"plan":"pro"}}`,
		);
		expect(Object.keys(pageview!)).toEqual(['website', 'url', 'timestamp', 'hostname', 'referrer', 'title']);
		expect(Object.keys(identify!)).toEqual(['website', 'url', 'timestamp', 'hostname', 'id', 'data']);
		void analytics.shutdown(0);
	});
});

describe("the call's own url and id", () => {
	it("a page view's path and identify's id win over the same fields of the options or context", () => {
		const seen: UmamiEvent[] = [];
		const analytics = create({
			beforeSend: (event) => {
				seen.push(event);
				return event;
			},
		});
		const options = {url: '/elsewhere', id: 'ctx-id', title: 'Home'};
		analytics.trackPageView('/home', options);
		analytics.identify('user-42', undefined, {url: '/account', id: 'ctx-id'});
		analytics.identify(undefined, undefined, {id: 'ctx-id'});
		expect(seen.map((event) => [event.payload.url, event.payload.id])).toEqual([
			['/home', 'ctx-id'],
			['/account', 'user-42'],
			['/', 'ctx-id'],
		]);
		expect(options).toEqual({url: '/elsewhere', id: 'ctx-id', title: 'Home'});
		void analytics.shutdown(0);
	});
});

describe('the clock', () => {
	it("is read once per tracking call: the payload's timestamp and the queue's age of the event are one instant", () => {
		let reads = 0;
		const analytics = create({}, {now: () => 1_800_000_000_000 + 1000 * reads++});
		const seen: number[] = [];
		for (const track of [
			() => analytics.trackEvent('signup', {plan: 'pro'}, {url: '/pricing'}),
			() => analytics.trackRevenue('purchase', {amount: 19.99, currency: 'EUR'}),
			() => analytics.trackPageView('/home'),
			() => analytics.identify('user-42'),
		]) {
			const before = reads;
			track();
			seen.push(reads - before);
		}
		expect(seen).toEqual([1, 1, 1, 1]);
		expect(analytics.stats()).toMatchObject({tracked: 4, queued: 4, droppedTotal: 0});
		void analytics.shutdown(0);
	});
});
