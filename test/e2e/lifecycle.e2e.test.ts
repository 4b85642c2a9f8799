/**
 * Issue 13 items 1 and 4 against the REAL Umami 2.10 (+ PostgreSQL on 127.0.0.1): a one-shot script that
 * tracks and simply ends gets its events stored; an unknown website id is named in a warning at once.
 */
import {randomUUID} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {runOneShot} from '../helpers/one-shot.js';
import {runTag, useUmami, type UmamiE2E} from '../helpers/umami.js';

let umami: UmamiE2E;
useUmami((started) => (umami = started));

describe('lifecycle against the real Umami 2.10', () => {
	it('a script that tracks and simply ends: its events are stored (natural exit)', async () => {
		const tag = runTag();
		const outcome = await runOneShot('one-shot', umami.url, [umami.websiteId, tag]);
		expect(outcome.code).toBe(0);
		expect(outcome.warnings).toEqual([]);
		expect(outcome.report.stats).toMatchObject({sent: 3, state: 'closed'});
		const rows = await umami.query<{url_path: string; event_name: string}>(
			`select url_path, event_name from website_event where website_id = $1 and url_path like $2 order by url_path`,
			[umami.websiteId, `/natural-exit/${tag}/%`],
		);
		expect(rows).toEqual(
			[0, 1, 2].map((index) => ({url_path: `/natural-exit/${tag}/${index}`, event_name: 'natural_exit'})),
		);
	}, 60_000);

	it('an unknown website id: Umami answers 403 "Website not found", and one warning names it at once', async () => {
		const website = randomUUID();
		const lines: string[] = [];
		const options: AnalyticsOptions = {
			env: {},
			configFile: false,
			websiteId: website,
			apiUrl: umami.url,
			logger: {warn: (line) => lines.push(line)},
		};
		const analytics = new UmamiAnalytics(resolveConfig('lifecycle', options), options);
		analytics.trackEvent('lost', {tag: runTag()});
		analytics.trackEvent('lost');
		const result = await analytics.flush();
		expect(result).toMatchObject({sent: 0, failed: 2});
		expect(analytics.stats().dropped.rejected).toBe(2);
		const host = new URL(umami.url).host;
		expect(lines.filter((line) => line.includes('does not know website'))).toEqual([
			`umami-guard[lifecycle] Umami at ${host} does not know website ${website} (HTTP 403 "website not found"); check UMAMI_WEBSITE_ID (the websiteId option); its events are dropped (rejected). Run \`npx umami-guard check\` to diagnose it.`,
		]);
		await analytics.shutdown();
	}, 60_000);
});
