/**
 * A shutdown deadline that cuts a batch short on an Umami without `/api/batch` (< 2.17: one `/api/send` per
 * event, a batch's events one after another) settles what Umami already answered: delivered events count as
 * sent (and leave the outbox), only the unsent ones drop as `shutdown_timeout`. Against the fault server
 * imitating Umami 2.10, whose third `/api/send` never answers; the deadline is what ends it, so what is
 * asserted is the count of events, never a time.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {readJournalStatus} from '../../src/outbox/index.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {sendingTo, useFaultServers} from '../helpers/use-fault-server.js';

const WEBSITE = '5f4e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f';
const start = useFaultServers();
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** Umami 2.10 that stores and answers the first `answered` events' requests, then never answers. */
async function stallingAfter(answered: number): Promise<FaultServer> {
	const server = await start({version: '2.10'});
	let sends = 0;
	server.setHandler((request) => {
		if (request.path !== '/api/send') return undefined;
		sends++;
		return sends <= answered ? {type: 'delay', ms: 20} : {type: 'hang'};
	});
	return server;
}

function create(server: FaultServer, options: AnalyticsOptions = {}): UmamiAnalytics {
	// One lane, so the three events go as one batch of three requests, one after another.
	const all = sendingTo(server, WEBSITE, {maxInFlight: 1, ...options});
	return new UmamiAnalytics(resolveConfig('shutdown-answered', all), all);
}

describe('a shutdown deadline in the middle of a per-event batch', () => {
	it('counts the events Umami answered as sent and drops only the unsent one (auto endpoint, found by the 404)', async () => {
		const server = await stallingAfter(2);
		const drops: string[] = [];
		const analytics = create(server, {onDrop: (info) => drops.push(info.reason), logger: {warn: () => {}}});
		for (let i = 0; i < 3; i++) analytics.trackEvent('tick', {i});
		const result = await analytics.shutdown(3000);
		expect(server.tally(3)).toEqual({stored: 2, missing: [2], duplicated: []});
		expect(result).toMatchObject({sent: 2, failed: 1, dropped: 1});
		expect(analytics.stats()).toMatchObject({sent: 2, droppedTotal: 1});
		expect(analytics.stats().dropped.shutdown_timeout).toBe(1);
		expect(drops).toEqual(['shutdown_timeout']);
	});

	it('leaves only the unsent event in the outbox for the next start', async () => {
		const server = await stallingAfter(2);
		const dir = mkdtempSync(join(tmpdir(), 'umami-guard-answered-'));
		dirs.push(dir);
		const outbox = {enabled: true, path: dir};
		const analytics = create(server, {endpoint: 'send', outbox});
		for (let i = 0; i < 3; i++) analytics.trackEvent('tick', {i});
		const result = await analytics.shutdown(3000);
		expect(server.tally(3)).toEqual({stored: 2, missing: [2], duplicated: []});
		expect(result).toMatchObject({sent: 2});
		expect(analytics.stats()).toMatchObject({sent: 2, persisted: 1});
		expect(readJournalStatus({path: dir, appName: analytics.config.appName})?.events).toBe(1);
	});

	it('retries during shutdown at once, and the debug line says so instead of naming a backoff', async () => {
		const server = await start({version: '2.10'});
		let sends = 0;
		server.setHandler((request) => {
			if (request.path !== '/api/send') return undefined;
			sends++;
			return sends === 1 ? {type: 'status', status: 500} : undefined;
		});
		const lines: string[] = [];
		const analytics = create(server, {
			endpoint: 'send',
			debug: true,
			logger: {warn: () => {}, debug: (line) => lines.push(line)},
		});
		for (let i = 0; i < 3; i++) analytics.trackEvent('tick', {i});
		const result = await analytics.shutdown(5000);
		expect(result).toMatchObject({sent: 3, dropped: 0});
		expect(server.tally(3)).toEqual({stored: 3, missing: [], duplicated: []});
		const retries = lines.filter((line) => line.includes('retry scheduled'));
		expect(retries).toEqual([
			'umami-guard[shutdown-answered] retry scheduled: 1 event at once (server, HTTP 500)',
		]);
	});
});
