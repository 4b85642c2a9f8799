import {describe, expect, it} from 'vitest';
import type {UmamiEvent, UmamiLocation} from '../../src/types.js';
import type {RecordedRequest} from '../helpers/fault-server.js';
import {testTransport, useFaultServers} from '../helpers/use-fault-server.js';

const WEBSITE = '4f2b4a5e-8d3c-4d4b-9a53-0c0b5a2f1e11';
const LOCATION_HEADERS = ['cf-ipcountry', 'cf-region-code', 'cf-ipcity'] as const;

const start = useFaultServers();
const transportFor = testTransport;

function event(index: number, location?: UmamiLocation): UmamiEvent {
	const payload = {website: WEBSITE, url: '/x', name: 'click', data: {i: index}};
	return location === undefined ? {type: 'event', payload} : {type: 'event', payload, location};
}

const signal = (): AbortSignal => new AbortController().signal;

/** The location headers of a request (absent ones left out), city decoded from its UTF-8 bytes. */
function located(request: RecordedRequest | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const name of LOCATION_HEADERS) {
		const value = request?.headers[name];
		if (typeof value === 'string') out[name] = Buffer.from(value, 'latin1').toString('utf8');
	}
	return out;
}

/** Indices (`data.i`) in a request's body, and whether any item carried a `location` key. */
function bodyOf(request: RecordedRequest | undefined): {indices: number[]; leaked: boolean} {
	const parsed = JSON.parse(request?.body ?? 'null') as unknown;
	const items = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
	return {
		indices: items.map((item) => (item['payload'] as {data: {i: number}}).data.i),
		leaked: items.some((item) => 'location' in item),
	};
}

const DE: UmamiLocation = {country: 'DE'};
const BY: UmamiLocation = {country: 'DE', region: 'BY', city: 'München'};
const FR: UmamiLocation = {country: 'FR', region: 'IDF', city: 'Paris'};

describe('batch mode', () => {
	it('without locations: one request, no location header, the body exactly as before', async () => {
		const server = await start();
		const events = [event(0), event(1), event(2)];
		const results = await transportFor(server).send(events, signal());
		expect(results).toEqual(events.map(() => ({status: 'delivered'})));
		expect(server.requests).toHaveLength(1);
		expect(located(server.requests[0])).toEqual({});
		expect(server.requests[0]?.body).toBe(JSON.stringify(events));
	});

	it('one location for the whole batch: one request carrying its headers, none in the body', async () => {
		const server = await start();
		const results = await transportFor(server).send([event(0, BY), event(1, BY)], signal());
		expect(results).toEqual([{status: 'delivered'}, {status: 'delivered'}]);
		expect(server.requests).toHaveLength(1);
		expect(located(server.requests[0])).toEqual({
			'cf-ipcountry': 'DE',
			'cf-region-code': 'BY',
			'cf-ipcity': 'München',
		});
		expect(bodyOf(server.requests[0])).toEqual({indices: [0, 1], leaked: false});
	});

	it('mixed locations: one request per location, each with its own events; results in order', async () => {
		const server = await start();
		const events = [event(0), event(1, DE), event(2, FR), event(3), event(4, DE), event(5, BY)];
		const results = await transportFor(server).send(events, signal());
		expect(results).toEqual(events.map(() => ({status: 'delivered'})));
		expect(server.tally(6)).toEqual({stored: 6, missing: [], duplicated: []});
		expect(server.requests).toHaveLength(4);
		const seen = server.requests.map((request) => ({headers: located(request), ...bodyOf(request)}));
		expect(seen).toEqual(
			expect.arrayContaining([
				{headers: {}, indices: [0, 3], leaked: false},
				{headers: {'cf-ipcountry': 'DE'}, indices: [1, 4], leaked: false},
				{
					headers: {'cf-ipcountry': 'FR', 'cf-region-code': 'IDF', 'cf-ipcity': 'Paris'},
					indices: [2],
					leaked: false,
				},
				{
					headers: {'cf-ipcountry': 'DE', 'cf-region-code': 'BY', 'cf-ipcity': 'München'},
					indices: [5],
					leaked: false,
				},
			]),
		);
		for (const request of server.requests) expect(request.headers['x-forwarded-for']).toBeUndefined();
	});

	it('maps per-item failures of each group back to the right events', async () => {
		const server = await start();
		server.setHandler((request) =>
			request.headers['cf-ipcountry'] === 'FR'
				? {type: 'partial', fail: () => ({error: {status: 400, code: 'bad-request'}})}
				: undefined,
		);
		const results = await transportFor(server).send([event(0, FR), event(1, DE), event(2, FR)], signal());
		expect(results.map((result) => result.status)).toEqual(['rejected', 'delivered', 'rejected']);
	});

	it('a 413 splits a located batch in halves that keep the headers', async () => {
		const server = await start();
		server.next({type: 'status', status: 413});
		const results = await transportFor(server).send([event(0, FR), event(1, FR)], signal());
		expect(results).toEqual([{status: 'delivered'}, {status: 'delivered'}]);
		expect(server.requests).toHaveLength(3);
		for (const request of server.requests) expect(located(request)['cf-ipcountry']).toBe('FR');
	});

	it('no answer to one group: the groups not yet sent get the same result without a request', async () => {
		const server = await start();
		server.setHandler(() => ({type: 'reset'}));
		const countries = ['DE', 'FR', 'IT', 'ES', 'PL', 'NL', 'BE', 'AT', 'CH', 'SE'];
		const events = countries.map((country, index) => event(index, {country}));
		const results = await transportFor(server).send(events, signal());
		for (const result of results) expect(result).toMatchObject({status: 'retry', kind: 'network'});
		// The groups go one after another: the first one's reset stops the other nine.
		expect(server.requests).toHaveLength(1);
	});

	it('never throws on a location no header can carry (a hand-edited journal): it is left out', async () => {
		const server = await start();
		const hostile = [
			event(0, {country: 'de'}),
			event(1, {country: 'DE', region: 'B\r\nY', city: 'Evil\r\nx-injected: 1'}),
			event(2, {country: 'DE', city: 'bad\uD800'}),
		];
		const results = await transportFor(server).send(hostile, signal());
		expect(results).toEqual(hostile.map(() => ({status: 'delivered'})));
		for (const request of server.requests) {
			expect(request.headers['x-injected']).toBeUndefined();
			expect(request.headers['cf-ipcity']).toBeUndefined();
			expect(request.headers['cf-region-code']).toBeUndefined();
		}
		expect(server.requests.map((request) => request.headers['cf-ipcountry'])).toEqual(
			expect.arrayContaining([undefined, 'DE']),
		);
	});
});

