/**
 * A payment provider's webhook on Hono: the HMAC-SHA256 signature of the raw body is verified with Web Crypto
 * (`crypto.subtle.verify`, constant-time; the same code runs on Workers, Deno and Bun), the sale is recorded
 * with `trackRevenue`, and the route answers at once — `trackRevenue` only queues the event in memory;
 * delivery to Umami happens in the background. The provider's event id is the idempotency key, so a webhook
 * the provider delivers again counts once.
 *
 *   WEBHOOK_SECRET=… UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/webhook-hono/server.ts
 *
 * The provider's body and signature header: see ../webhook-payment.ts.
 */
import type {AddressInfo} from 'node:net';
import {serve} from '@hono/node-server';
import {Hono} from 'hono';
import {getAnalytics} from 'umami-guard';
import {recordPayment, webhookSecret} from '../webhook-payment.js';

const secret = webhookSecret();

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL).
const analytics = getAnalytics('webhook-hono-example');

// Imported once: verifying a request then costs one HMAC.
const key = await crypto.subtle.importKey(
	'raw',
	new TextEncoder().encode(secret),
	{name: 'HMAC', hash: 'SHA-256'},
	false,
	['verify'],
);

/** `sha256=<hex>` as bytes, or undefined when it is not that shape. */
function signatureBytes(header: string | undefined): Uint8Array<ArrayBuffer> | undefined {
	const hex = header?.startsWith('sha256=') === true ? header.slice('sha256='.length) : '';
	if (hex.length !== 64 || !/^[\da-f]+$/i.test(hex)) return undefined;
	return Uint8Array.from({length: 32}, (_, index) =>
		Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16),
	);
}

const app = new Hono();

app.post('/webhooks/payments', async (c) => {
	// The raw body, not parsed JSON: the signature covers the exact bytes the provider sent.
	const body = await c.req.arrayBuffer();
	const signature = signatureBytes(c.req.header('x-signature'));
	if (signature === undefined || !(await crypto.subtle.verify('HMAC', key, signature, body))) {
		return c.body(null, 401);
	}
	return c.body(null, recordPayment(analytics, new TextDecoder().decode(body)) ? 200 : 400);
});

const server = serve(
	{fetch: app.fetch, port: Number(process.env['PORT'] ?? 0), hostname: '127.0.0.1'},
	(info: AddressInfo) => {
		console.log(`webhook-hono example listening on http://127.0.0.1:${info.port}`);
	},
);

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	server.close();
	void analytics.shutdown().then((result) => {
		console.log(JSON.stringify({example: 'webhook-hono', shutdown: result, stats: analytics.stats()}));
		process.exit(0);
	});
});
