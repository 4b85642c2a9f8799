/**
 * Answers that speak for the whole server (429, 502, 503, 504, like no answer at all): on Umami < 2.17 the
 * transport sends one request per event, and a 503 outage used to cost a request for every event of the
 * batch, per probe and per process (docs/fleet.md measured it against a fleet). Now the first such answer
 * stands for the events not sent yet; a 500 stays the event's own and the others are still sent.
 */
import {describe, expect, it} from 'vitest';
import type {UmamiEvent} from '../../src/types.js';
import {testTransport, useFaultServers} from '../helpers/use-fault-server.js';

const WEBSITE = '4f2b4a5e-8d3c-4d4b-9a53-0c0b5a2f1e11';
const start = useFaultServers();
const events = (count: number): UmamiEvent[] =>
	Array.from({length: count}, (_, i) => ({
		type: 'event',
		payload: {website: WEBSITE, url: '/', name: 'e', data: {i}},
	}));
const signal = (): AbortSignal => new AbortController().signal;

describe('send mode (Umami < 2.17): an answer for the whole server', () => {
	for (const status of [429, 502, 503, 504]) {
		it(`${status} to the first event: the other nine get it without a request, and no heartbeat`, async () => {
			const server = await start({version: '2.10'});
			server.setHandler((request) => (request.path === '/api/send' ? {type: 'status', status} : undefined));
			const results = await testTransport(server, {endpoint: 'send'}).send(events(10), signal());
			expect(server.requests.map((request) => request.path)).toEqual(['/api/send']);
			expect(results).toHaveLength(10);
			expect(results.every((result) => result.status === 'retry' && result.httpStatus === status)).toBe(true);
		});
	}

	it('500 to one event: the others are still sent and delivered', async () => {
		const server = await start({version: '2.10'});
		server.next({type: 'status', status: 500});
		const results = await testTransport(server, {endpoint: 'send'}).send(events(4), signal());
		expect(results.map((result) => result.status)).toEqual(['retry', 'delivered', 'delivered', 'delivered']);
		expect(server.tally(4).stored).toBe(3);
	});
});