describe('send mode (Umami < 2.17)', () => {
	it('each /api/send carries its own event’s location; the city percent-encoded for Umami < 2.15', async () => {
		const server = await start({version: '2.10'});
		const transport = transportFor(server, {endpoint: 'send'});
		const results = await transport.send([event(0, BY), event(1), event(2, FR)], signal());
		expect(results).toEqual([{status: 'delivered'}, {status: 'delivered'}, {status: 'delivered'}]);
		const byIndex = new Map(server.requests.map((request) => [bodyOf(request).indices[0], request]));
		expect(byIndex.get(0)?.headers['cf-ipcity']).toBe('M%C3%BCnchen');
		expect(byIndex.get(0)?.headers['cf-region-code']).toBe('BY');
		expect(located(byIndex.get(1))).toEqual({});
		expect(located(byIndex.get(2))).toEqual({
			'cf-ipcountry': 'FR',
			'cf-region-code': 'IDF',
			'cf-ipcity': 'Paris',
		});
		for (const request of server.requests) {
			expect(bodyOf(request).leaked).toBe(false);
			expect(request.headers['x-forwarded-for']).toBeUndefined();
		}
	});

	it('auto mode: a located batch that meets the 404 of Umami 2.10 falls back and keeps every location', async () => {
		const server = await start({version: '2.10'});
		const transport = transportFor(server);
		const events = [event(0, DE), event(1, FR), event(2), event(3, DE)];
		const results = await transport.send(events, signal());
		expect(results).toEqual(events.map(() => ({status: 'delivered'})));
		expect(transport.endpoint()).toBe('send');
		expect(server.tally(4)).toEqual({stored: 4, missing: [], duplicated: []});
		const sends = server.requests.filter((request) => request.path === '/api/send');
		const country = new Map(
			sends.map((request) => [bodyOf(request).indices[0], request.headers['cf-ipcountry']]),
		);
		expect(Object.fromEntries(country)).toEqual({0: 'DE', 1: 'FR', 2: undefined, 3: 'DE'});
	});
});
