/**
 * umami-guard without a framework: a `node:http` server that tracks page views, custom events and
 * `identify` by hand, with a typed event catalogue, then `flush()`, `stats()` and `shutdown()`.
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/plain-node/server.ts
 *   npx tsx examples/plain-node/server.ts --self-test
 */
import {createServer, type IncomingMessage} from 'node:http';
import type {AddressInfo} from 'node:net';
import {getAnalytics, identify, trackEvent, trackPageView, type PageViewOptions} from 'umami-guard';
import {port, runSelfTest, selfTest} from '../self-test.js';

/** The events this app tracks: names and properties are type-checked. */
type MyEvents = {
	signup: {plan: 'free' | 'pro'; email?: string};
	export: {format: 'csv' | 'json'; rows: number};
	logout: undefined;
};

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL); without a website id it warns once and
// does nothing. The first instance is also the default one of the module-level functions.
const analytics = getAnalytics<MyEvents>('app');

export function typoCheck(): void {
	// @ts-expect-error -- 'sigup' is not an event of MyEvents
	analytics.trackEvent('sigup', {plan: 'pro'});
	// @ts-expect-error -- 'team' is not a plan
	analytics.trackEvent('signup', {plan: 'team'});
}

/** What a page view carries from the request (no IP: Umami attributes it to the server). */
function context(req: IncomingMessage): PageViewOptions {
	return {
		hostname: req.headers.host?.split(':')[0] ?? 'localhost',
		language: req.headers['accept-language']?.split(',')[0] ?? 'en',
		userAgent: req.headers['user-agent'] ?? '',
		...(req.headers.referer ? {referrer: req.headers.referer} : {}),
	};
}

async function body(req: IncomingMessage): Promise<Record<string, string>> {
	let text = '';
	for await (const chunk of req) text += String(chunk);
	return text ? (JSON.parse(text) as Record<string, string>) : {};
}

const server = createServer((req, res) => {
	void (async () => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const ctx = context(req);
		if (url.pathname === '/signup' && req.method === 'POST') {
			const {email} = await body(req);
			// Typed: `plan` must be 'free' | 'pro'. The email is sanitized → [REDACTED_EMAIL].
			analytics.trackEvent('signup', {plan: 'pro', ...(email ? {email} : {})}, ctx);
			// Session data for this visitor; the id is kept (no PII), the email is redacted.
			identify('user-4711', {plan: 'pro', email}, ctx);
			res.writeHead(201).end('welcome');
			return;
		}
		if (url.pathname === '/export') {
			trackEvent('export', {format: 'csv', rows: 120}, ctx); // module-level: the default instance
			res.end('a,b\n');
			return;
		}
		// The path is sanitized: /reset/jane@example.com?token=abc → /reset/[REDACTED_EMAIL]?token=[REDACTED]
		trackPageView(url.pathname + url.search, ctx);
		res.end('hello');
	})();
});

server.listen(port, '127.0.0.1', () => {
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	console.log(`plain-node example listening on ${url}`);
	if (selfTest) {
		void runSelfTest('plain-node', url, analytics, () => new Promise((done) => server.close(done)), [
			{path: '/reset/jane@example.com?token=s3cr3t'},
			{path: '/signup', method: 'POST', body: {email: 'jane@example.com'}, events: 2},
			{path: '/export'},
		]);
	}
});

// On exit: deliver what is queued (within 5 s), then stop.
// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void analytics.shutdown().then((result) => {
		console.log(`shutdown: ${JSON.stringify(result)}`);
		process.exit(0);
	});
});
