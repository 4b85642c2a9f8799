/**
 * With the outbox on, a `kill -9` stores twice every event in flight (Umami stores a batch's items one by
 * one and finishes a batch whose client died; the restart replays it), so the outbox's defaults bound what is
 * in flight: at most OUTBOX_BOUND events (docs/outbox.md). Counted at a fault server on 127.0.0.1 whose
 * answers are slow, so the requests the client opens overlap.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';

const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
/** The bound docs/outbox.md states: events in flight, and so duplicates after a `kill -9`. */
const OUTBOX_BOUND = 20;
const COUNT = 200;

const servers: FaultServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

function options(url: string, extra: AnalyticsOptions = {}): AnalyticsOptions {
	return {
		env: {},
		configFile: false,
		websiteId: WEBSITE,
		apiUrl: url,
		endpoint: 'batch',
		flushIntervalMs: 10,
		outbox: {enabled: true, path: mkdtempSync(join(tmpdir(), 'umami-guard-in-flight-'))},
		logger: {warn: () => undefined},
		...extra,
	};
}

/** Items of each `/api/batch` request the server received. */
function batchSizes(server: FaultServer): number[] {
	return server.requests
		.filter((request) => request.path === '/api/batch')
		.map((request) => (JSON.parse(request.body) as unknown[]).length);
}

describe('with the outbox on, the events in flight are bounded', () => {
	it(`never more than ${OUTBOX_BOUND} events in flight with the defaults, every event stored once`, async () => {
		const server = await startFaultServer();
		servers.push(server);
		// Stored first, answered later (as Umami does): every request stays open long enough to overlap.
		server.setHandler(() => ({type: 'delay', ms: 30}));
		const all = options(server.url);
		const analytics = new UmamiAnalytics(resolveConfig('in-flight', all), all);
		for (let index = 0; index < COUNT; index++) {
			analytics.trackEvent('tick', {i: index}, {url: '/in-flight', userAgent: UA});
		}
		await analytics.flush();
		await analytics.shutdown(5000);
		expect(server.tally(COUNT)).toEqual({stored: COUNT, missing: [], duplicated: []});
		const sizes = batchSizes(server);
		const largest = Math.max(...sizes);
		// Both request slots are used (the drain is not serialized), never more.
		expect(server.peakOpen()).toBe(2);
		expect(largest * server.peakOpen()).toBeLessThanOrEqual(OUTBOX_BOUND);
		expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(COUNT);
	});

	it('a batch size or concurrency set by any source wins over the outbox default', () => {
		const chosen = resolveConfig('in-flight', options('http://umami.test', {batchSize: 50, maxInFlight: 3}));
		expect(chosen.queue).toMatchObject({batchSize: 50, maxInFlight: 3});
		const file = join(mkdtempSync(join(tmpdir(), 'umami-guard-in-flight-')), 'config.yaml');
		writeFileSync(file, 'umami:\n  async:\n    batch_size: 40\n  outbox:\n    enabled: true\n');
		const {outbox: _outbox, ...rest} = options('http://umami.test');
		const fromFile = resolveConfig('in-flight', {...rest, configFile: file});
		expect(fromFile.outbox.enabled).toBe(true);
		expect(fromFile.queue).toMatchObject({batchSize: 40, maxInFlight: 2});
	});

	it('without the outbox the defaults are unchanged', () => {
		const {outbox: _outbox, ...rest} = options('http://umami.test');
		expect(resolveConfig('in-flight', rest).queue).toMatchObject({batchSize: 100, maxInFlight: 2});
	});
});
