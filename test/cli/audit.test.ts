/**
 * `umami-guard audit` against a fake read API (test/helpers/fake-read-api.ts) that answers like Umami 2.10 or
 * 3.1: pagination (3.1's offset, 2.10's time windows), counts per field and class, redacted samples only,
 * exit codes, and the request cap. The real Umami 2.10 run is in audit-umami.test.ts.
 */
import {afterEach, describe, expect, test} from 'vitest';
import {createRateLimiter} from '../../src/cli/read-api.js';
import type {AuditReport} from '../../src/cli/audit-view.js';
import {
	startFakeReadApi,
	type FakeDataset,
	type FakeMetric,
	type FakeReadApi,
} from '../helpers/fake-read-api.js';
import {RAW} from '../helpers/planted-pii.js';
import {cli, WEBSITE_ID} from './harness.js';

type PlantedClass = keyof typeof RAW;
const CLASSES = Object.keys(RAW) as PlantedClass[];

let api: FakeReadApi | undefined;
afterEach(async () => {
	await api?.close();
	api = undefined;
});

const env = (url: string): Record<string, string> => ({
	UMAMI_API_URL: url,
	UMAMI_WEBSITE_ID: WEBSITE_ID,
	UMAMI_CONFIG: '',
	UMAMI_USERNAME: 'admin',
	UMAMI_PASSWORD: 'umami',
});

/** `clean` distinct clean paths, then one path per class, each carried by `3` views. */
function paths(clean: number, at?: (index: number) => number): FakeMetric[] {
	const rows: FakeMetric[] = [];
	for (let index = 0; index < clean; index++)
		rows.push({x: `/docs/page-${index}`, y: 1, ...(at ? {at: at(index)} : {})});
	CLASSES.forEach((cls, index) =>
		rows.push({x: `/u/${RAW[cls]}/view`, y: 3, ...(at ? {at: at(index)} : {})}),
	);
	return rows;
}

function dataset(version: '2.10' | '3.1', metrics: FakeDataset['metrics']): FakeDataset {
	return {
		version,
		metrics: {
			query: [
				{x: `email=${RAW.email}&ref=mail`, y: 5},
				{x: 'page=2', y: 9},
			],
			title: [
				{x: `Inbox of ${RAW.email}`, y: 2},
				{x: 'Pricing', y: 40},
			],
			referrer: [{x: 'news.example.org', y: 4}],
			event: [
				{x: 'signup', y: 7},
				{x: `call ${RAW.phone}`, y: 1},
			],
			...metrics,
		},
		eventData: {
			signup: [
				{key: 'plan', value: 'pro', total: 6},
				{key: 'contact', value: RAW.email, total: 1},
				{key: 'card', value: RAW.card, total: 1},
			],
		},
		sessionData: {
			email: [{value: RAW.email, total: 2}],
			plan: [{value: 'free', total: 8}],
		},
	};
}

async function runAudit(extra: string[] = [], tty = false) {
	// A high cap keeps the test fast; the cap itself is tested with a fake clock below.
	const range = extra.includes('--from') || extra.includes('--since') ? [] : ['--since', '30d'];
	const result = await cli(['audit', '--json', '--rate', '1000', ...range, ...extra], {
		env: env(api!.url),
		tty,
	});
	return {...result, report: JSON.parse(result.stdout) as AuditReport};
}

function field(report: AuditReport, name: string) {
	const found = report.fields.find((entry) => entry.field === name);
	if (found === undefined) throw new Error(`no field ${name}`);
	return found;
}

/** Every raw value, and its parts long enough to identify someone, must be absent from `text`. */
function expectNoRawValue(text: string): void {
	for (const value of Object.values(RAW)) {
		expect(text).not.toContain(value);
		expect(text).not.toContain(encodeURIComponent(value));
	}
	expect(text).not.toContain('jane.doe');
	expect(text).not.toContain('7946');
}

