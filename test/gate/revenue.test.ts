/**
 * `trackRevenue` and revenue carried by `trackEvent`, through the whole pipeline of a real instance (the
 * in-memory Umami of `umami-guard/testing`): what reaches Umami, what is refused and why, that an amount is
 * never taken for a phone, card or hex number, and idempotency keys.
 */
import {describe, expect, it, vi} from 'vitest';
import {parseAmount, parseCurrency} from '../../src/gate/revenue.js';
import {digestKey, IdempotencyRecord} from '../../src/client/idempotency.js';
import {getAnalytics, shutdownAll, trackRevenue} from '../../src/index.js';
import {createTestAnalytics, type TestAnalyticsOptions} from '../../src/testing/index.js';

function setup(options: TestAnalyticsOptions = {}) {
	const debug: string[] = [];
	const test = createTestAnalytics({debug: true, logger: {debug: (line) => debug.push(line)}, ...options});
	return {...test, debug};
}

describe('trackRevenue', () => {
	it('sends an ordinary event with revenue as a number and currency upper-cased; other data scrubbed', async () => {
		const {analytics, flushed} = setup();
		analytics.trackRevenue(
			'purchase',
			{amount: 19.99, currency: 'eur'},
			{plan: 'pro', email: 'ada@example.com', phone: '+49 151 12345678'},
		);
		const [event] = await flushed();
		expect(event?.type).toBe('event');
		expect(event?.payload.name).toBe('purchase');
		expect(event?.payload.data).toEqual({
			plan: 'pro',
			email: '[REDACTED_EMAIL]',
			phone: expect.stringMatching(/^\[REDACTED_/),
			revenue: 19.99,
			currency: 'EUR',
		});
		expect(analytics.stats()).toMatchObject({sent: 1, droppedTotal: 0});
	});

	it('a string amount that is exactly a decimal becomes that number', async () => {
		const {analytics, flushed} = setup();
		analytics.trackRevenue('purchase', {amount: '19.99', currency: 'USD'});
		analytics.trackRevenue('purchase', {amount: '0019.9000', currency: 'USD'});
		const events = await flushed();
		expect(events.map((event) => event.payload.data)).toEqual([
			{revenue: 19.99, currency: 'USD'},
			{revenue: 19.9, currency: 'USD'},
		]);
	});

	it.each([
		1_234_567.89,
		5555.5555,
		100_000_000,
		0.0001,
		14_155_552_671, // the digits of a US phone number
		4_915_112_345_678, // the digits of a German mobile number
		4_222_222_222_222, // a Luhn-valid 13-digit Visa test number
		36_148_900_647_913, // a Luhn-valid 14-digit Diners test number
		999_999_999_999_999.9,
	])('amount %d passes the sanitizer, the limits and the gate untouched', async (amount) => {
		const redactions: string[] = [];
		const {analytics, flushed, drops} = setup({onRedact: (cls) => redactions.push(cls)});
		analytics.trackRevenue('purchase', {amount, currency: 'EUR'});
		analytics.trackRevenue('purchase', {amount: String(amount), currency: 'EUR'});
		// beforeSend hands the event back: the gate scans every entry instead of trusting the proven data.
		const hooked = createTestAnalytics({beforeSend: (event) => ({...event})});
		hooked.analytics.trackRevenue('purchase', {amount, currency: 'EUR'}, {order: 'abc'});
		const events = [...(await flushed()), ...(await hooked.flushed())];
		expect(drops).toEqual([]);
		expect(hooked.drops).toEqual([]);
		expect(redactions).toEqual([]);
		expect(events.map((event) => event.payload.data?.['revenue'])).toEqual([amount, amount, amount]);
	});

	it.each([
		[0, 'greater than 0'],
		[-5, 'greater than 0'],
		[Number.NaN, 'not a finite number'],
		[Number.POSITIVE_INFINITY, 'not a finite number'],
		[1e15, 'below 1e15'],
		[19.999_99, 'more than 4 decimals'],
		[1e-7, 'more than 4 decimals'],
		['19.99999', 'not a plain decimal'],
		['1e3', 'not a plain decimal'],
		[' 19.99', 'not a plain decimal'],
		['19,99', 'not a plain decimal'],
		['+5', 'not a plain decimal'],
		['-5', 'not a plain decimal'],
		['', 'not a plain decimal'],
		['0.0000', 'greater than 0'],
		['1234567890123456', 'not a plain decimal'],
		['123456789012345.6789', 'significant digits'],
		[true, 'a number or a decimal string'],
		[null, 'a number or a decimal string'],
		[undefined, 'amount is missing'],
	])('amount %j is refused: counted invalid, never thrown, explained (%s)', async (amount, why) => {
		const {analytics, flushed, drops, debug} = setup();
		expect(() =>
			analytics.trackRevenue('purchase', {amount: amount as number, currency: 'EUR'}),
		).not.toThrow();
		expect(await flushed()).toEqual([]);
		expect(drops).toEqual([{reason: 'invalid', event: 'purchase', detail: expect.stringContaining(why)}]);
		expect(analytics.stats().dropped.invalid).toBe(1);
		expect(debug.some((line) => line.includes('dropped (invalid)') && line.includes(why))).toBe(true);
	});

	it.each([
		['EURO', '3-letter'],
		['eu', '3-letter'],
		['XYZ', 'not an ISO 4217 code'],
		['E1R', '3-letter'],
		[978, '3-letter'],
		[undefined, 'needs a currency'],
		['', 'needs a currency'],
	])('currency %j is refused (%s)', async (currency, why) => {
		const {analytics, flushed, drops} = setup();
		analytics.trackRevenue('purchase', {amount: 5, currency: currency as string});
		expect(await flushed()).toEqual([]);
		expect(drops[0]).toMatchObject({reason: 'invalid', detail: expect.stringContaining(why)});
	});

	it('refuses a missing or non-object pair and an empty name', async () => {
		const {analytics, flushed, drops} = setup();
		analytics.trackRevenue('purchase', 19.99 as never);
		analytics.trackRevenue('purchase', null as never);
		analytics.trackRevenue('purchase', undefined as never, {revenue: 5, currency: 'EUR'});
		analytics.trackRevenue('', {amount: 1, currency: 'EUR'});
		expect(await flushed()).toEqual([]);
		expect(drops.map((drop) => drop.reason)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
		expect(drops[0]?.detail).toBe('trackRevenue needs {amount, currency} as its second argument');
	});

	it("the pair argument wins over the data's own revenue and currency keys", async () => {
		const {analytics, flushed} = setup();
		analytics.trackRevenue('purchase', {amount: 10, currency: 'GBP'}, {revenue: 'x', currency: 'nope', n: 1});
		const [event] = await flushed();
		expect(event?.payload.data).toEqual({n: 1, revenue: 10, currency: 'GBP'});
	});

	it('the same rules for a revenue key arriving through trackEvent', async () => {
		const {analytics, flushed, drops} = setup();
		analytics.trackEvent('checkout', {revenue: '4222222222222', currency: 'usd', email: 'a@b.co'});
		analytics.trackEvent('checkout', {revenue: 19.999_99, currency: 'USD'});
		analytics.trackEvent('checkout', {revenue: 5});
		analytics.trackEvent('checkout', {revenue: 5, currency: 'dollars'});
		analytics.trackEvent('plain', {currency: 'whatever', revenue: undefined});
		const events = await flushed();
		expect(events.map((event) => event.payload.data)).toEqual([
			{email: '[REDACTED_EMAIL]', revenue: 4_222_222_222_222, currency: 'USD'},
			{currency: 'whatever'},
		]);
		expect(drops.map((drop) => drop.detail)).toEqual([
			expect.stringContaining('more than 4 decimals'),
			expect.stringContaining('needs a currency'),
			expect.stringContaining('3-letter'),
		]);
	});

	it('a page view with revenue data is refused: Umami stores the event name with it (NOT NULL)', async () => {
		const {analytics, flushed, drops} = setup();
		analytics.trackPageView('/thanks', {data: {revenue: 5, currency: 'EUR'}});
		expect(await flushed()).toEqual([]);
		expect(drops[0]).toMatchObject({reason: 'invalid', detail: expect.stringContaining('named event')});
	});

	it('a beforeSend that breaks the pair drops the event; one that keeps it keeps the amount whole', async () => {
		const broken = setup({
			beforeSend: (event) => ({
				...event,
				payload: {...event.payload, data: {revenue: 12.345_67, currency: 'EUR'}},
			}),
		});
		broken.analytics.trackRevenue('purchase', {amount: 12, currency: 'EUR'});
		expect(await broken.flushed()).toEqual([]);
		expect(broken.drops[0]).toMatchObject({reason: 'invalid'});

		const mutated = setup({
			beforeSend(event) {
				event.payload.data!['currency'] = 'eur';
				return event;
			},
		});
		mutated.analytics.trackRevenue('purchase', {amount: 12, currency: 'EUR'});
		expect(await mutated.flushed()).toEqual([]);
		expect(mutated.drops[0]).toMatchObject({reason: 'invalid', detail: 'currency must be upper case'});

		const kept = setup({beforeSend: (event) => ({...event, payload: {...event.payload}})});
		kept.analytics.trackRevenue('purchase', {amount: 4_222_222_222_222, currency: 'EUR'}, {note: 'x'});
		const [event] = await kept.flushed();
		expect(event?.payload.data).toEqual({note: 'x', revenue: 4_222_222_222_222, currency: 'EUR'});
	});

	it('a shut-down instance sends nothing and counts the call as after_shutdown; a disabled one does nothing', async () => {
		const {analytics, flushed} = setup();
		await analytics.shutdown();
		analytics.trackRevenue('purchase', {amount: 1, currency: 'EUR'});
		expect(await flushed()).toEqual([]);
		expect(analytics.stats().tracked).toBe(1);
		expect(analytics.stats().dropped.after_shutdown).toBe(1);
		const disabled = createTestAnalytics({enabled: false});
		disabled.analytics.trackRevenue('purchase', {amount: 1, currency: 'EUR'});
		expect(disabled.analytics.stats().tracked).toBe(0);
	});
});

describe('module-level trackRevenue', () => {
	it('tracks on the default instance', async () => {
		const bodies: unknown[] = [];
		const analytics = getAnalytics('revenue-default', {
			configFile: false,
			env: {},
			websiteId: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01',
			apiUrl: 'http://umami.test',
			endpoint: 'send',
			logger: {},
			async fetch(_input, init) {
				bodies.push(JSON.parse(String(init?.body)));
				return new Response('token', {status: 200});
			},
		});
		trackRevenue('purchase', {amount: '5.5', currency: 'chf'}, {plan: 'pro'}, {idempotencyKey: 'evt_9'});
		trackRevenue('purchase', {amount: '5.5', currency: 'chf'}, {plan: 'pro'}, {idempotencyKey: 'evt_9'});
		await shutdownAll();
		expect(bodies).toMatchObject([
			{type: 'event', payload: {name: 'purchase', data: {plan: 'pro', revenue: 5.5, currency: 'CHF'}}},
		]);
		expect(analytics.stats().dropped.duplicate).toBe(1);
	});
});

describe('idempotency keys', () => {
	it('the same key twice: one event, the repeat dropped as duplicate; the key never sent', async () => {
		const {analytics, flushed, drops} = setup();
		const context = {idempotencyKey: 'evt_1NqS2x'};
		analytics.trackRevenue('purchase', {amount: 19.99, currency: 'EUR'}, {}, context);
		analytics.trackRevenue('purchase', {amount: 19.99, currency: 'EUR'}, {}, context);
		analytics.trackRevenue('purchase', {amount: 19.99, currency: 'EUR'}, {}, {idempotencyKey: 'evt_2'});
		analytics.trackEvent('refund', {}, context); // any tracking call honours the key
		const events = await flushed();
		expect(events).toHaveLength(2);
		expect(JSON.stringify(events)).not.toContain('evt_');
		expect(drops.map((drop) => drop.reason)).toEqual(['duplicate', 'duplicate']);
		expect(analytics.stats().dropped.duplicate).toBe(2);
	});

	it('an event refused for another reason does not record its key', async () => {
		const {analytics, flushed} = setup();
		analytics.trackRevenue('purchase', {amount: -1, currency: 'EUR'}, {}, {idempotencyKey: 'k'});
		analytics.trackRevenue('purchase', {amount: 1, currency: 'EUR'}, {}, {idempotencyKey: 'k'});
		expect(await flushed()).toHaveLength(1);
	});

	it('an unusable key drops the event as invalid', async () => {
		const {analytics, flushed, drops} = setup();
		analytics.trackRevenue('purchase', {amount: 1, currency: 'EUR'}, {}, {idempotencyKey: ''});
		analytics.trackRevenue('purchase', {amount: 1, currency: 'EUR'}, {}, {idempotencyKey: 42 as never});
		analytics.trackRevenue('purchase', {amount: 1, currency: 'EUR'}, {}, {idempotencyKey: 'k'.repeat(1001)});
		expect(await flushed()).toEqual([]);
		expect(drops.map((drop) => drop.reason)).toEqual(['invalid', 'invalid', 'invalid']);
	});

	it('the record is bounded by idempotencyKeys: the oldest key is forgotten', async () => {
		const {analytics, flushed} = setup({idempotencyKeys: 2});
		for (const key of ['a', 'b', 'c', 'a', 'c']) analytics.trackEvent('e', {}, {idempotencyKey: key});
		expect(await flushed()).toHaveLength(4); // a, b, c, then a again (forgotten when c came); c is a repeat
		const record = new IdempotencyRecord(3, ['1', '2', '3', '4']);
		expect(record.size).toBe(3);
		expect(record.has('1')).toBe(false);
	});

	it('digests are 16 hex characters, distinct for distinct keys', () => {
		expect(digestKey('evt_1')).toMatch(/^[\da-f]{16}$/);
		expect(digestKey('')).toBe('cbf29ce484222325');
		expect(digestKey('a')).toBe('af63dc4c8601ec8c'); // the FNV-1a 64 test vector
		const digests = new Set(Array.from({length: 10_000}, (_, index) => digestKey(`evt_${index}`)));
		expect(digests.size).toBe(10_000);
	});
});

describe('amount and currency parsing', () => {
	it('adversarial strings are refused (the pattern is anchored and linear)', () => {
		for (const text of [
			'1'.repeat(100_000),
			`${'1'.repeat(50_000)}.${'1'.repeat(50_000)}`,
			'1.'.repeat(50_000),
			`${'9'.repeat(15)}.${'9'.repeat(100_000)}`,
			`1.1${'\n'.repeat(10)}`,
			'١٢٣', // Arabic-Indic digits are not \d
		]) {
			expect(typeof parseAmount(text)).toBe('object');
		}
		expect(parseAmount('999999999999999.9')).toBe(999_999_999_999_999.9);
		expect(typeof parseCurrency('E'.repeat(100_000))).toBe('object');
	});

	it('currencies: any case in, upper case out; checked against the runtime list', () => {
		expect(parseCurrency('jpy')).toBe('JPY');
		expect(parseCurrency('Chf')).toBe('CHF');
		// XTS, ISO's testing code, is in Bun's list and not in Node's: the runtime's list decides.
		const listed = Intl.supportedValuesOf('currency').includes('XTS');
		expect(typeof parseCurrency('XTS')).toBe(listed ? 'string' : 'object');
	});

	it('without Intl.supportedValuesOf the 3-letter shape alone decides', async () => {
		const original = Intl.supportedValuesOf;
		try {
			(Intl as {supportedValuesOf?: unknown}).supportedValuesOf = undefined;
			vi.resetModules();
			const fresh = await import('../../src/gate/revenue.js');
			expect(fresh.parseCurrency('eur')).toBe('EUR');
			expect(fresh.parseCurrency('xyz')).toBe('XYZ');
			expect(typeof fresh.parseCurrency('EURO')).toBe('object');
		} finally {
			(Intl as {supportedValuesOf?: unknown}).supportedValuesOf = original;
		}
	});
});
