/**
 * Shared by every example: `--self-test` sends a few requests to the example's own server (with a browser
 * User-Agent, since Umami ignores bots), flushes, prints one JSON line with `stats()` and exits 0.
 * Not part of umami-guard: it only drives the examples (and `test/examples/examples.test.ts`).
 */
import type {UmamiAnalytics} from 'umami-guard';

export const BROWSER_UA =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** One request of the self-test, relative to the server's URL. */
export interface SelfTestRequest {
	readonly path: string;
	readonly method?: string;
	readonly body?: unknown;
	/** How many events the request should produce (0 for an ignored path). @default 1 */
	readonly events?: number;
}

/**
 * The traffic of the server examples: a route with an id and a token in the query, a signup that tracks a
 * custom event with an email in its properties, a 404 with an email in its path, an ignored health check.
 */
export const TRAFFIC: readonly SelfTestRequest[] = [
	{path: '/users/8812734?utm_source=example&token=s3cr3t'},
	// The route's page view plus the `signup` event its handler tracks.
	{path: '/signup', method: 'POST', body: {email: 'jane@example.com', plan: 'pro'}, events: 2},
	{path: '/people/jane@example.com'},
	{path: '/health', events: 0},
];

/** Whether the example was started with `--self-test`. */
export const selfTest = process.argv.includes('--self-test');

/** The port to listen on: `PORT`, else 0 (any free port). */
export const port = Number(process.env['PORT'] ?? 0);

/**
 * Sends `traffic` to `url`, waits until the integration has recorded it, flushes, prints one JSON line
 * (`{example, url, responses, flush, stats}`), shuts `analytics` down, calls `close` and exits 0.
 */
export async function runSelfTest(
	example: string,
	url: string,
	analytics: UmamiAnalytics,
	close: () => Promise<unknown>,
	traffic: readonly SelfTestRequest[] = TRAFFIC,
): Promise<never> {
	const responses: number[] = [];
	for (const request of traffic) {
		const response = await fetch(new URL(request.path, url), {
			method: request.method ?? 'GET',
			headers: {
				'user-agent': BROWSER_UA,
				'accept-language': 'en-GB,en;q=0.9',
				...(request.body === undefined ? {} : {'content-type': 'application/json'}),
			},
			...(request.body === undefined ? {} : {body: JSON.stringify(request.body)}),
		});
		await response.arrayBuffer();
		responses.push(response.status);
	}
	// Integrations record a request once its response has finished: give the last one a moment.
	const expected = traffic.reduce((sum, request) => sum + (request.events ?? 1), 0);
	const deadline = Date.now() + 3000;
	while (analytics.enabled && analytics.stats().tracked < expected && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	let flush = await analytics.flush();
	// Events of a flush started elsewhere (`waitUntil`, the timer) may still be in flight.
	while (analytics.stats().queued > 0 && Date.now() < deadline + 5000) flush = await analytics.flush();
	console.log(JSON.stringify({example, url, responses, flush, stats: analytics.stats()}));
	await analytics.shutdown();
	await close();
	process.exit(0);
}