describe('audit on Umami 3.1 (offset pagination)', () => {
	test('every class in paths, counted; pages of --page-size until a short page; distinct ids and session data', async () => {
		api = await startFakeReadApi(
			dataset('3.1', {
				path: paths(1234),
				distinctId: [
					{x: RAW.email, y: 1},
					{x: 'user-42', y: 3},
				],
			}),
		);
		const {code, report, stdout, stderr} = await runAudit(['--page-size', '100']);
		expect(code).toBe(0);
		expect(report.server).toMatchObject({version: '3.1.0', major: 3, batch: true, revenueReport: true});
		const path = field(report, 'path');
		expect(path).toMatchObject({unit: 'visitors', distinct: 1245, count: 1234 + 3 * 11, flaggedDistinct: 11});
		for (const cls of CLASSES) expect(path.classes[cls], cls).toMatchObject({distinct: 1, count: 3});
		expect(path.classes.email?.samples).toEqual(['/u/[REDACTED_EMAIL]/view']);
		// 1245 rows at 100 a page: 13 pages, the last one short.
		const pathPages = api.requests.filter((r) => r.path.endsWith('/metrics') && r.query['type'] === 'path');
		expect(pathPages.map((r) => r.query['offset'])).toEqual(
			Array.from({length: 13}, (_, i) => String(i * 100)),
		);
		expect(field(report, 'query').classes.email).toMatchObject({distinct: 1, count: 5});
		expect(field(report, 'title').classes.email).toMatchObject({distinct: 1, count: 2});
		expect(field(report, 'event_name').classes.phone).toMatchObject({distinct: 1, count: 1});
		expect(field(report, 'event_data_value').classes).toMatchObject({
			email: {distinct: 1, count: 1},
			card: {distinct: 1, count: 1},
		});
		expect(field(report, 'event_data_value').distinct).toBe(3);
		expect(field(report, 'event_data_key')).toMatchObject({distinct: 3, count: 8, flaggedDistinct: 0});
		expect(field(report, 'session_data').classes.email).toMatchObject({distinct: 1, count: 2});
		expect(field(report, 'distinct_id').classes.email).toMatchObject({distinct: 1, count: 1});
		expect(field(report, 'referrer').flaggedDistinct).toBe(0);
		expect(report.found).toEqual(expect.arrayContaining([...CLASSES]));
		expect(field(report, 'query').fix).toContain('data-exclude-search="true"');
		expect(report.removal.join(' ')).toContain('/api/websites/:id/reset');
		expect(report.notice).toMatch(/never prints a stored value/);
		expectNoRawValue(stdout + stderr);
		expect(
			api.requests.every(
				(r) => r.path === '/api/auth/login' || !r.path.startsWith('/api/websites') || r.authorized,
			),
		).toBe(true);
	});

	test('the text report: notice at the top, per class lines, redacted samples and worst templates, no raw value', async () => {
		api = await startFakeReadApi(dataset('3.1', {path: paths(20)}));
		const result = await cli(['audit', '--since', '7d', '--rate', '1000'], {env: env(api.url)});
		expect(result.code).toBe(0);
		const lines = result.stdout.split('\n');
		expect(lines[0]).toBe('umami-guard audit');
		expect(lines[1]).toMatch(/never prints a stored value/);
		expect(result.stdout).toMatch(/✗ path +31 distinct, 53 visitors: 11 with personal data \(33 visitors\)/);
		expect(result.stdout).toContain('e.g. /u/[REDACTED_CARD]/view');
		expect(result.stdout).toContain('data-exclude-search');
		expect(result.stdout).toMatch(/FOUND /);
		expectNoRawValue(result.stdout + result.stderr);
	});
});

