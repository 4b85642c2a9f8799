/**
 * Hono on Node (@hono/node-server) with umami-guard: route templates from Hono's router.
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/hono/server.ts
 *   npx tsx examples/hono/server.ts --self-test
 */
import type {AddressInfo} from 'node:net';
import {serve} from '@hono/node-server';
import {Hono} from 'hono';
import {getAnalytics} from 'umami-guard';
import {umamiHono} from 'umami-guard/hono';
import {port, runSelfTest, selfTest} from '../self-test.js';

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL); without a website id it warns once and
// does nothing.
const analytics = getAnalytics('hono-example');

const app = new Hono();
app.use(umamiHono(analytics));

app.get('/users/:id', (c) => c.json({id: c.req.param('id')})); // stored as /users/:id

app.post('/signup', async (c) => {
	const {email, plan} = await c.req.json<{email: string; plan: string}>();
	analytics.trackEvent('signup', {plan, email}); // email → [REDACTED_EMAIL]
	return c.json({ok: true}, 201);
});

app.get('/health', (c) => c.text('ok')); // health checks are ignored

const server = serve({fetch: app.fetch, port, hostname: '127.0.0.1'}, (info: AddressInfo) => {
	const url = `http://127.0.0.1:${info.port}`;
	console.log(`hono example listening on ${url}`);
	if (selfTest) void runSelfTest('hono', url, analytics, () => new Promise((done) => server.close(done)));
});

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void analytics.shutdown().then(() => process.exit(0));
});
