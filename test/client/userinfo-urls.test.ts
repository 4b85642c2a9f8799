/**
 * A URL with a userinfo (`https://user:password@host/`) in a referrer, a property or a link is sent with the
 * userinfo redacted. A new user's trial found such events dropped whole by the final PII gate (`pii_gate`): the
 * gate scrubbed the sanitizer's own output again and counted the `[REDACTED]@` marker as a secret.
 */
import {describe, expect, it} from 'vitest';
import {detectPii, sanitizeUrl} from '../../src/sanitize/index.js';
import {createTestAnalytics} from '../../src/testing/index.js';

const URLS: readonly [string, string, string] = [
	'https://jane:hunter2@intranet.example.com/wiki',
	'postgres://app:S3cret@db.internal/prod',
	'https://ghp_token@github.com/acme/repo.git',
] as const;

describe('URLs with a userinfo', () => {
	it('are sent with the userinfo redacted, never dropped by the gate', async () => {
		const {analytics, flushed, drops} = createTestAnalytics();
		analytics.trackPageView('/docs', {referrer: URLS[0]});
		analytics.trackEvent('db_error', {dsn: URLS[1], note: `cloning ${URLS[2]} failed`});
		const events = await flushed();
		expect(drops).toEqual([]);
		expect(analytics.stats().dropped.pii_gate ?? 0).toBe(0);
		expect(events[0]?.payload.referrer).toBe('https://[REDACTED]@intranet.example.com/wiki');
		expect(events[1]?.payload.data).toEqual({
			dsn: 'postgres://[REDACTED]@db.internal/prod',
			note: 'cloning https://[REDACTED]@github.com/acme/repo.git failed',
		});
	});

	it('come out of the URL sanitizer as output the detector finds nothing in', () => {
		for (const url of URLS) {
			const clean = sanitizeUrl(url);
			expect(clean).toContain('//[REDACTED]@');
			expect(clean.startsWith(url.slice(0, url.indexOf('//') + 2))).toBe(true);
			expect(detectPii(clean)).toEqual([]);
			expect(detectPii(url)).toContain('secret');
		}
	});
});
