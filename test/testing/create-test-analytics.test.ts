import {describe, expect, test} from 'vitest';
import {createTestAnalytics, TEST_WEBSITE_ID} from '../../src/testing/index.js';

describe('createTestAnalytics', () => {
	test('records sanitized events in order once flushed', async () => {
		const {analytics, events, flushed} = createTestAnalytics();
		analytics.trackEvent('signup', {email: 'ada@example.com', plan: 'pro'});
		analytics.trackPageView('/users/ada@example.com/settings?token=abc123def456');
		expect(events).toEqual([]);
		const recorded = await flushed();
		expect(recorded).toBe(events);
		expect(events).toHaveLength(2);
		expect(events[0]?.type).toBe('event');
		expect(events[0]?.payload.website).toBe(TEST_WEBSITE_ID);
		expect(events[0]?.payload.name).toBe('signup');
		expect(events[0]?.payload.data).toEqual({email: '[REDACTED_EMAIL]', plan: 'pro'});
		expect(events[1]?.payload.name).toBeUndefined();
		expect(events[1]?.payload.url).not.toContain('ada@example.com');
		expect(events[1]?.payload.url).not.toContain('abc123def456');
		expect(JSON.stringify(events)).not.toContain('ada@example.com');
		expect(analytics.stats().sent).toBe(2);
		expect(analytics.stats().redacted.email).toBeGreaterThanOrEqual(2);
	});

	test('applies Umami limits and keeps user hooks', async () => {
		const redacted: string[] = [];
		const {analytics, flushed} = createTestAnalytics({onRedact: (cls) => redacted.push(cls)});
		analytics.trackEvent('x'.repeat(80), {note: 'y'.repeat(900), phone: '+1 415 555 0132'});
		const [event] = await flushed();
		expect(event?.payload.name?.length).toBeLessThanOrEqual(50);
		expect(String(event?.payload.data?.['note']).length).toBeLessThanOrEqual(500);
		expect(redacted).toContain('phone');
		expect(analytics.stats().adjusted).toBeGreaterThan(0);
	});

	test('a mistyped option fails the test: an app only warns about it, a test helper throws (strict)', () => {
		expect(() => createTestAnalytics({batchSise: 5} as never)).toThrow('did you mean "batchSize"?');
	});

	test('clear() forgets events; drops are recorded; beforeSend filters', async () => {
		const test = createTestAnalytics({beforeSend: (event) => (event.payload.name === 'skip' ? null : event)});
		test.analytics.trackEvent('one');
		await test.flushed();
		expect(test.events).toHaveLength(1);
		test.clear();
		expect(test.events).toHaveLength(0);
		test.analytics.trackEvent('skip');
		test.analytics.trackEvent('');
		await test.flushed();
		expect(test.events).toHaveLength(0);
		expect(test.drops.map((drop) => drop.reason)).toEqual(['invalid']);
		expect(test.analytics.stats().filtered).toBe(1);
	});

	test('ignores the environment and any config file', async () => {
		const {analytics, flushed} = createTestAnalytics({appName: 'billing', hostname: 'shop.example'});
		expect(analytics.appName).toBe('billing');
		expect(analytics.config.configFile).toBeUndefined();
		analytics.trackEvent('paid');
		const [event] = await flushed();
		expect(event?.payload.hostname).toBe('shop.example');
	});
});
