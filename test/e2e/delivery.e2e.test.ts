/**
 * End to end against a REAL Umami (v2.10.0 + PostgreSQL on 127.0.0.1, started by scripts/umami/start.sh):
 * what the client sends is read back from Umami's tables with SQL.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {createRequestTracker} from '../../src/integrations/request.js';
import {BROWSER_UA, runTag, startUmami, type UmamiE2E} from '../helpers/umami.js';

let umami: UmamiE2E;
const statuses: {path: string; status: number}[] = [];

const recordingFetch: typeof fetch = async (input, init) => {
	const response = await fetch(input, init);
	statuses.push({path: new URL(String(input)).pathname, status: response.status});
	return response;
};

beforeAll(async () => {
	umami = await startUmami();
}, 600_000);
afterAll(async () => {
	await umami.close();
});

function create(options: AnalyticsOptions = {}): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: umami.websiteId,
		apiUrl: umami.url,
		fetch: recordingFetch,
		flushIntervalMs: 100,
		...options,
	};
	return new UmamiAnalytics(resolveConfig(`e2e-${runTag()}`, all), all);
}

interface EventRow extends Record<string, unknown> {
	event_id: string;
	url_path: string;
	url_query: string | null;
	event_name: string | null;
	event_type: number;
	page_title: string | null;
}

async function rows(tag: string): Promise<EventRow[]> {
	return umami.query<EventRow>(
		`select event_id, url_path, url_query, event_name, event_type, page_title from website_event
		 where website_id = $1 and url_path like $2 order by created_at, event_name`,
		[umami.websiteId, `/e2e/${tag}%`],
	);
}

async function data(eventId: string): Promise<Record<string, string | null>> {
	const found = await umami.query<{event_key: string; string_value: string | null}>(
		'select event_key, string_value from event_data where website_event_id = $1',
		[eventId],
	);
	return Object.fromEntries(found.map((row) => [row.event_key, row.string_value]));
}

describe('real Umami 2.10', () => {
	it('stores page views and custom events with nested data; falls back from /api/batch to /api/send', async () => {
		const tag = runTag();
		const analytics = create();
		const context = {userAgent: BROWSER_UA, hostname: 'shop.example.com:8080'};
		analytics.trackPageView(`/e2e/${tag}/home?utm_source=newsletter&token=abc123`, {
			...context,
			title: 'Home',
		});
		analytics.trackEvent(
			'checkout',
			{plan: 'pro', cart: {items: 3, coupon: 'SPRING'}, email: 'jane.roe@example.com'},
			{
				...context,
				url: `/e2e/${tag}/users/jane.roe@example.com/checkout`,
			},
		);
		const result = await analytics.flush();
		expect(result).toMatchObject({sent: 2, dropped: 0, pending: 0});
		expect(analytics.stats().endpoint).toBe('send');
		expect(statuses.some((entry) => entry.path === '/api/batch' && entry.status === 404)).toBe(true);

		const stored = await rows(tag);
		expect(stored.map((row) => [row.event_type, row.event_name, row.url_path, row.url_query])).toEqual([
			[1, null, `/e2e/${tag}/home`, 'utm_source=newsletter&token=[REDACTED]'],
			[2, 'checkout', `/e2e/${tag}/users/[REDACTED_EMAIL]/checkout`, null],
		]);
		expect(stored[0]?.page_title).toBe('Home');
		expect(await data(stored[1]!.event_id)).toEqual({
			plan: 'pro',
			'cart.items': '3.0000',
			'cart.coupon': 'SPRING',
			email: '[REDACTED_EMAIL]',
		});
		const everything = JSON.stringify(
			// The columns our data fills, not the server's ids and timestamps.
			await umami.query(
				'select event_key, string_value, number_value, date_value from event_data where website_event_id = $1',
				[stored[1]!.event_id],
			),
		);
		expect(everything).not.toContain('jane.roe');
		await analytics.shutdown();
	});

	it('every limit at and past its edge: rows as expected, Umami never answers 400 or 500', async () => {
		const tag = runTag();
		statuses.length = 0;
		const analytics = create();
		const base = `/e2e/${tag}`;
		const context = {userAgent: BROWSER_UA};
		analytics.trackEvent('n'.repeat(50), {v: 'a'}, {...context, url: `${base}/name-50`});
		analytics.trackEvent('m'.repeat(51), {v: 'b'}, {...context, url: `${base}/name-51`});
		analytics.trackEvent(
			'data',
			{
				s500: 's'.repeat(500),
				s501: 's'.repeat(501),
				// Umami flattens nesting into dotted keys: 250 + 1 + 249 = 500 fits, one more does not.
				['k'.repeat(250)]: {['j'.repeat(249)]: 'key-500', ['q'.repeat(250)]: 'key-501'},
				big: 999_999_999_999_999,
				huge: 1e20,
				nan: Number.NaN,
				inf: Number.NEGATIVE_INFINITY,
			},
			{...context, url: `${base}/data`},
		);
		const longPath = `${base}/${'p'.repeat(600)}`;
		analytics.trackPageView(longPath, {...context, title: 't'.repeat(501)});
		analytics.trackPageView(`${base}/utm?utm_campaign=${'w'.repeat(300)}&ref=x`, context);
		// Language, screen and hostname live on the session, made by a session's first event: one new session
		// (its own User-Agent) at the edge of each limit, one past it.
		const edgeHost = `${'h'.repeat(49)}.${'h'.repeat(50)}`;
		analytics.trackPageView(`${base}/fields-edge`, {
			userAgent: `${BROWSER_UA} edge-${tag}`,
			hostname: edgeHost,
			language: 'l'.repeat(35),
			screen: '1234567x123',
			referrer: `https://ref.example/${'z'.repeat(480)}`,
		});
		analytics.trackPageView(`${base}/fields`, {
			userAgent: `${BROWSER_UA} past-${tag}`,
			hostname: `${edgeHost}h`,
			language: 'l'.repeat(36),
			screen: '1234567x1234567',
			referrer: `https://ref.example/${'r'.repeat(600)}`,
		});
		// Cut on a code-point boundary: 500 UTF-16 units would split the last emoji in half.
		const emojiBase = `${base}/u/`;
		analytics.trackPageView(`${emojiBase}${'😀'.repeat(300)}`, {...context, title: `x${'😀'.repeat(300)}`});
		const result = await analytics.flush();
		expect(result).toMatchObject({sent: 8, dropped: 0, failed: 0, pending: 0});
		// No 400 or 500 anywhere (the only 4xx: /api/batch's 404 that makes the client fall back).
		expect(
			statuses.filter(
				(entry) => entry.status >= 400 && !(entry.path === '/api/batch' && entry.status === 404),
			),
		).toEqual([]);

		const stored = await rows(tag);
		const byPath = new Map(stored.map((row) => [row.url_path, row]));
		expect(byPath.get(`${base}/name-50`)?.event_name).toBe('n'.repeat(50));
		expect(byPath.get(`${base}/name-51`)?.event_name).toBe('m'.repeat(50));
		const dataRow = byPath.get(`${base}/data`)!;
		const values = await data(dataRow.event_id);
		expect(values['s500']).toBe('s'.repeat(500));
		expect(values['s501']).toBe('s'.repeat(500));
		expect(values[`${'k'.repeat(250)}.${'j'.repeat(249)}`]).toBe('key-500');
		expect(Object.keys(values).some((key) => key.startsWith('qqq'))).toBe(false);
		expect(values['big']).toBe('999999999999999.0000');
		expect(values['huge']).toBe('100000000000000000000');
		expect('nan' in values || 'inf' in values).toBe(false);
		const long = stored.find((row) => row.url_path.startsWith(`${base}/ppp`));
		expect(long?.url_path).toBe(longPath.slice(0, 500));
		expect(long?.page_title).toBe('t'.repeat(500));
		expect(byPath.get(`${base}/utm`)?.url_query).toBe(`utm_campaign=${'w'.repeat(255)}&ref=x`);
		const emoji = stored.find((row) => row.url_path.startsWith(emojiBase));
		const emojiKept = Math.floor((500 - emojiBase.length) / 2);
		expect(emoji?.url_path).toBe(`${emojiBase}${'😀'.repeat(emojiKept)}`);
		expect(emoji?.page_title).toBe(`x${'😀'.repeat(249)}`);

		const fields = await umami.query<{
			url_path: string;
			referrer_domain: string | null;
			referrer_path: string | null;
			referrer_query: string | null;
			language: string | null;
			screen: string | null;
			hostname: string | null;
		}>(
			`select e.url_path, e.referrer_domain, e.referrer_path, e.referrer_query, s.language, s.screen, s.hostname
			 from website_event e join session s on s.session_id = e.session_id
			 where e.website_id = $1 and e.url_path in ($2, $3) order by e.url_path`,
			[umami.websiteId, `${base}/fields`, `${base}/fields-edge`],
		);
		expect(fields).toEqual([
			{
				url_path: `${base}/fields`,
				referrer_domain: 'ref.example',
				// The referrer URL cut to 500: `https://ref.example` is 19 characters.
				referrer_path: `/${'r'.repeat(480)}`,
				referrer_query: '',
				language: 'l'.repeat(35),
				screen: '1234567x123',
				// Over 100 characters a host name is removed, not cut (a cut one would name another host).
				hostname: null,
			},
			{
				url_path: `${base}/fields-edge`,
				referrer_domain: 'ref.example',
				referrer_path: `/${'z'.repeat(480)}`,
				referrer_query: '',
				language: 'l'.repeat(35),
				screen: '1234567x123',
				hostname: edgeHost,
			},
		]);
		// name, s501, key 501, 1e20, long url, title 501, utm, referrer, language, screen, emoji url and title,
		// NaN/∞ removed and the 101-character host name removed.
		expect(analytics.stats().adjusted).toBeGreaterThanOrEqual(14);
		await analytics.shutdown();
	});

	it('identify: Umami 2.10 answers 500 upstream — retried, then counted as server_error, never lost silently', async () => {
		const drops: string[] = [];
		const analytics = create({maxAttempts: 2, onDrop: (info) => drops.push(`${info.reason}:${info.event}`)});
		analytics.identify('user-7', {tier: 'gold'}, {userAgent: BROWSER_UA});
		const started = Date.now();
		while (analytics.stats().queued > 0 && Date.now() - started < 15_000) {
			await analytics.flush();
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(drops).toEqual(['server_error:identify']);
		expect(analytics.stats().dropped.server_error).toBe(1);
		await analytics.shutdown();
	});

	it('binary data (Buffer, typed array, Blob) is stored as its size marker, never as its bytes', async () => {
		const tag = runTag();
		const analytics = create();
		const email = 'jane@example.com';
		const buf = Buffer.from(email);
		analytics.trackEvent(
			'upload',
			{buf, nested: {list: [new Uint8Array(buf)]}},
			{
				userAgent: BROWSER_UA,
				url: `/e2e/${tag}/upload`,
			},
		);
		analytics.trackPageView(`/e2e/${tag}/page`, {userAgent: BROWSER_UA, data: {blob: new Blob([email])}});
		// An integration's extraData goes the same way. (identify is covered by unit tests: Umami 2.10 answers it 500.)
		createRequestTracker(analytics, {
			mode: 'event',
			eventName: 'request',
			extraData: () => ({body: buf}),
		}).track({
			method: 'POST',
			path: `/e2e/${tag}/form`,
			status: 201,
			durationMs: 1,
			header: (name) => (name === 'user-agent' ? BROWSER_UA : undefined),
		});
		expect(await analytics.flush()).toMatchObject({sent: 3, dropped: 0, pending: 0});
		await analytics.shutdown();
		const stored: Record<string, string | null> = {};
		for (const row of await rows(tag)) Object.assign(stored, await data(row.event_id));
		expect(stored).toMatchObject({
			buf: '[BINARY 16 bytes]',
			'nested.list': '["[BINARY 16 bytes]"]',
			blob: '[BINARY 16 bytes]',
			body: '[BINARY 16 bytes]',
		});
		// `data()` reads only event_key and string_value: the columns our data fills.
		expect(JSON.stringify(stored)).not.toContain('jane');
		expect(JSON.stringify(stored)).not.toContain([...buf].slice(0, 5).join(','));
	});

	it('a bot User-Agent is answered 200 but stored nowhere: counted as bot_filtered', async () => {
		const tag = runTag();
		const analytics = create();
		analytics.trackPageView(`/e2e/${tag}/bot`, {userAgent: 'curl/8.5.0'});
		analytics.trackPageView(`/e2e/${tag}/human`, {userAgent: BROWSER_UA});
		await analytics.flush();
		expect(analytics.stats().dropped.bot_filtered).toBe(1);
		expect((await rows(tag)).map((row) => row.url_path)).toEqual([`/e2e/${tag}/human`]);
		await analytics.shutdown();
	});

	it('the library’s own default User-Agent is not taken for a bot', async () => {
		const tag = runTag();
		const analytics = create();
		analytics.trackPageView(`/e2e/${tag}/server-side`);
		await analytics.flush();
		expect(analytics.stats()).toMatchObject({sent: 1, droppedTotal: 0});
		expect(await rows(tag)).toHaveLength(1);
		await analytics.shutdown();
	});

	it('500 events through the queue: every one stored exactly once', async () => {
		const tag = runTag();
		const analytics = create({batchSize: 50});
		for (let index = 0; index < 500; index++) {
			analytics.trackEvent('burst', {i: index}, {url: `/e2e/${tag}/burst`, userAgent: BROWSER_UA});
		}
		await analytics.shutdown(60_000);
		expect(analytics.stats()).toMatchObject({sent: 500, droppedTotal: 0});
		const counts = await umami.query<{value: string; n: string}>(
			`select d.number_value::int::text as value, count(*)::text as n from website_event e
			 join event_data d on d.website_event_id = e.event_id
			 where e.url_path = $1 and d.event_key = 'i' group by 1`,
			[`/e2e/${tag}/burst`],
		);
		expect(counts).toHaveLength(500);
		expect(counts.every((row) => row.n === '1')).toBe(true);
	}, 120_000);
});
