/**
 * Runs the Workers-style module `worker.ts` on Node with @hono/node-server's `serve({fetch})`, passing
 * `process.env` as the bindings and an execution context whose `waitUntil` keeps each flush's promise.
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/fetch-worker/run.ts
 *   npx tsx examples/fetch-worker/run.ts --self-test
 */
import type {AddressInfo} from 'node:net';
import {serve} from '@hono/node-server';
import {getAnalytics} from 'umami-guard';
import {port, runSelfTest, selfTest} from '../self-test.js';
import worker, {type ExecutionContext} from './worker.js';

const pending = new Set<Promise<unknown>>();
const ctx: ExecutionContext = {
	waitUntil(promise) {
		pending.add(promise);
		void promise.finally(() => pending.delete(promise));
	},
};

const server = serve(
	{fetch: (request: Request) => worker.fetch(request, process.env, ctx), port, hostname: '127.0.0.1'},
	(info: AddressInfo) => {
		const url = `http://127.0.0.1:${info.port}`;
		console.log(`fetch-worker example listening on ${url}`);
		if (!selfTest) return;
		// The instance the worker creates from its bindings on the first request (same name, same instance).
		const analytics = getAnalytics('worker-example', {env: process.env});
		void runSelfTest('fetch-worker', url, analytics, () => new Promise((done) => server.close(done)), [
			{path: '/users/8812734?utm_source=example&token=s3cr3t'},
			{path: '/users/3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b'},
			{path: '/people/jane@example.com'},
			{path: '/health', events: 0},
		]);
	},
);

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void Promise.all(pending).then(() => process.exit(0));
});
