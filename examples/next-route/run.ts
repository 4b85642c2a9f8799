/**
 * Serves `app/api/users/[id]/route.ts` on @hono/node-server the way Next.js calls a route handler:
 * `GET(request, {params: Promise<{id}>})`. A real `next build` is not needed to see what Umami receives.
 * Outside Next.js, `after` has no request scope (it throws; the wrapper ignores that), so events are
 * batched and flushed by the instance's timer — or by `--self-test`.
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/next-route/run.ts
 *   npx tsx examples/next-route/run.ts --self-test
 */
import type {AddressInfo} from 'node:net';
import {serve} from '@hono/node-server';
import {port, runSelfTest, selfTest} from '../self-test.js';
import {analytics, GET, PATCH} from './app/api/users/[id]/route.js';

const handlers: Record<string, typeof GET | typeof PATCH> = {GET, PATCH};

async function dispatch(request: Request): Promise<Response> {
	const match = /^\/api\/users\/([^/]+)$/.exec(new URL(request.url).pathname);
	const handler = handlers[request.method];
	if (!match || !handler) return new Response('Not Found', {status: 404});
	return handler(request, {params: Promise.resolve({id: decodeURIComponent(match[1]!)})});
}

const server = serve({fetch: dispatch, port, hostname: '127.0.0.1'}, (info: AddressInfo) => {
	const url = `http://127.0.0.1:${info.port}`;
	console.log(`next-route example listening on ${url}`);
	if (selfTest) {
		void runSelfTest('next-route', url, analytics, () => new Promise((done) => server.close(done)), [
			{path: '/api/users/8812734?utm_source=example&token=s3cr3t'},
			// The `users.update` event plus `profile_updated`.
			{path: '/api/users/8812734', method: 'PATCH', body: {email: 'jane@example.com'}, events: 2},
		]);
	}
});

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void analytics.shutdown().then(() => process.exit(0));
});
