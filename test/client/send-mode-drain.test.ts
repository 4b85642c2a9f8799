/**
 * On an Umami without `/api/batch` (< 2.17) every event is its own request, so a batch is only the queue's unit
 * of work. A flush or shutdown then shares what waits between the lanes (`maxInFlight`): a serverless handler's
 * 30 events go out two at a time, not one after another in a single batch while the other lane idles. Against
 * a fault server on 127.0.0.1 that answers slowly, so requests that could overlap do; no timing is asserted.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {sendingTo, useFaultServers} from '../helpers/use-fault-server.js';

const WEBSITE = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const start = useFaultServers();
const instances: UmamiAnalytics[] = [];
afterEach(async () => {
	await Promise.all(instances.splice(0).map((each) => each.shutdown(100)));
});

async function slow(version: '2.10' | '3'): Promise<FaultServer> {
	const server = await start({version});
	server.setHandler(() => ({type: 'delay', ms: 20}));
	return server;
}

function create(server: FaultServer, options: AnalyticsOptions = {}): UmamiAnalytics {
	const all = sendingTo(server, WEBSITE, options);
	const analytics = new UmamiAnalytics(resolveConfig('send-mode-drain', all), all);
	instances.push(analytics);
	return analytics;
}

const track = (analytics: UmamiAnalytics, count: number): void => {
	for (let i = 0; i < count; i++) analytics.trackEvent('tick', {i});
};

describe('a flush over per-event requests', () => {
	it('keeps both lanes busy when fewer events than a batch wait (Umami 2.10, found by the 404)', async () => {
		const server = await slow('2.10');
		const analytics = create(server);
		// The first flush finds out that there is no /api/batch; its batch is then re-sent event by event.
		track(analytics, 1);
		await analytics.flush();
		server.reset();
		track(analytics, 30);
		const result = await analytics.flush();
		expect(result).toMatchObject({sent: 30, failed: 0, dropped: 0, pending: 0});
		expect(server.tally(30)).toEqual({stored: 30, missing: [], duplicated: []});
		expect(server.requests.every((request) => request.path === '/api/send')).toBe(true);
		expect(server.peakOpen()).toBe(2);
	});

	it('does the same on shutdown, with the endpoint configured, and never opens more than maxInFlight', async () => {
		const server = await slow('3');
		const analytics = create(server, {endpoint: 'send', maxInFlight: 3});
		track(analytics, 40);
		const result = await analytics.shutdown(10_000);
		expect(result).toMatchObject({sent: 40, dropped: 0});
		expect(server.tally(40)).toEqual({stored: 40, missing: [], duplicated: []});
		expect(server.peakOpen()).toBe(3);
	});

	it('leaves batch requests whole: one /api/batch request for the same 30 events', async () => {
		const server = await slow('3');
		const analytics = create(server);
		track(analytics, 30);
		expect(await analytics.flush()).toMatchObject({sent: 30, pending: 0});
		expect(server.requests.map((request) => request.path)).toEqual(['/api/batch']);
	});
});