describe('audit on Umami 2.10 (time windows, no offset)', () => {
	test('a full page splits the window; a value seen in several windows is one distinct value with its counts added', async () => {
		const end = Date.now();
		const start = end - 10 * 86_400_000;
		// 300 clean paths, each stored twice at two times far apart: no single window under 50 rows holds them all.
		const rows: FakeMetric[] = [];
		for (let index = 0; index < 300; index++) {
			rows.push({x: `/docs/page-${index}`, y: 1, at: start + 1000 + index * 1000 * 60});
			rows.push({x: `/docs/page-${index}`, y: 2, at: end - 1000 - index * 1000 * 60});
		}
		rows.push(...paths(0, (index) => start + 5_000_000 + index));
		api = await startFakeReadApi(dataset('2.10', {url: rows}));
		const {code, report, stdout} = await runAudit([
			'--page-size',
			'50',
			'--from',
			String(start),
			'--to',
			String(end),
		]);
		expect(code).toBe(0);
		expect(report.server).toMatchObject({
			version: '2.10.0',
			major: 2,
			minor: 10,
			batch: false,
			revenueReport: false,
		});
		const path = field(report, 'path');
		expect(path).toMatchObject({unit: 'views', distinct: 311, count: 900 + 33, flaggedDistinct: 11});
		const requests = api.requests.filter((r) => r.path.endsWith('/metrics') && r.query['type'] === 'url');
		expect(requests.length).toBeGreaterThan(10);
		expect(requests.every((r) => r.query['offset'] === undefined && r.query['limit'] === '50')).toBe(true);
		expect(field(report, 'event_data_value').classes.email).toMatchObject({distinct: 1, count: 1});
		expect(
			api.requests.some((r) => r.path === '/api/event-data/events' && r.query['websiteId'] === WEBSITE_ID),
		).toBe(true);
		expect(report.notes.join(' ')).toMatch(/no read route for session/);
		expect(field(report, 'query').fix).toMatch(/always sends the query string/);
		expectNoRawValue(stdout);
	});
});

describe('audit on a 2.x whose aggregate routes fail', () => {
	test('falls back to the realtime route (last 30 minutes), counts each raw event, and says so', async () => {
		const view = (urlPath: string, extra: object = {}) => ({
			urlPath,
			urlQuery: null,
			pageTitle: 'Home',
			...extra,
		});
		api = await startFakeReadApi({
			version: '2.10',
			metrics: {},
			failAggregates: true,
			realtime: {
				pageviews: [
					view(`/u/${RAW.email}/view`),
					view(`/u/${RAW.email}/view`),
					view('/pricing', {urlQuery: `token=${RAW.api_key}`}),
					view('/pricing', {
						referrerDomain: 'mail.example.com',
						referrerPath: '/r',
						referrerQuery: `to=${RAW.email}`,
					}),
				],
				events: [{eventName: `call ${RAW.phone}`}, {eventName: 'signup'}],
			},
		});
		const {code, report, stdout} = await runAudit();
		expect(code).toBe(4);
		expect(field(report, 'path')).toMatchObject({distinct: 2, count: 4, flaggedDistinct: 1});
		expect(field(report, 'path').classes.email).toMatchObject({distinct: 1, count: 2});
		expect(field(report, 'query').classes.api_key).toMatchObject({distinct: 1, count: 1});
		expect(field(report, 'referrer').classes.email).toMatchObject({distinct: 1, count: 1});
		expect(field(report, 'event_name').classes.phone).toMatchObject({distinct: 1, count: 1});
		expect(report.notes.join(' ')).toMatch(/realtime route instead, which covers the last 30 minutes only/);
		expect(api.requests.filter((r) => r.path.endsWith('/metrics'))).toHaveLength(1);
		expectNoRawValue(stdout);
	});

	test('nothing found in the last 30 minutes is INCOMPLETE (exit 4), never CLEAN, and says what was not read', async () => {
		api = await startFakeReadApi({
			version: '2.10',
			metrics: {},
			failAggregates: true,
			realtime: {pageviews: [{urlPath: '/pricing', urlQuery: null, pageTitle: 'Pricing'}], events: []},
		});
		const text = await cli(['audit', '--since', '30d', '--rate', '1000'], {env: env(api.url)});
		expect(text.code).toBe(4);
		expect(text.stdout).not.toContain('CLEAN');
		const verdict = text.stdout.trim().split('\n').at(-1)!;
		expect(verdict).toMatch(/^INCOMPLETE: could not read .*paths.*event and session data/);
		expect(verdict).toMatch(/no personal data found in what was read .*\(exit 4\)$/);
		expect(text.stdout).toMatch(/^unread .*aggregate routes answered HTTP 500/m);
		const json = await runAudit(['--fail-on', 'any']);
		expect(json.code).toBe(4);
		expect(json.report).toMatchObject({ok: false, exitCode: 4, found: [], failed: []});
		expect(json.report.unread).toHaveLength(1);
		expect(json.report.unread[0]).toMatch(/only the realtime route, the last 30 minutes, was read/);
		// A range inside the last 30 minutes: pages are all read, event and session data still are not.
		const recent = await runAudit(['--since', '10m']);
		expect(recent.code).toBe(4);
		expect(recent.report.unread[0]).toMatch(/^all event and session data/);
	});

	test('a --fail-on finding wins over incomplete: exit 1, FAIL', async () => {
		api = await startFakeReadApi({
			version: '2.10',
			metrics: {},
			failAggregates: true,
			realtime: {pageviews: [{urlPath: `/u/${RAW.email}/view`, urlQuery: null}], events: []},
		});
		const text = await cli(['audit', '--since', '30d', '--rate', '1000', '--fail-on', 'email'], {
			env: env(api.url),
		});
		expect(text.code).toBe(1);
		expect(text.stdout.trim().split('\n').at(-1)).toMatch(
			/^FAIL found email in the part that could be read .*\(exit 1\)$/,
		);
		const json = await runAudit(['--fail-on', 'email']);
		expect(json.report).toMatchObject({exitCode: 1, failed: ['email']});
		expect(json.report.unread).toHaveLength(1);
		expectNoRawValue(text.stdout + json.stdout);
	});
});

