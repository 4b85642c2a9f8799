/**
 * `withUmamiRoute`: the wrapped App Router route handler is called directly with a `Request` / `NextRequest`
 * the way Next.js calls it: the handler contract and the `after` / `waitUntil` hand-off, case by case; sending
 * is real (fault server over HTTP). A real `next build` + `next start` of a fixture app is in next-app.test.ts.
 */
import {NextRequest} from 'next/server.js';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {skipTracking, withUmamiRoute} from '../../src/integrations/next.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {serveFetch} from '../helpers/tracked-apps.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE = '0b6a5d3e-8a1f-4c57-9e2d-3f4a5b6c7d8e';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const headers = {'user-agent': BROWSER_UA, 'x-forwarded-for': '203.0.113.5'};

let umami: FaultServer;
let analytics: UmamiAnalytics;
let counter = 0;

beforeAll(async () => {
	umami = await startFaultServer();
});
afterAll(async () => {
	await umami.close();
});
afterEach(async () => {
	await analytics.shutdown(1000);
});

function newAnalytics(): UmamiAnalytics {
	analytics = new UmamiAnalytics(
		resolveConfig(`next-test-${++counter}`, {
			websiteId: WEBSITE,
			apiUrl: umami.url,
			configFile: false,
			env: {},
			flushIntervalMs: 60_000,
		}),
	);
	umami.reset();
	return analytics;
}

type Params = {params: Promise<{id: string}>};

async function getUser(_request: NextRequest, {params}: Params): Promise<Response> {
	const {id} = await params;
	if (id === 'crash') throw new RangeError('bad id');
	return Response.json({id});
}

/** A fake `after`: collects tasks and runs them when the test says the response is done. */
function fakeAfter() {
	const tasks: (() => Promise<unknown>)[] = [];
	const after = vi.fn((task: () => Promise<unknown>) => void tasks.push(task));
	return {after, run: () => Promise.all(tasks.map((task) => task()))};
}

