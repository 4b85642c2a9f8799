/**
 * A payment provider's webhook on Express 5: the HMAC-SHA256 signature of the raw body is verified with
 * `node:crypto` (constant-time compare), the sale is recorded with `trackRevenue`, and the route answers at
 * once — `trackRevenue` only queues the event in memory; delivery to Umami happens in the background.
 * The provider's event id is the idempotency key, so a webhook the provider delivers again counts once.
 *
 *   WEBHOOK_SECRET=… UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/webhook-express/server.ts
 *
 * The provider's body and signature header: see ../webhook-payment.ts.
 */
import {createHmac, timingSafeEqual} from 'node:crypto';
import type {AddressInfo} from 'node:net';
import express from 'express';
import {getAnalytics} from 'umami-guard';
import {recordPayment, webhookSecret} from '../webhook-payment.js';

const secret = webhookSecret();

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL).
const analytics = getAnalytics('webhook-express-example');

/** True when `header` is `sha256=<hex>` of `body` under the secret; compared in constant time. */
function verified(body: Buffer, header: string | undefined): boolean {
	if (header?.startsWith('sha256=') !== true) return false;
	const given = Buffer.from(header.slice('sha256='.length), 'hex');
	const expected = createHmac('sha256', secret).update(body).digest();
	return given.length === expected.length && timingSafeEqual(given, expected);
}

const app = express();

// The raw body, not parsed JSON: the signature covers the exact bytes the provider sent.
app.post('/webhooks/payments', express.raw({type: 'application/json', limit: '64kb'}), (req, res) => {
	const body = req.body as Buffer;
	if (!Buffer.isBuffer(body) || !verified(body, req.get('x-signature'))) {
		res.sendStatus(401);
		return;
	}
	res.sendStatus(recordPayment(analytics, body.toString('utf8')) ? 200 : 400);
});

const server = app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
	console.log(
		`webhook-express example listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`,
	);
});

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	server.close();
	void analytics.shutdown().then((result) => {
		console.log(JSON.stringify({example: 'webhook-express', shutdown: result, stats: analytics.stats()}));
		process.exit(0);
	});
});
