/**
 * Koa 3 + @koa/router with umami-guard: the middleware goes first, so it sees every request and error.
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/koa/server.ts
 *   npx tsx examples/koa/server.ts --self-test
 */
import type {AddressInfo} from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import {getAnalytics} from 'umami-guard';
import {umamiKoa} from 'umami-guard/koa';
import {port, runSelfTest, selfTest} from '../self-test.js';

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL); without a website id it warns once and
// does nothing.
const analytics = getAnalytics('koa-example');

async function readJson(ctx: Koa.Context): Promise<Record<string, string>> {
	let text = '';
	for await (const chunk of ctx.req) text += String(chunk);
	return JSON.parse(text) as Record<string, string>;
}

const router = new Router();
router.get('/users/:id', (ctx) => {
	ctx.body = {id: ctx.params['id']}; // stored as /users/:id
});
router.post('/signup', async (ctx) => {
	const {email, plan} = await readJson(ctx);
	analytics.trackEvent('signup', {plan, email}); // email → [REDACTED_EMAIL]
	ctx.status = 201;
	ctx.body = {ok: true};
});
router.get('/health', (ctx) => {
	ctx.body = 'ok'; // health checks are ignored
});

const app = new Koa();
app.use(umamiKoa(analytics));
app.use(router.routes());

const server = app.listen(port, '127.0.0.1', () => {
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	console.log(`koa example listening on ${url}`);
	if (selfTest) void runSelfTest('koa', url, analytics, () => new Promise((done) => server.close(done)));
});

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void analytics.shutdown().then(() => process.exit(0));
});
