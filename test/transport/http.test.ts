import {beforeAll, describe, expect, it} from 'vitest';
import * as http from 'node:http';
import * as https from 'node:https';
import {createNodeFetch, type FetchLike} from '../../src/transport/index.js';
import type {TransportOptions} from '../../src/transport/index.js';
import type {UmamiEvent} from '../../src/types.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {testTransport, useFaultServers} from '../helpers/use-fault-server.js';

const WEBSITE = '4f2b4a5e-8d3c-4d4b-9a53-0c0b5a2f1e11';
const UA = 'Mozilla/5.0 Umami/v20.20.2';

const start = useFaultServers();

/** The shared test transport, over the requester of the current block, with a trailing slash in its URL. */
const transportFor = (server: FaultServer, overrides: Partial<TransportOptions> = {}) =>
	testTransport(server, {apiUrl: `${server.url}/`, fetch: requester, userAgent: UA, ...overrides});

function event(index: number, payload: Partial<UmamiEvent['payload']> = {}): UmamiEvent {
	return {type: 'event', payload: {website: WEBSITE, url: '/x', name: 'click', data: {i: index}, ...payload}};
}

const events = (count: number, payload?: Partial<UmamiEvent['payload']>): UmamiEvent[] =>
	Array.from({length: count}, (_, index) => event(index, payload));

const signal = (): AbortSignal => new AbortController().signal;

/** Every test below runs over both ways of making requests: the platform's `fetch`, and Node's `http` (the default on Node). */
const REQUESTERS: [string, FetchLike][] = [
	['fetch', globalThis.fetch],
	['node:http', createNodeFetch({http, https})],
];
let requester: FetchLike = globalThis.fetch;

