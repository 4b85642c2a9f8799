/**
 * The demo's scripted burst of traffic: what real users send a real service, personal data included.
 * Every personal value is listed in {@link PII_VALUES} so the demo's test can prove none of it is printed.
 */

/** One scripted request. */
export interface Step {
	/** What the step shows, printed as is (so it names no personal value). */
	readonly label: string;
	readonly method: 'GET' | 'POST';
	readonly path: string;
	readonly body?: Record<string, unknown>;
	readonly headers?: Record<string, string>;
}

const EMAIL = 'jane.doe@example.com';
const SIGNUP_EMAIL = 'maria.garcia@example.org';
const SIGNUP_PHONE = '+44 20 7946 0958';
const SEARCH_PHONE = '+1 415 555 0132';
const CARD = '4111 1111 1111 1111';
const RESET_TOKEN = 'f3a9c2e8b7d14a6f9e0c5b2a8d7e6f1c';
const JWT =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const ORDER_ID = '3f2b8c1e-9d4a-4e6b-8f7c-2a1b0c9d8e7f';
const IBAN = 'DE89 3704 0044 0532 0130 00';
const API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

/** Every personal value the traffic carries (and a few of their recognisable parts). */
export const PII_VALUES: readonly string[] = [
	EMAIL,
	'jane.doe',
	SIGNUP_EMAIL,
	'maria.garcia',
	SIGNUP_PHONE,
	'7946 0958',
	SEARCH_PHONE,
	'555 0132',
	CARD,
	'4111111111111111',
	RESET_TOKEN,
	JWT,
	JWT.split('.')[1]!,
	ORDER_ID,
	IBAN,
	'DE89',
	API_KEY,
];

/** The burst, in order. */
export const TRAFFIC: readonly Step[] = [
	{label: 'home page', method: 'GET', path: '/'},
	{label: 'profile page, email in the path', method: 'GET', path: `/users/${EMAIL}/profile`},
	{
		label: 'password reset link, token and email in the query',
		method: 'GET',
		path: `/reset-password?token=${RESET_TOKEN}&email=${encodeURIComponent(EMAIL)}&utm_source=email`,
	},
	{
		label: 'signup form: email and phone in the event properties',
		method: 'POST',
		path: '/signup',
		body: {email: SIGNUP_EMAIL, phone: SIGNUP_PHONE, plan: 'pro'},
	},
	{
		label: 'search for a phone number',
		method: 'GET',
		path: `/search?q=${encodeURIComponent(`call me at ${SEARCH_PHONE}`)}`,
	},
	{
		label: 'checkout: card number in the properties',
		method: 'POST',
		path: '/checkout',
		body: {card: CARD, amount: 49.9, currency: 'EUR'},
	},
	{
		label: 'API call: JWT and API key headers passed as properties',
		method: 'GET',
		path: '/api/orders',
		headers: {authorization: `Bearer ${JWT}`, 'x-api-key': API_KEY},
	},
	{label: 'order page, UUID in the path', method: 'GET', path: `/orders/${ORDER_ID}`},
	{
		label: 'support ticket: IBAN in free text',
		method: 'POST',
		path: '/support',
		body: {topic: 'refund', message: `Please refund to ${IBAN}, thanks`},
	},
	{label: 'health check, ignored by default', method: 'GET', path: '/health'},
	{
		label: 'campaign landing page, utm_* kept',
		method: 'GET',
		path: '/pricing?utm_source=newsletter&utm_campaign=spring',
	},
	{label: 'unknown page, email in the path', method: 'GET', path: `/old/${EMAIL}`},
];
