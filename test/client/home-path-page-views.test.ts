/**
 * A page path that starts with a home directory (`/home/<name>/…`) is sent with the name redacted. It used to be
 * dropped whole by the final PII gate (\`pii_gate\`): the URL sanitizer kept the path while the gate, reading it as
 * text, found a home directory — a new user lost every such page view with a warning that named no cause.
 */
import {describe, expect, it} from 'vitest';
import {createTestAnalytics} from '../../src/testing/index.js';

describe('page views at home-directory paths', () => {
	it('are sent without the user name, never dropped by the gate', async () => {
		const {analytics, flushed, drops} = createTestAnalytics();
		analytics.trackPageView('/home/jdoe/reports');
		analytics.trackPageView('/Users/jdoe/Documents/x', {referrer: '/home/jdoe/from'});
		const events = await flushed();
		expect(drops).toEqual([]);
		expect(analytics.stats().dropped.pii_gate ?? 0).toBe(0);
		expect(events.map((event) => [event.payload.url, event.payload.referrer])).toEqual([
			['/home/[REDACTED_USER]/reports', undefined],
			['/Users/[REDACTED_USER]/Documents/x', '/home/[REDACTED_USER]/from'],
		]);
	});
});