describe.each(REQUESTERS)('over %s', (_name, current) => {
	beforeAll(() => {
		requester = current;
	});

	describe('batch mode', () => {
		it('posts one JSON array to /api/batch and delivers every item', async () => {
			const server = await start();
			const transport = transportFor(server, {headers: {'X-Umami-Cache': 'leak', 'x-extra': '1'}});
			const results = await transport.send(events(3), signal());
			expect(results).toEqual([{status: 'delivered'}, {status: 'delivered'}, {status: 'delivered'}]);
			expect(server.requests).toHaveLength(1);
			const [request] = server.requests;
			expect(request?.path).toBe('/api/batch');
			expect(request?.headers['user-agent']).toBe(UA);
			expect(request?.headers['content-type']).toBe('application/json');
			expect(request?.headers['x-extra']).toBe('1');
			expect(request?.headers['x-umami-cache']).toBeUndefined();
			expect(JSON.parse(request?.body ?? '')).toEqual(events(3));
			expect(server.tally(3)).toEqual({stored: 3, missing: [], duplicated: []});
			expect(transport.endpoint()).toBe('batch');
		});

		it('decides per item from a partly failed batch answer', async () => {
			const server = await start();
			server.next({
				type: 'partial',
				fail: (_, index) =>
					index === 1
						? {error: {message: 'Server error', code: 'server-error', status: 500}}
						: index === 2
							? {error: {message: 'Bad request', code: 'bad-request', status: 400}}
							: undefined,
			});
			const results = await transportFor(server).send(events(4), signal());
			expect(results.map((result) => result.status)).toEqual(['delivered', 'retry', 'rejected', 'delivered']);
			expect(results[1]).toMatchObject({kind: 'server', httpStatus: 500});
			expect(server.tally(4).missing).toEqual([1, 2]);
		});

		it('cannot see bots per item (Umami counts them as processed): documented limitation', async () => {
			const server = await start();
			const results = await transportFor(server).send(
				[event(0, {userAgent: 'curl/8.0'}), event(1)],
				signal(),
			);
			expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered']);
			expect(server.tally(2).missing).toEqual([0]);
		});

		it('falls back to /api/send on 404 and remembers it', async () => {
			const server = await start({version: '2.10'});
			const transport = transportFor(server);
			expect(await transport.send(events(3), signal())).toEqual(Array(3).fill({status: 'delivered'}));
			expect(transport.endpoint()).toBe('send');
			expect(await transport.send(events(2), signal())).toHaveLength(2);
			expect(server.requests.map((request) => request.path)).toEqual([
				'/api/batch',
				...Array(5).fill('/api/send'),
			]);
		});

		it('with endpoint "batch" a 404 is a rejection, not a fallback', async () => {
			const server = await start({version: '2.10'});
			const transport = transportFor(server, {endpoint: 'batch'});
			expect(await transport.send(events(1), signal())).toEqual([
				{status: 'rejected', httpStatus: 404, detail: 'HTTP 404 from /api/batch'},
			]);
			expect(transport.endpoint()).toBe('batch');
		});

		it('splits a batch answered 413 in halves', async () => {
			const server = await start();
			server.next({type: 'status', status: 413});
			const results = await transportFor(server).send(events(4), signal());
			expect(results).toEqual(Array(4).fill({status: 'delivered'}));
			expect(server.tally(4)).toEqual({stored: 4, missing: [], duplicated: []});
			expect(server.requests).toHaveLength(3);
		});
	});

	describe('failures', () => {
		it('429 with Retry-After → rate_limited, capped', async () => {
			const server = await start();
			server.next(
				{type: 'status', status: 429, headers: {'retry-after': '2'}},
				{type: 'status', status: 503, headers: {'retry-after': '3600'}},
			);
			const transport = transportFor(server, {maxRetryAfterMs: 30_000});
			expect(await transport.send(events(2), signal())).toEqual(
				Array(2).fill({
					status: 'retry',
					kind: 'rate_limited',
					httpStatus: 429,
					retryAfterMs: 2000,
					detail: 'HTTP 429 from /api/batch',
				}),
			);
			expect((await transport.send(events(1), signal()))[0]).toMatchObject({
				kind: 'server',
				retryAfterMs: 30_000,
			});
		});

		it('500 → retry server; 400 → rejected', async () => {
			const server = await start();
			server.next(
				{type: 'status', status: 500},
				{type: 'status', status: 503},
				{type: 'json', status: 400, body: {error: {code: 'bad-request'}}},
			);
			const transport = transportFor(server);
			// The heartbeat after an all-5xx batch is down too (503): nothing says the failure is the event's.
			const first = (await transport.send(events(1), signal()))[0];
			expect(first).toMatchObject({status: 'retry', kind: 'server'});
			expect(first).not.toHaveProperty('serverUp');
			expect(server.requests.map((request) => request.path)).toEqual(['/api/batch', '/api/heartbeat']);
			expect((await transport.send(events(1), signal()))[0]).toMatchObject({
				status: 'rejected',
				httpStatus: 400,
			});
		});

		it('5xx while the heartbeat answers 200 → marked serverUp (the failure is the event’s)', async () => {
			const server = await start();
			server.next({type: 'status', status: 500});
			const transport = transportFor(server);
			expect((await transport.send(events(2), signal()))[1]).toMatchObject({
				status: 'retry',
				kind: 'server',
				serverUp: true,
			});
		});

		it('an answer slower than the timeout → timeout', async () => {
			const server = await start();
			server.next({type: 'delay', ms: 3000});
			const started = Date.now();
			const [result] = await transportFor(server, {timeoutMs: 300}).send(events(1), signal());
			expect(result).toEqual({
				status: 'retry',
				kind: 'timeout',
				detail: 'timeout after 300 ms on /api/batch',
			});
			expect(Date.now() - started).toBeLessThan(2000);
		});

		it('a trickled body counts against the timeout too', async () => {
			const server = await start();
			server.next({type: 'trickle', intervalMs: 100});
			const [result] = await transportFor(server, {timeoutMs: 500}).send(events(1), signal());
			expect(result).toMatchObject({status: 'retry', kind: 'timeout'});
		});

		it('a reset mid-request → network', async () => {
			const server = await start();
			server.next({type: 'reset'});
			const [result] = await transportFor(server).send(events(1), signal());
			expect(result).toMatchObject({status: 'retry', kind: 'network'});
			expect(result?.status === 'retry' && result.detail).toMatch(/^network error [A-Z_]+ on \/api\/batch$/);
		});

		it('refused connections → network ECONNREFUSED, and recovery on the same port', async () => {
			const server = await start();
			const transport = transportFor(server);
			await transport.send(events(1), signal());
			await server.down();
			expect((await transport.send(events(1), signal()))[0]).toEqual({
				status: 'retry',
				kind: 'network',
				code: 'ECONNREFUSED',
				detail: 'network error ECONNREFUSED on /api/batch',
			});
			await server.up();
			expect((await transport.send(events(1), signal()))[0]).toEqual({status: 'delivered'});
		});

		it("the caller's abort → retry network 'aborted' (the queue decides)", async () => {
			const server = await start();
			server.next({type: 'hang'});
			const controller = new AbortController();
			const pending = transportFor(server).send(events(2), controller.signal);
			setTimeout(() => controller.abort(), 50);
			expect(await pending).toEqual(
				Array(2).fill({status: 'retry', kind: 'network', detail: 'aborted on /api/batch'}),
			);
		});

		it('details never contain payload content', async () => {
			const server = await start();
			server.setHandler(() => ({
				type: 'json',
				status: 400,
				body: {error: {message: 'bad secret@example.com'}},
			}));
			const results = await transportFor(server).send(events(1, {url: '/secret@example.com'}), signal());
			expect(JSON.stringify(results)).not.toContain('secret');
		});
	});

	describe('connections', () => {
		it('keeps connections alive: 40 sequential requests use at most 2 sockets', async () => {
			const server = await start();
			const transport = transportFor(server);
			for (let index = 0; index < 40; index++) await transport.send([event(index)], signal());
			expect(server.requests).toHaveLength(40);
			expect(server.connections()).toBeLessThanOrEqual(2);
		});

		it('also after error answers (bodies are always read)', async () => {
			const server = await start();
			server.setHandler(() => ({type: 'json', status: 500, body: {error: {message: 'x'.repeat(10_000)}}}));
			const transport = transportFor(server);
			for (let index = 0; index < 20; index++) await transport.send([event(index)], signal());
			expect(server.connections()).toBeLessThanOrEqual(2);
		});

		it('heartbeat: true when up, false when down', async () => {
			const server = await start();
			const transport = transportFor(server);
			expect(await transport.heartbeat()).toBe(true);
			await server.down();
			expect(await transport.heartbeat()).toBe(false);
		});
	});

	describe('send mode (Umami < 2.17)', () => {
		it('sends the end user UA as User-Agent and payload.ip as X-Forwarded-For', async () => {
			const server = await start({version: '2.10'});
			const browser = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
			const transport = transportFor(server, {endpoint: 'send'});
			await transport.send([event(0, {userAgent: browser, ip: '203.0.113.7'}), event(1)], signal());
			const byIndex = (index: number) =>
				server.requests.find(
					(request) => (JSON.parse(request.body) as UmamiEvent).payload.data?.['i'] === index,
				);
			expect(byIndex(0)?.headers['user-agent']).toBe(browser);
			expect(byIndex(0)?.headers['x-forwarded-for']).toBe('203.0.113.7');
			expect(byIndex(1)?.headers['user-agent']).toBe(UA);
			expect(byIndex(1)?.headers['x-forwarded-for']).toBeUndefined();
		});

		it('bots: {"beep":"boop"} (v3) and {} (v2.10) → bot_filtered', async () => {
			for (const version of ['3', '2.10'] as const) {
				const server = await start({version});
				const transport = transportFor(server, {endpoint: 'send'});
				const results = await transport.send([event(0, {userAgent: 'curl/8.0'}), event(1)], signal());
				expect(results.map((result) => result.status)).toEqual(['bot_filtered', 'delivered']);
			}
		});

		it('v2.10 race: the race server really fails concurrent first requests', async () => {
			const server = await start({version: '2.10', sessionRace: true});
			const answers = await Promise.all(
				events(6).map((body) =>
					fetch(`${server.url}/api/send`, {
						method: 'POST',
						headers: {'user-agent': UA},
						body: JSON.stringify(body),
					}).then(async (response) => {
						await response.text();
						return response.status;
					}),
				),
			);
			expect(answers.filter((status) => status === 500).length).toBeGreaterThan(0);
		});

		it("v2.10 race: a new session's first request finishes before its other events go out", async () => {
			const server = await start({version: '2.10', sessionRace: true, sessionCreateMs: 50});
			const transport = transportFor(server);
			const mixed = [
				...events(10, {userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36'}),
				...events(10).map((_, index) => event(index + 10, {ip: '198.51.100.1'})),
				...events(10).map((_, index) => event(index + 20)),
			];
			// Two calls at once, as the queue's two batches in flight; the second session spans both.
			const results = await Promise.all([
				transport.send(mixed.slice(0, 15), signal()),
				transport.send(mixed.slice(15), signal()),
			]);
			expect(results.flat().every((result) => result.status === 'delivered')).toBe(true);
			expect(server.tally(30)).toEqual({stored: 30, missing: [], duplicated: []});
			const second = await transport.send(
				events(8).map((_, index) => event(index + 30)),
				signal(),
			);
			expect(second.every((result) => result.status === 'delivered')).toBe(true);
		});

		it('stops after the first request that gets no answer: one probe, not one per event', async () => {
			const server = await start({version: '2.10'});
			const transport = transportFor(server, {endpoint: 'send'});
			server.setHandler(() => ({type: 'reset'}));
			const results = await transport.send(events(10), signal());
			expect(results.every((result) => result.status === 'retry' && result.kind === 'network')).toBe(true);
			expect(server.requests).toHaveLength(1);
		});
	});
});
