/**
 * Revenue against the REAL Umami 2.10 (scripts/umami/start.sh). 2.10 has no `revenue` table (2.19+ and 3.x
 * add one): there Umami keeps the pair as event data, which the Revenue report of later versions reads the
 * same way. Checked: the event exists, `revenue` is a number row (number_value 19.9900) and `currency` a
 * string row ('EUR'), and a webhook tracked twice with one idempotency key is stored once. Only the rows of
 * this run's events (their name carries the run's tag) and only the columns our data fills are read.
 */
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {BROWSER_UA, runTag, useUmami, type UmamiE2E} from '../helpers/umami.js';

let umami: UmamiE2E;
useUmami((started) => (umami = started));

function create(): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: umami.websiteId,
		apiUrl: umami.url,
		flushIntervalMs: 60_000,
	};
	return new UmamiAnalytics(resolveConfig(`e2e-revenue-${runTag()}`, all), all);
}

interface DataRow extends Record<string, unknown> {
	event_key: string;
	string_value: string | null;
	number_value: string | null;
	data_type: number;
}

describe('revenue on Umami 2.10 (event data)', () => {
	it('stores the event once, revenue as a number and currency as a string', {timeout: 60_000}, async () => {
		const tag = runTag();
		const name = `revenue_${tag}`;
		const analytics = create();
		const context = {userAgent: BROWSER_UA, idempotencyKey: `evt_${tag}`};
		analytics.trackRevenue(name, {amount: 19.99, currency: 'eur'}, {plan: 'pro'}, context);
		analytics.trackRevenue(name, {amount: 19.99, currency: 'eur'}, {plan: 'pro'}, context); // delivered again
		await analytics.shutdown(30_000);
		expect(analytics.stats()).toMatchObject({sent: 1, dropped: expect.objectContaining({duplicate: 1})});

		const events = await umami.query<{event_id: string; event_type: number}>(
			'select event_id, event_type from website_event where website_id = $1 and event_name = $2',
			[umami.websiteId, name],
		);
		expect(events).toHaveLength(1);
		expect(events[0]!.event_type).toBe(2); // a custom event
		const rows = await umami.query<DataRow>(
			`select event_key, string_value, number_value::text as number_value, data_type from event_data
			 where website_event_id = $1 order by event_key`,
			[events[0]!.event_id],
		);
		expect(rows).toEqual([
			{event_key: 'currency', string_value: 'EUR', number_value: null, data_type: 1},
			{event_key: 'plan', string_value: 'pro', number_value: null, data_type: 1},
			{event_key: 'revenue', string_value: '19.9900', number_value: '19.9900', data_type: 2},
		]);
	});
});
