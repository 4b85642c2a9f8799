/**
 * What every integration shares (src/integrations/request.ts), through a real app of each framework over
 * real HTTP on 127.0.0.1: sampling, the ignore lists (and turning each off), the per-request opt-out, and
 * extra fields through `extraData`.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {DEFAULT_IGNORE_PATHS, type RouteTrackingOptions} from '../../src/integrations/request.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {
	allFrameworks,
	send,
	storedAfter,
	trackedAnalytics,
	type Listening,
	type Payload,
} from '../helpers/tracked-apps.js';

/** `mulberry32`: the same "random" numbers on every run. */
function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d_2b_79_f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** What `Math.random()` returns while request `n` is served: the edges, then seeded values. */
const next = seeded(20_240_601);
const DRAWS = [0, 0.499_999, 0.5, 0.999_999, ...Array.from({length: 20}, next)];

/** `METHOD url` of each stored event, sorted. */
const requests = (payloads: Payload[]): string[] =>
	payloads.map((payload) => `${String(payload.data?.['method'])} ${String(payload.url)}`).sort();

describe.each(Object.entries(allFrameworks))('%s', (_name, framework) => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let app: Listening;

	beforeAll(async () => {
		umami = await startFaultServer();
	});
	afterAll(async () => {
		await umami.close();
	});
	afterEach(async () => {
		vi.restoreAllMocks();
		await app.close();
		await analytics.shutdown(1000);
		umami.reset();
	});

	async function start(tracking?: RouteTrackingOptions, options?: AnalyticsOptions): Promise<string> {
		analytics = trackedAnalytics(umami, options);
		app = await framework(analytics, {tracking});
		return app.base;
	}

	it.each([
		[0, []],
		[1, DRAWS.map((_draw, n) => n)],
		[0.5, DRAWS.flatMap((draw, n) => (draw < 0.5 ? [n] : []))],
	])(
		'sampleRate %s: exactly the requests whose Math.random() draw is below it',
		async (sampleRate, expected) => {
			// `n` reaches the stored URL through the query allowlist.
			const base = await start({sampleRate, queryAllowlist: ['n']});
			const random = vi.spyOn(Math, 'random');
			for (const [n, draw] of DRAWS.entries()) {
				// Held for the whole request, whoever else asks for a random number meanwhile.
				random.mockReturnValue(draw);
				expect((await send(base, `/page/${n}?n=${n}`)).body).toBe('ok');
			}
			random.mockRestore();
			const stored = await storedAfter(analytics, umami, expected.length);
			const seen = stored.map((payload) => Number(payload.url?.slice('/page/:n?n='.length)));
			expect(seen.sort((a, b) => a - b)).toEqual(expected);
			expect(analytics.stats().tracked).toBe(expected.length);
		},
	);

	/** Every ignore rule's request, then the marker `GET /page/2`, last. */
	const battery: [method: string, path: string][] = [
		['OPTIONS', '/page/1'],
		['GET', '/app.css'],
		['GET', '/logo.png?v=3'],
		['GET', '/health'],
		['GET', '/internal/status'],
		['GET', '/page/2'],
	];

	it.each<[string, RouteTrackingOptions, string[]]>([
		['defaults: OPTIONS, static assets, health checks', {}, ['GET /internal/status', 'GET /page/:n']],
		[
			'a custom ignorePaths list (replacing the defaults)',
			{ignorePaths: ['/internal/*']},
			['GET /health', 'GET /page/:n'],
		],
		[
			'the defaults extended ([...DEFAULT_IGNORE_PATHS, …])',
			{ignorePaths: [...DEFAULT_IGNORE_PATHS, '/internal/*']},
			['GET /page/:n'],
		],
		[
			'ignoreMethods: [] (OPTIONS tracked)',
			{ignoreMethods: []},
			['GET /internal/status', 'GET /page/:n', 'OPTIONS /page/:n'],
		],
		[
			'ignoreStaticAssets: false',
			{ignoreStaticAssets: false},
			['GET /app.css', 'GET /internal/status', 'GET /logo.png', 'GET /page/:n'],
		],
		[
			'ignorePaths: [] (health checks tracked)',
			{ignorePaths: []},
			['GET /health', 'GET /internal/status', 'GET /page/:n'],
		],
	])('ignore lists, %s', async (_label, tracking, expected) => {
		const base = await start(tracking);
		for (const [method, path] of battery) {
			const answer = await send(base, path, {method});
			expect(answer.status).toBe(method === 'OPTIONS' ? 204 : 200);
		}
		const stored = await storedAfter(analytics, umami, expected.length);
		expect(requests(stored)).toEqual(expected);
		expect(analytics.stats().tracked).toBe(expected.length);
	});

	it('skipTracking(request) in a handler opts that request out', async () => {
		const base = await start();
		expect((await send(base, '/skip/1')).body).toBe('skipped');
		await send(base, '/page/2');
		expect(requests(await storedAfter(analytics, umami, 1))).toEqual(['GET /page/:n']);
		expect(analytics.stats().tracked).toBe(1);
	});

	it('extraData: its fields join the event data, sanitized like all data', async () => {
		const base = await start({
			extraData: (record) => ({plan: 'pro', contact: 'jane.doe@example.com', seen_status: record.status}),
		});
		await send(base, '/page/2');
		const [event] = await storedAfter(analytics, umami, 1);
		expect(event?.data).toMatchObject({
			method: 'GET',
			status: 200,
			plan: 'pro',
			contact: '[REDACTED_EMAIL]',
			seen_status: 200,
		});
		expect(JSON.stringify(umami.requests.map((request) => request.body))).not.toContain('jane.doe');
	});

	it('extraData that throws: the request is answered and tracked without its fields; onError hears of it', async () => {
		const onError = vi.fn<(error: Error) => void>();
		const onDrop = vi.fn();
		const base = await start(
			{
				extraData: () => {
					throw new Error('hook failed');
				},
			},
			{onError, onDrop},
		);
		expect(await send(base, '/page/2')).toEqual({status: 200, body: 'ok'});
		const [event] = await storedAfter(analytics, umami, 1);
		expect(Object.keys(event?.data ?? {}).sort()).toEqual(['duration_ms', 'method', 'route', 'status']);
		// Not a drop (the event went out), but not silent either: onError gets the hook's name, never its message.
		expect(onError).toHaveBeenCalledTimes(1);
		const error = onError.mock.calls[0]?.[0];
		expect(error?.message).toContain('extraData threw');
		expect(error?.message).not.toContain('hook failed');
		expect(String(error?.cause)).toBe('Error');
		expect(onDrop).not.toHaveBeenCalled();
		expect(analytics.stats().droppedTotal).toBe(0);
	});

	it.each<[label: string, referer: string, tracking: RouteTrackingOptions, sent: string]>([
		[
			'a referring page with personal data in its query',
			'https://crm.example.com/customers/view?name=Maria+Garc%C3%ADa&street=Calle+Mayor+12&dob=1985-03-02',
			{},
			'https://crm.example.com/customers/view',
		],
		[
			'a search engine: the search terms',
			'https://www.google.com/search?q=jane+doe+221b+baker+street&utm_source=ads#top',
			{},
			'https://www.google.com/search?utm_source=ads',
		],
		[
			'an allowlisted key kept',
			'https://blog.example.org/post?ref=newsletter&email=x',
			{},
			'https://blog.example.org/post?ref=newsletter',
		],
		[
			'the allowlist of the options',
			'https://shop.example/list?page=2&q=shoes',
			{queryAllowlist: ['page']},
			'https://shop.example/list?page=2',
		],
		['no query', 'https://example.com/a/b', {}, 'https://example.com/a/b'],
	])('the Referer query is cut to the allowlist: %s', async (_label, referer, tracking, sent) => {
		const base = await start(tracking);
		await send(base, '/page/1', {headers: {referer}});
		const [event] = await storedAfter(analytics, umami, 1);
		expect(event?.['referrer']).toBe(sent);
	});
});
