/**
 * `debug: true` explains every delivery step (docs/configuration.md): each request and batch with its path,
 * HTTP status and time, each retry scheduled with its kind and delay, an endpoint switch, each event given
 * up on. Counts, statuses and timings only: never an event's contents, the server's address or the API key.
 * Real instances against the fault server on 127.0.0.1, the logger's lines captured.
 */
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {useFaultServers} from '../helpers/use-fault-server.js';
import type {FaultServer} from '../helpers/fault-server.js';

const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const API_KEY = 'api-key-must-never-show-7f3e';
const CONTENT = 'event-content-must-never-show';

const start = useFaultServers();

interface Logged {
	readonly debug: string[];
	readonly warn: string[];
}

function create(server: FaultServer, logged: Logged, options: AnalyticsOptions = {}): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: WEBSITE,
		apiUrl: server.url,
		apiKey: API_KEY,
		debug: true,
		logger: {warn: (line) => logged.warn.push(line), debug: (line) => logged.debug.push(line)},
		...options,
	};
	return new UmamiAnalytics(resolveConfig('dbg', all), all);
}

/**
 * The delivery lines: all but `ready`, `queued` and `dropped (reason)` (the tracking and reporting side's,
 * which show the event's shape: keys and value types, never values).
 */
function deliveryLines(logged: Logged): string[] {
	return logged.debug.filter((line) => !/^umami-guard\[dbg\] (?:ready:|queued |dropped \()/.test(line));
}

/** Delivery lines carry no event content, no address of the server and no API key. */
function expectNothingPrivate(lines: readonly string[], server: FaultServer): void {
	for (const line of lines) {
		expect(line).not.toContain(CONTENT);
		expect(line).not.toContain(API_KEY);
		expect(line).not.toContain(WEBSITE);
		expect(line).not.toContain(server.url);
		expect(line).not.toContain(String(server.port));
	}
}

describe('debug lines of delivery (fault server on 127.0.0.1)', () => {
	it('a successful flush: the request and the batch, with count, endpoint, HTTP status and time', async () => {
		const server = await start();
		const logged: Logged = {debug: [], warn: []};
		const analytics = create(server, logged);
		analytics.trackEvent('signup', {i: 0, note: CONTENT});
		analytics.trackEvent('signup', {i: 1, note: CONTENT});
		await analytics.flush();
		const lines = deliveryLines(logged);
		expect(lines).toEqual([
			expect.stringMatching(/^umami-guard\[dbg\] POST \/api\/batch: HTTP 200 in \d+ ms$/),
			expect.stringMatching(/^umami-guard\[dbg\] batch of 2 events via \/api\/batch in \d+ ms: 2 delivered$/),
		]);
		expectNothingPrivate(lines, server);
		await analytics.shutdown();
	});

	it('a 503: the retry scheduled, with its kind, status and delay; then the delivery', async () => {
		const server = await start();
		const logged: Logged = {debug: [], warn: []};
		const analytics = create(server, logged);
		server.next({type: 'status', status: 503});
		analytics.trackEvent('signup', {i: 0, note: CONTENT});
		await analytics.flush();
		for (let round = 0; round < 20 && server.stored.length < 1; round++) await analytics.flush();
		await analytics.shutdown();
		const lines = deliveryLines(logged);
		expect(lines.slice(0, 3)).toEqual([
			expect.stringMatching(/^umami-guard\[dbg\] POST \/api\/batch: HTTP 503 in \d+ ms$/),
			expect.stringMatching(
				/^umami-guard\[dbg\] batch of 1 event via \/api\/batch in \d+ ms: 1 retry server HTTP 503$/,
			),
			expect.stringMatching(/^umami-guard\[dbg\] retry scheduled: 1 event in \d+ ms \(server, HTTP 503\)$/),
		]);
		expect(lines).toContainEqual(
			expect.stringMatching(/^umami-guard\[dbg\] batch of 1 event via \/api\/batch in \d+ ms: 1 delivered$/),
		);
		expectNothingPrivate(lines, server);
	});

	it('connection refused: the error code, no status', async () => {
		const server = await start();
		const logged: Logged = {debug: [], warn: []};
		const analytics = create(server, logged);
		await server.down();
		analytics.trackEvent('signup', {i: 0, note: CONTENT});
		await analytics.flush();
		await analytics.shutdown(200);
		const lines = deliveryLines(logged);
		expect(lines.slice(0, 3)).toEqual([
			expect.stringMatching(
				/^umami-guard\[dbg\] POST \/api\/batch: no answer \(ECONNREFUSED\) after \d+ ms$/,
			),
			expect.stringMatching(
				/^umami-guard\[dbg\] batch of 1 event via \/api\/batch in \d+ ms: 1 retry network$/,
			),
			expect.stringMatching(
				/^umami-guard\[dbg\] retry scheduled: 1 event in \d+ ms \(network, ECONNREFUSED\)$/,
			),
		]);
		expectNothingPrivate(lines, server);
	});

	it('Umami 2.10 (no /api/batch): the endpoint switch, then each event through /api/send', async () => {
		const server = await start({version: '2.10'});
		const logged: Logged = {debug: [], warn: []};
		const analytics = create(server, logged);
		analytics.trackEvent('signup', {i: 0, note: CONTENT});
		await analytics.flush();
		await analytics.shutdown();
		const lines = deliveryLines(logged);
		expect(lines).toEqual([
			expect.stringMatching(/^umami-guard\[dbg\] POST \/api\/batch: HTTP 404 in \d+ ms$/),
			expect.stringMatching(/^umami-guard\[dbg\] POST \/api\/send: HTTP 200 in \d+ ms$/),
			expect.stringMatching(/^umami-guard\[dbg\] batch of 1 event via \/api\/send in \d+ ms: 1 delivered$/),
			'umami-guard[dbg] endpoint switch: /api/batch → /api/send (this Umami has no /api/batch, so each event goes alone from now on)',
		]);
		expectNothingPrivate(lines, server);
	});

	it('a refused event: given up on, with the reason', async () => {
		const server = await start();
		const logged: Logged = {debug: [], warn: []};
		const analytics = create(server, logged);
		server.next({type: 'status', status: 400, body: '{"error":"bad"}'});
		analytics.trackEvent('signup', {i: 0, note: CONTENT});
		await analytics.flush();
		await analytics.shutdown();
		const lines = deliveryLines(logged);
		expect(lines).toEqual([
			expect.stringMatching(/^umami-guard\[dbg\] POST \/api\/batch: HTTP 400 in \d+ ms$/),
			expect.stringMatching(
				/^umami-guard\[dbg\] batch of 1 event via \/api\/batch in \d+ ms: 1 rejected HTTP 400$/,
			),
			'umami-guard[dbg] gave up on 1 event: rejected',
		]);
		expectNothingPrivate(lines, server);
	});

	it('debug off: not one delivery line', async () => {
		const server = await start();
		const logged: Logged = {debug: [], warn: []};
		const analytics = create(server, logged, {debug: false});
		analytics.trackEvent('signup', {i: 0});
		await analytics.flush();
		await analytics.shutdown();
		expect(logged.debug).toEqual([]);
	});
});
