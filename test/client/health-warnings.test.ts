/**
 * Delivery problems are visible with debug off (issue 13 item 4): one warning within about 10 s of the first
 * failure naming the host, the error class and `umami-guard check`; at most one reminder per 5 minutes while
 * it lasts, with the count held; one line when it recovers. The same at once for answers that mean
 * misconfiguration. Timing with fake timers; then through a real instance against the fault server.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {
	PROBLEM_REMINDER_INTERVAL_MS,
	PROBLEM_WARNING_DELAY_MS,
	createHealthWarnings,
} from '../../src/client/health-warnings.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import type {DeliveryResult} from '../../src/types.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const CHECK = 'Run `npx umami-guard check` to diagnose it.';

const refused: DeliveryResult = {
	status: 'retry',
	kind: 'network',
	code: 'ECONNREFUSED',
	detail: 'network error ECONNREFUSED on /api/batch',
};
const delivered: DeliveryResult = {status: 'delivered'};

let server: FaultServer;
useFaultServer((started) => (server = started));

describe('health warnings (fake timers)', () => {
	beforeEach(() => {
		vi.useFakeTimers({now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date']});
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	function setup(apiUrl = 'http://127.0.0.1:3917') {
		const warnings: string[] = [];
		let held = 3;
		const health = createHealthWarnings({
			apiUrl,
			websiteId: WEBSITE,
			warn: (line) => warnings.push(line),
			held: () => held,
			now: Date.now,
		});
		return {
			health,
			warnings,
			hold: (count: number) => {
				held = count;
			},
		};
	}

	it('an unreachable server: one warning 5 s after the first failure, with host, error class and what to run', () => {
		// Credentials, path and query of the URL never appear: only the host.
		const {health, warnings} = setup('https://user:s3cr3t@umami.example.com:8443/base/path?key=k3y');
		health.observe([refused, refused]);
		vi.advanceTimersByTime(PROBLEM_WARNING_DELAY_MS - 1);
		expect(warnings).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(warnings).toEqual([
			`cannot reach Umami at umami.example.com:8443 (connection refused, ECONNREFUSED); 3 events held and retried. ${CHECK}`,
		]);
		expect(warnings.join('\n')).not.toMatch(/s3cr3t|user|base|k3y/);
		expect(PROBLEM_WARNING_DELAY_MS).toBeLessThanOrEqual(10_000);
	});

	it.each([
		['ENOTFOUND', 'host name not found, DNS ENOTFOUND'],
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS error, DEPTH_ZERO_SELF_SIGNED_CERT'],
		['ECONNRESET', 'connection reset, ECONNRESET'],
	])('names the class of %s', (code, words) => {
		const {health, warnings} = setup();
		health.observe([{...refused, code, detail: `network error ${code} on /api/batch`}]);
		vi.advanceTimersByTime(PROBLEM_WARNING_DELAY_MS);
		expect(warnings[0]).toContain(`cannot reach Umami at 127.0.0.1:3917 (${words})`);
	});

	it('a timeout says so', () => {
		const {health, warnings} = setup();
		health.observe([{status: 'retry', kind: 'timeout', detail: 'timeout after 10000 ms on /api/batch'}]);
		vi.advanceTimersByTime(PROBLEM_WARNING_DELAY_MS);
		expect(warnings[0]).toContain(
			'cannot reach Umami at 127.0.0.1:3917 (timeout after 10000 ms on /api/batch)',
		);
	});

	it('a blip that heals within the delay says nothing at all', () => {
		const {health, warnings} = setup();
		health.observe([refused]);
		vi.advanceTimersByTime(2000);
		health.observe([delivered]);
		vi.advanceTimersByTime(PROBLEM_REMINDER_INTERVAL_MS * 3);
		expect(warnings).toEqual([]);
	});

	it('while it lasts: at most one reminder per 5 minutes, with the count held; one line when it recovers', () => {
		const {health, warnings, hold} = setup();
		// The queue probes about once a second while the server is down: 12 minutes of failures.
		for (let second = 0; second < 12 * 60; second++) {
			hold(3 + second);
			health.observe([refused]);
			vi.advanceTimersByTime(1000);
		}
		expect(warnings).toHaveLength(3);
		expect(warnings[0]).toMatch(/^cannot reach Umami at 127\.0\.0\.1:3917 .*; 7 events held/);
		expect(warnings[1]).toBe(
			`still failing after 5 min 5 s: cannot reach Umami at 127.0.0.1:3917 (connection refused, ECONNREFUSED); 308 events held and retried. ${CHECK}`,
		);
		expect(warnings[2]).toMatch(/^still failing after 10 min 5 s: .*; 608 events held/);
		health.observe([delivered]);
		expect(warnings.slice(3)).toEqual([
			'Umami at 127.0.0.1:3917 takes events again after 12 min 0 s of failures',
		]);
		health.observe([delivered]);
		expect(warnings).toHaveLength(4);
	});

	it('Umami 2.10 and 3.x answers for an unknown website: a warning at once, naming the website id', () => {
		const {health, warnings} = setup();
		health.observe([
			{
				status: 'rejected',
				httpStatus: 403,
				websiteNotFound: true,
				detail: 'HTTP 403 from /api/send (website not found)',
			},
		]);
		expect(warnings).toEqual([
			`Umami at 127.0.0.1:3917 does not know website ${WEBSITE} (HTTP 403 "website not found"); check UMAMI_WEBSITE_ID (the websiteId option); its events are dropped (rejected). ${CHECK}`,
		]);
		// The same problem again within 5 minutes: nothing more.
		vi.advanceTimersByTime(60_000);
		health.observe([{status: 'rejected', httpStatus: 403, websiteNotFound: true, detail: 'x'}]);
		expect(warnings).toHaveLength(1);
	});

	it('no Umami at the address (404 on every event): at once, pointing at UMAMI_API_URL', () => {
		const {health, warnings} = setup();
		const notFound: DeliveryResult = {status: 'rejected', httpStatus: 404, detail: 'HTTP 404 from /api/send'};
		health.observe([notFound, notFound]);
		expect(warnings[0]).toContain(
			"Umami at 127.0.0.1:3917 refuses every event (HTTP 404 from /api/send): no Umami ingestion API there; check UMAMI_API_URL (the apiUrl option) and Umami's BASE_PATH",
		);
	});

	it('refusals of particular events, bots, rate limits and one event’s 5xx are no server problem', () => {
		const {health, warnings} = setup();
		health.observe([{status: 'rejected', httpStatus: 400, detail: 'HTTP 400 from /api/send'}]);
		health.observe([{status: 'bot_filtered'}]);
		health.observe([
			{status: 'retry', kind: 'rate_limited', httpStatus: 429, detail: 'HTTP 429 from /api/batch'},
		]);
		health.observe([{status: 'retry', kind: 'server', httpStatus: 500, serverUp: true, detail: 'HTTP 500'}]);
		vi.advanceTimersByTime(PROBLEM_REMINDER_INTERVAL_MS);
		expect(warnings).toEqual([]);
		expect(health.current()).toBeUndefined();
	});

	it('5xx to every event is reported like an outage', () => {
		const {health, warnings} = setup();
		health.observe([{status: 'retry', kind: 'server', httpStatus: 503, detail: 'HTTP 503 from /api/batch'}]);
		vi.advanceTimersByTime(PROBLEM_WARNING_DELAY_MS);
		expect(warnings[0]).toContain('Umami at 127.0.0.1:3917 fails every event (HTTP 503 from /api/batch)');
	});

	it('silenced at shutdown: no warning, no timer, but the problem is still known for the shutdown warning', () => {
		const {health, warnings} = setup();
		health.silence();
		health.observe([refused]);
		// Aborted by the shutdown's deadline: says nothing about the server.
		health.observe([{status: 'retry', kind: 'network', detail: 'aborted on /api/batch'}]);
		vi.advanceTimersByTime(PROBLEM_REMINDER_INTERVAL_MS * 2);
		expect(warnings).toEqual([]);
		expect(vi.getTimerCount()).toBe(0);
		expect(health.current()).toBe(
			'cannot reach Umami at 127.0.0.1:3917 (connection refused, ECONNREFUSED) — run `npx umami-guard check`',
		);
	});
});

describe('health warnings through an instance (fault server on 127.0.0.1)', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	function create(lines: string[], options: AnalyticsOptions = {}): UmamiAnalytics {
		const all: AnalyticsOptions = {
			env: {},
			configFile: false,
			websiteId: WEBSITE,
			apiUrl: server.url,
			logger: {warn: (line) => lines.push(line)},
			...options,
		};
		return new UmamiAnalytics(resolveConfig('health', all), all);
	}

	it('refused for a while: one warning with host and class, silence meanwhile, one line when it is back', async () => {
		vi.useFakeTimers({now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date']});
		const lines: string[] = [];
		const analytics = create(lines);
		await server.down();
		analytics.trackEvent('a', {i: 0});
		analytics.trackEvent('b', {i: 1});
		await analytics.flush();
		expect(lines).toEqual([]);
		await vi.advanceTimersByTimeAsync(PROBLEM_WARNING_DELAY_MS);
		expect(lines).toEqual([
			`umami-guard[health] cannot reach Umami at 127.0.0.1:${server.port} (connection refused, ECONNREFUSED); 2 events held and retried. ${CHECK}`,
		]);
		await server.up();
		// A probe sent while it was down may still be settling (Deno's fetch): a few more rounds, on the fake clock.
		for (let round = 0; round < 10 && server.stored.length < 2; round++) {
			await analytics.flush();
			await vi.advanceTimersByTimeAsync(1000);
		}
		expect(server.tally(2)).toEqual({stored: 2, missing: [], duplicated: []});
		expect(lines.slice(1)).toEqual([
			expect.stringMatching(
				/^umami-guard\[health\] Umami at 127\.0\.0\.1:\d+ takes events again after \d+ s of failures$/,
			),
		]);
		vi.useRealTimers();
		await analytics.shutdown();
		expect(lines).toHaveLength(2);
	});

	/** Down until the warning came (fake clock), then `up` on the same port. */
	async function outage(analytics: UmamiAnalytics, lines: string[]): Promise<void> {
		await server.down();
		analytics.trackEvent('a', {i: 0});
		analytics.trackEvent('b', {i: 1});
		await analytics.flush();
		await vi.advanceTimersByTimeAsync(PROBLEM_WARNING_DELAY_MS);
		expect(lines).toEqual([expect.stringContaining('cannot reach Umami at 127.0.0.1')]);
	}

	const TAKES_AGAIN =
		/^umami-guard\[health\] Umami at 127\.0\.0\.1:\d+ takes events again after \d+ s of failures$/;

	// The last probe of the outage may still be in flight at up() and settle refused (Deno's fetch connects
	// on its own thread): shutdown then makes its own attempt rather than giving up on a stale answer.
	it('back during shutdown(): the held events go through and the recovery is still told', async () => {
		vi.useFakeTimers({now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date']});
		const lines: string[] = [];
		const analytics = create(lines);
		await outage(analytics, lines);
		await server.up();
		vi.useRealTimers();
		const result = await analytics.shutdown();
		expect(result).toMatchObject({sent: 2, dropped: 0});
		expect(server.tally(2)).toEqual({stored: 2, missing: [], duplicated: []});
		expect(lines.slice(1)).toEqual([expect.stringMatching(TAKES_AGAIN)]);
	});

	it('back through a phase of 503s (Umami still starting): the recovery is told once', async () => {
		vi.useFakeTimers({now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date']});
		const lines: string[] = [];
		const analytics = create(lines);
		await outage(analytics, lines);
		server.setHandler(() => ({type: 'status', status: 503}));
		await server.up();
		for (let round = 0; round < 3; round++) {
			await analytics.flush();
			await vi.advanceTimersByTimeAsync(1000);
		}
		expect(server.stored).toHaveLength(0);
		server.setHandler(undefined);
		for (let round = 0; round < 10 && server.stored.length < 2; round++) {
			await analytics.flush();
			await vi.advanceTimersByTimeAsync(1000);
		}
		// Stored by the server is not yet answered to the client: the flush that saw the answer settle.
		await analytics.flush();
		expect(server.tally(2)).toEqual({stored: 2, missing: [], duplicated: []});
		expect(lines.slice(1)).toEqual([expect.stringMatching(TAKES_AGAIN)]);
		vi.useRealTimers();
		await analytics.shutdown();
		expect(lines).toHaveLength(2);
	});

	it('an unknown website (Umami 3.x batch answer): warned at once, and named', async () => {
		const lines: string[] = [];
		const analytics = create(lines);
		const error = {message: 'Website not found.', code: 'bad-request', status: 400};
		server.next({type: 'partial', fail: () => ({error})});
		analytics.trackEvent('a');
		await analytics.flush();
		expect(lines).toEqual([
			`umami-guard[health] Umami at 127.0.0.1:${server.port} does not know website ${WEBSITE} (HTTP 400 "website not found"); check UMAMI_WEBSITE_ID (the websiteId option); its events are dropped (rejected). ${CHECK}`,
			'umami-guard[health] dropped 1 event (rejected: batch item failed on /api/batch (HTTP 400) bad-request (website not found)); see stats().dropped',
		]);
		await analytics.shutdown();
	});
});
