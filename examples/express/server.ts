/**
 * Express 5 with umami-guard: every request becomes a sanitized page view of its route template.
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/express/server.ts
 *   npx tsx examples/express/server.ts --self-test
 */
import type {AddressInfo} from 'node:net';
import express from 'express';
import {getAnalytics} from 'umami-guard';
import {initExpress} from 'umami-guard/express';
import {port, runSelfTest, selfTest} from '../self-test.js';

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL); without a website id it warns once and
// does nothing.
const analytics = getAnalytics('express-example');

const app = express();
app.use(express.json());
initExpress(app, analytics); // before the routes: it sees every request, 404s included

app.get('/users/:id', (req, res) => {
	res.json({id: req.params.id}); // stored as /users/:id, never the id
});

app.post('/signup', (req, res) => {
	const {email, plan} = req.body as {email: string; plan: string};
	analytics.trackEvent('signup', {plan, email}); // email → [REDACTED_EMAIL]
	res.status(201).json({ok: true});
});

app.get('/health', (_req, res) => {
	res.send('ok'); // health checks are ignored
});

const server = app.listen(port, '127.0.0.1', () => {
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	console.log(`express example listening on ${url}`);
	if (selfTest) void runSelfTest('express', url, analytics, () => new Promise((done) => server.close(done)));
});

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void analytics.shutdown().then(() => process.exit(0));
});