describe('withUmamiRoute', () => {
	it('stores the route template given as `route`, never the raw id, and flushes through after()', async () => {
		newAnalytics();
		const {after, run} = fakeAfter();
		const GET = withUmamiRoute(getUser, {analytics, route: '/api/users/[id]', after});
		const request = new NextRequest('https://shop.example.com/api/users/77123?utm_medium=mail&email=a@b.co', {
			headers,
		});
		const response = await GET(request, {params: Promise.resolve({id: '77123'})});
		expect(await response.json()).toEqual({id: '77123'});
		expect(after).toHaveBeenCalledOnce();
		expect(umami.stored).toHaveLength(0);
		const [result] = await run();
		expect(result).toMatchObject({sent: 1});
		expect(umami.stored).toHaveLength(1);
		const event = umami.stored[0]!.event.payload!;
		expect(event).toMatchObject({
			url: '/api/users/[id]?utm_medium=mail',
			hostname: 'shop.example.com',
			data: {method: 'GET', status: 200, route: '/api/users/[id]'},
		});
		expect(event['ip']).toBeUndefined();
		expect(JSON.stringify(event)).not.toMatch(/77123|a@b\.co/);
	});

	it('records a thrown error (500, error flag), re-throws it untouched and still schedules the flush', async () => {
		newAnalytics();
		const {after, run} = fakeAfter();
		const GET = withUmamiRoute(getUser, {analytics, route: '/api/users/[id]', after});
		const error = await GET(new NextRequest('https://shop.example.com/api/users/crash', {headers}), {
			params: Promise.resolve({id: 'crash'}),
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(RangeError);
		await run();
		expect(umami.stored[0]!.event.payload).toMatchObject({data: {status: 500, error: true}});
	});

	it('measures a streamed response (e.g. an AI answer) to its end; `after` runs once it is sent', async () => {
		newAnalytics();
		const {after, run} = fakeAfter();
		const POST = withUmamiRoute(
			() =>
				new Response(
					new ReadableStream<Uint8Array>({
						async start(controller) {
							for (const word of ['one ', 'two ', 'three']) {
								await sleep(80);
								controller.enqueue(new TextEncoder().encode(word));
							}
							controller.close();
						},
					}),
					{headers: {'content-type': 'text/plain'}},
				),
			{analytics, routeName: 'chat_answer', after},
		);
		const response = await POST(new Request('https://shop.example.com/api/chat', {method: 'POST', headers}));
		expect(await response.text()).toBe('one two three');
		await run();
		const event = umami.stored[0]!.event.payload!;
		expect(event).toMatchObject({name: 'chat_answer', data: {method: 'POST', route_name: 'chat_answer'}});
		expect((event['data'] as {duration_ms: number}).duration_ms).toBeGreaterThanOrEqual(200);
	});

	it('records in after() at the latest when Next never read the body', async () => {
		newAnalytics();
		const {after, run} = fakeAfter();
		const GET = withUmamiRoute(() => new Response('unread'), {analytics, route: '/r', after});
		await GET(new Request('https://shop.example.com/r', {headers}));
		await run();
		expect(umami.stored).toHaveLength(1);
	});

	it('hands a waitUntil the promise of record + flush when no after is given', async () => {
		newAnalytics();
		const pending: Promise<unknown>[] = [];
		const waitUntil = vi.fn((promise: Promise<unknown>) => void pending.push(promise));
		const GET = withUmamiRoute(() => new Response('ok'), {analytics, route: '/w', waitUntil});
		const response = await GET(new Request('https://shop.example.com/w', {headers}));
		expect(waitUntil).toHaveBeenCalledOnce();
		await response.text();
		await Promise.all(pending);
		expect(umami.stored).toHaveLength(1);
	});

	it('an after() that throws (outside a request scope) leaves the request alone; the timer flushes', async () => {
		newAnalytics();
		const after = () => {
			throw new Error('`after` was called outside a request scope');
		};
		const GET = withUmamiRoute(() => new Response('ok'), {analytics, after});
		expect(await (await GET(new Request('https://shop.example.com/x', {headers}))).text()).toBe('ok');
		expect(analytics.stats().queued).toBe(1);
	});

	it('honours skipTracking and the ignore lists', async () => {
		newAnalytics();
		const GET = withUmamiRoute(
			(request: Request) => {
				skipTracking(request);
				return new Response('ok');
			},
			{analytics},
		);
		await (await GET(new Request('https://shop.example.com/a', {headers}))).text();
		const health = withUmamiRoute(() => new Response('ok'), {analytics});
		await (await health(new Request('https://shop.example.com/healthz', {headers}))).text();
		expect(analytics.stats().tracked).toBe(0);
	});
});

describe('withUmamiRoute served over real HTTP (@hono/node-server, as examples/next-route/run.ts serves it)', () => {
	it('records a streamed answer the client aborts midway as aborted', async () => {
		newAnalytics();
		let chunks = 0;
		const GET = withUmamiRoute(
			async (_request: Request, {params}: Params) => {
				const {id} = await params;
				return new Response(
					new ReadableStream<Uint8Array>({
						async pull(controller) {
							await sleep(20);
							controller.enqueue(new TextEncoder().encode(`${id}: token ${chunks++}\n`));
						},
					}),
					{headers: {'content-type': 'text/plain'}},
				);
			},
			{analytics, route: '/api/chat/[id]'},
		);
		const app = await serveFetch((request) =>
			GET(request, {params: Promise.resolve({id: new URL(request.url).pathname.slice('/api/chat/'.length)})}),
		);
		try {
			const controller = new AbortController();
			const response = await fetch(`${app.base}/api/chat/31337`, {headers, signal: controller.signal});
			await response.body!.getReader().read();
			controller.abort();
			await vi.waitFor(() => expect(analytics.stats().tracked).toBe(1), {timeout: 5000, interval: 10});
			await analytics.flush();
			expect(umami.stored).toHaveLength(1);
			const event = umami.stored[0]!.event.payload!;
			expect(event).toMatchObject({
				url: '/api/chat/[id]',
				data: {method: 'GET', status: 200, route: '/api/chat/[id]', aborted: true},
			});
			expect(JSON.stringify(event)).not.toContain('31337');
		} finally {
			await app.close();
		}
	});
});
