/**
 * What `shutdown()` resolves with must not read "nothing lost" when events were dropped. A new user saw
 * `{"sent":2,…,"dropped":0}` beside the warning "dropped 3 events (duplicate 1, invalid 2)": `dropped` counts
 * what the shutdown itself dropped, and events dropped before they were queued were only in `stats()`.
 * `droppedTotal` is every drop of the instance (docs/delivery.md, `ShutdownResult`). Real HTTP to the fault
 * server on 127.0.0.1.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {getAnalytics, shutdownAll} from '../../src/client/registry.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {sendingTo, useFaultServer} from '../helpers/use-fault-server.js';

const WEBSITE = '5f4e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f';
let server: FaultServer;
useFaultServer((started) => (server = started));
afterEach(async () => {
	await shutdownAll(100);
});

function create(options: AnalyticsOptions = {}): UmamiAnalytics {
	const all = sendingTo(server, WEBSITE, {logger: {warn: () => {}}, ...options});
	return new UmamiAnalytics(resolveConfig('result', all), all);
}

/** Two events sent, one duplicate and two invalid ones dropped before they were queued. */
function trackTheTrial(analytics: {trackEvent: UmamiAnalytics['trackEvent']}): void {
	analytics.trackEvent('order', {i: 0}, {idempotencyKey: 'evt_1'});
	analytics.trackEvent('order', {i: 1}, {idempotencyKey: 'evt_1'});
	analytics.trackEvent('note', 'a string' as never);
	analytics.trackEvent('', {i: 2});
	analytics.trackEvent('order', {i: 3});
}

describe('the result of shutdown() counts every drop', () => {
	it('drops before queueing are in droppedTotal; dropped stays what the shutdown dropped', async () => {
		const analytics = create();
		trackTheTrial(analytics);
		const result = await analytics.shutdown(5000);
		expect(result).toEqual({sent: 2, failed: 0, dropped: 0, pending: 0, droppedTotal: 3});
		expect(analytics.stats()).toMatchObject({droppedTotal: 3, dropped: {duplicate: 1, invalid: 2}});
	});

	it('shutdownAll() sums droppedTotal over the instances', async () => {
		trackTheTrial(getAnalytics('result-a', sendingTo(server, WEBSITE, {logger: {warn: () => {}}})));
		getAnalytics('result-b', sendingTo(server, WEBSITE, {logger: {warn: () => {}}})).trackEvent('ok');
		expect(await shutdownAll(5000)).toMatchObject({sent: 3, dropped: 0, droppedTotal: 3});
	});
});
