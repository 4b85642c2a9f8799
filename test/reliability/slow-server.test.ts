/**
 * A slow Umami: answers that come later than the request timeout, after the events were stored (as an
 * overloaded Umami does). Each such timeout is a duplicate once the client retries; the transport waits twice
 * as long after a timeout (`src/transport/patience.ts`), so an answer slower than the timeout costs one
 * duplicate, not one per attempt. The delays are the server's inputs; nothing here asserts a duration.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {testTransport, useFaultServer} from '../helpers/use-fault-server.js';
import {ID} from './payload-check.js';

let server: FaultServer;
useFaultServer((started) => (server = started));
const instances: UmamiAnalytics[] = [];
afterEach(() => Promise.all(instances.splice(0).map((instance) => instance.shutdown(0))));

function create(options: AnalyticsOptions): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: ID,
		apiUrl: server.url,
		flushIntervalMs: 50,
		logger: {warn: () => undefined},
		...options,
	};
	const analytics = new UmamiAnalytics(resolveConfig('slow-server', all), all);
	instances.push(analytics);
	return analytics;
}

async function settled(analytics: UmamiAnalytics, limitMs: number): Promise<void> {
	const deadline = Date.now() + limitMs;
	while (analytics.stats().queued > 0 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

const event = {type: 'event' as const, payload: {website: ID, url: '/slow', name: 'slow', data: {i: 0}}};

describe('slow server', () => {
	it('answers 1.5× the timeout late, after storing: each event stored twice, then delivered — not once per attempt', async () => {
		const analytics = create({timeoutMs: 300});
		server.setHandler(() => ({type: 'delay', ms: 450}));
		for (let index = 0; index < 10; index++) analytics.trackEvent('slow', {i: index});
		await settled(analytics, 8000);
		const tally = server.tally(10);
		expect(tally.missing).toEqual([]);
		// The first attempt timed out after Umami stored it (the documented at-least-once case); the retry
		// waited twice the timeout and took the answer.
		expect([...server.counts().values()]).toEqual(Array.from({length: 10}, () => 2));
		expect(analytics.stats()).toMatchObject({tracked: 10, sent: 10, droppedTotal: 0, queued: 0});
	});

	it('waits twice the timeout after a timeout, never more, and the configured timeout again after an answer within half of it', async () => {
		const transport = testTransport(server, {timeoutMs: 200});
		const detail = async (): Promise<string> => {
			const [result] = await transport.send([event], new AbortController().signal);
			return result?.status === 'retry' ? result.detail : (result?.status ?? 'none');
		};
		server.setHandler(() => ({type: 'hang'}));
		expect(await detail()).toBe('timeout after 200 ms on /api/batch');
		expect(await detail()).toBe('timeout after 400 ms on /api/batch');
		expect(await detail()).toBe('timeout after 400 ms on /api/batch');
		// An answer slower than half the timeout keeps the longer wait.
		server.setHandler(() => ({type: 'delay', ms: 150}));
		expect(await detail()).toBe('delivered');
		server.setHandler(() => ({type: 'hang'}));
		expect(await detail()).toBe('timeout after 400 ms on /api/batch');
		server.setHandler(undefined);
		expect(await detail()).toBe('delivered');
		server.setHandler(() => ({type: 'hang'}));
		expect(await detail()).toBe('timeout after 200 ms on /api/batch');
	});
});