describe('exit codes and options', () => {
	test('--fail-on: 1 when a listed class is found, 0 when only others are; any; clean website exits 0', async () => {
		api = await startFakeReadApi(dataset('3.1', {path: paths(5)}));
		expect((await runAudit(['--fail-on', 'email,phone'])).code).toBe(1);
		const only = await runAudit(['--fail-on', 'any']);
		expect(only.code).toBe(1);
		expect(only.report.failed).toEqual(only.report.found);
		await api.close();
		api = await startFakeReadApi({
			version: '3.1',
			metrics: {path: [{x: '/pricing', y: 3}], title: [{x: 'Home', y: 1}]},
		});
		const clean = await runAudit(['--fail-on', 'any']);
		expect(clean.code).toBe(0);
		expect(clean.report.found).toEqual([]);
		expect(clean.report.unread).toEqual([]);
		expect(clean.report.removal).toEqual([]);
	});

	test('usage errors exit 2: unknown class, bad --since, no credentials; refused login exits 2', async () => {
		api = await startFakeReadApi(dataset('3.1', {path: paths(1)}));
		expect((await runAudit(['--fail-on', 'emial'])).code).toBe(2);
		expect((await cli(['audit', '--since', '30x'], {env: env(api.url)})).code).toBe(2);
		const bare = await cli(['audit'], {
			env: {UMAMI_API_URL: api.url, UMAMI_WEBSITE_ID: WEBSITE_ID, UMAMI_CONFIG: ''},
		});
		expect(bare.code).toBe(2);
		expect(bare.stderr).toMatch(/read API/);
		const refused = await cli(['audit', '--json'], {
			env: {...env(api.url), UMAMI_PASSWORD: 'wrong-password'},
		});
		expect(refused.code).toBe(2);
		expect(JSON.parse(refused.stdout)).toMatchObject({error: {kind: 'auth'}});
	});

	test('progress on a terminal only, on stderr', async () => {
		api = await startFakeReadApi(dataset('3.1', {path: paths(3)}));
		expect((await runAudit([], false)).stderr).toBe('');
		const tty = await runAudit([], true);
		expect(tty.stderr).toMatch(/audit: path · \d+ values · \d+ requests/);
		expectNoRawValue(tty.stderr);
	});

	test('--max-events bounds the event-data requests and says so', async () => {
		api = await startFakeReadApi(dataset('3.1', {path: paths(1)}));
		const {report} = await runAudit(['--max-events', '1']);
		expect(api.requests.filter((r) => r.path.endsWith('/event-data/events'))).toHaveLength(1);
		expect(report.notes.join(' ')).toMatch(/1 most frequent event names/);
	});
});

describe('request cap', () => {
	test('no more than the cap start in any second (fake clock: the starts are counted, not timed)', async () => {
		let now = 0;
		const starts: number[] = [];
		const limiter = createRateLimiter(4, {
			now: () => now,
			sleep: async (ms) => {
				now += ms;
			},
		});
		for (let index = 0; index < 25; index++) {
			await limiter.wait();
			starts.push(now);
			now += 10; // the request itself
		}
		for (const start of starts)
			expect(starts.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(4);
		expect(starts.at(-1)).toBeGreaterThanOrEqual(24 * 250);
	});
});
