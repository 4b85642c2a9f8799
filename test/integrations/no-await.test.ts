/**
 * "Nothing in the middleware awaits the network": with an Umami that accepts the connection and never
 * answers, a tracked app still answers every request in full, while the client's own `flush()` is still
 * waiting on that Umami. Asserted on order and state, not on timings. Express stands for the Node adapters,
 * Hono on `@hono/node-server` for the web-standard ones.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {hono, nodeFrameworks, send, trackedAnalytics} from '../helpers/tracked-apps.js';

const REQUESTS = 20;

describe.each([
	['express 5', nodeFrameworks['express 5']!],
	['hono', hono],
])('%s', (_name, framework) => {
	let umami: FaultServer;

	beforeAll(async () => {
		umami = await startFaultServer();
	});
	afterAll(async () => {
		await umami.close();
	});

	it(`answers ${REQUESTS} requests in full while Umami hangs and flush() is pending`, async () => {
		umami.setHandler(() => ({type: 'hang'}));
		const analytics = trackedAnalytics(umami, {timeoutMs: 60_000});
		const app = await framework(analytics);
		try {
			// One tracked request, then a flush that waits on the hanging Umami.
			expect((await send(app.base, '/page/0')).body).toBe('ok');
			await vi.waitFor(() => expect(analytics.stats().tracked).toBe(1), {interval: 5});
			let flushed = false;
			const flushing = analytics.flush().then(() => (flushed = true));
			await vi.waitFor(() => expect(umami.requests).toHaveLength(1), {interval: 5});

			const answers = await Promise.all(
				Array.from({length: REQUESTS}, (_unused, n) => send(app.base, `/page/${n + 1}`)),
			);
			expect(answers).toEqual(Array.from({length: REQUESTS}, () => ({status: 200, body: 'ok'})));
			// Every answer is in, and Umami still has not answered anything: the flush is still waiting.
			expect(flushed).toBe(false);
			expect(umami.stored).toHaveLength(0);
			expect(analytics.stats().sent).toBe(0);
			expect(analytics.stats().inFlight).toBeGreaterThan(0);
			// The requests were tracked all the same, queued behind the hanging send.
			await vi.waitFor(() => expect(analytics.stats().tracked).toBe(REQUESTS + 1), {interval: 5});

			// Umami comes back (the hanging connection is cut): everything is delivered, and flush() resolves.
			umami.setHandler(undefined);
			await umami.down();
			await umami.up();
			await flushing;
			await analytics.flush();
			expect(umami.stored).toHaveLength(REQUESTS + 1);
		} finally {
			await app.close();
			await analytics.shutdown(1000);
		}
	});
});
