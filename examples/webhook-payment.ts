/**
 * Shared by the webhook examples: the body of this example's payment provider and how it becomes the amount
 * `trackRevenue` takes. Adapt both to your provider's webhook (Stripe, Paddle, Mollie, … each have their own).
 *
 *   {"id": "evt_123", "type": "payment.succeeded", "amount": 1999, "currency": "eur", "plan": "pro"}
 *
 * signed as the header `x-signature: sha256=<hex HMAC-SHA256 of the raw body>` with `WEBHOOK_SECRET`.
 */
import type {Revenue, UmamiAnalytics} from 'umami-guard';

/** The provider's webhook body (only what the examples read). */
export interface PaymentEvent {
	/** The provider's event id: the same on every delivery of this webhook. */
	id: string;
	type: string;
	/** In the currency's minor unit (cents), as most providers send it. */
	amount: number;
	currency: string;
	plan?: string;
}

/** The signing secret, from `WEBHOOK_SECRET`. */
export function webhookSecret(): string {
	const secret = process.env['WEBHOOK_SECRET'] ?? '';
	if (secret === '') throw new Error('set WEBHOOK_SECRET to the signing secret of your payment provider');
	return secret;
}

/** Minor units to the amount `trackRevenue` takes (1999 EUR cents → 19.99; JPY has no minor unit). */
export function toRevenue(event: PaymentEvent): Revenue {
	let digits = 2;
	try {
		digits = new Intl.NumberFormat('en', {style: 'currency', currency: event.currency}).resolvedOptions()
			.maximumFractionDigits!;
	} catch {
		// Not a currency code: trackRevenue drops the event as invalid and says why.
	}
	return {amount: event.amount / 10 ** digits, currency: event.currency};
}

/**
 * Records the sale of a verified webhook body; false when the body is not JSON (answer 400). Synchronous and
 * cheap: `trackRevenue` only queues the event, so the route can answer at once. The provider's event id is
 * the idempotency key: a webhook delivered again is dropped as `duplicate`, and still answered 200 so that
 * the provider stops retrying it.
 */
export function recordPayment(analytics: UmamiAnalytics, body: string): boolean {
	let event: PaymentEvent;
	try {
		event = JSON.parse(body) as PaymentEvent;
	} catch {
		return false;
	}
	if (event.type === 'payment.succeeded') {
		analytics.trackRevenue(
			'purchase',
			toRevenue(event),
			{plan: event.plan ?? 'none'},
			{idempotencyKey: event.id},
		);
	}
	return true;
}
