import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {Scrubber} from '../../src/gate/scrubber.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import type {Sanitizer} from '../../src/sanitize/index.js';
import type {EventData, UmamiEvent} from '../../src/types.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
let server: FaultServer;
useFaultServer((started) => (server = started));

function create(options: AnalyticsOptions = {}): UmamiAnalytics {
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: ID,
		apiUrl: server.url,
		logger: {warn: () => {}, debug: () => {}},
		...options,
	};
	return new UmamiAnalytics(resolveConfig('test', all), all);
}

function data(): unknown[] {
	return server.stored.map((stored) => stored.event.payload?.['data']);
}

function body(): string {
	return JSON.stringify(server.requests.map((request) => request.body));
}

describe('the memo of clean values', () => {
	it('gives the same payloads and redaction counts on the first call and on every repeat', async () => {
		const analytics = create();
		const properties = {plan: 'pro_monthly', price: 29.99, ok: true, none: null, email: 'bob@example.org'};
		for (let index = 0; index < 5; index++)
			analytics.trackEvent('checkout', properties, {url: '/pricing', title: 'Pricing'});
		await analytics.flush();
		const expected = {plan: 'pro_monthly', price: 29.99, ok: true, none: null, email: '[REDACTED_EMAIL]'};
		expect(data()).toEqual(Array.from({length: 5}, () => expected));
		expect(server.stored.map((stored) => stored.event.payload?.['url'])).toEqual(Array(5).fill('/pricing'));
		expect(analytics.stats().redacted).toEqual({email: 5});
		await analytics.shutdown();
	});

	it('never lets a value proven clean under one key through under a sensitive key', async () => {
		const analytics = create({sanitization: {sensitiveKeys: ['member_no']}});
		for (let index = 0; index < 3; index++) analytics.trackEvent('a', {note: 'hunter2xyz', code: 'A-1234'});
		analytics.trackEvent('b', {password: 'hunter2xyz', member_no: 'A-1234', note: 'hunter2xyz'});
		analytics.trackEvent('c', {pin: 42, password: true});
		await analytics.flush();
		expect(data().at(-2)).toEqual({password: '[REDACTED]', member_no: '[REDACTED]', note: 'hunter2xyz'});
		expect(data().at(-1)).toEqual({pin: '[REDACTED]', password: '[REDACTED]'});
		await analytics.shutdown();
	});

	it('learns nothing from values under allowKeys, which are not scanned', async () => {
		const analytics = create({sanitization: {allowKeys: ['raw']}});
		for (let index = 0; index < 3; index++) analytics.trackEvent('a', {raw: 'carol@example.org', note: 'x'});
		analytics.trackEvent('b', {note: 'carol@example.org'});
		analytics.trackEvent('c', {raw: 'y', note: 'carol@example.org'});
		analytics.trackEvent('d', {note: 'carol@example.org', raw: 'x'});
		await analytics.flush();
		expect(data()).toEqual([
			...Array.from({length: 3}, () => ({raw: 'carol@example.org', note: 'x'})),
			{note: '[REDACTED_EMAIL]'},
			{raw: 'y', note: '[REDACTED_EMAIL]'},
			{note: '[REDACTED_EMAIL]', raw: 'x'},
		]);
		await analytics.shutdown();
	});

	it('copies the caller’s object: later mutations, getters read once, no symbol or prototype sent', async () => {
		const analytics = create();
		const properties: Record<string, unknown> = {plan: 'pro'};
		analytics.trackEvent('a', properties);
		analytics.trackEvent('a', properties);
		properties['plan'] = 'dave@example.org';
		let reads = 0;
		const getter = {
			get plan() {
				reads++;
				return 'pro';
			},
		};
		analytics.trackEvent('b', getter);
		analytics.trackEvent('c', {plan: 'pro', [Symbol('s')]: 'x'});
		class Props {
			plan = 'pro';
		}
		analytics.trackEvent('d', new Props() as unknown as Record<string, unknown>);
		await analytics.flush();
		expect(reads).toBe(1);
		expect(data()).toEqual([{plan: 'pro'}, {plan: 'pro'}, {plan: 'pro'}, {plan: 'pro'}, {plan: 'pro'}]);
		expect(body()).not.toContain('dave');
		await analytics.shutdown();
	});

	it('keeps unique values per call correct (the memo only ever skips proven strings)', async () => {
		const analytics = create();
		for (let index = 0; index < 50; index++)
			analytics.trackEvent('e', {
				i: index,
				ref: `order-${index}`,
				who: index % 10 === 0 ? `u${index}@x.io` : 'n/a',
			});
		await analytics.flush();
		const sent = data() as Record<string, unknown>[];
		expect(sent).toHaveLength(50);
		expect(sent.filter((value) => value['who'] === '[REDACTED_EMAIL]')).toHaveLength(5);
		expect(sent.map((value) => value['ref'])).toEqual(
			Array.from({length: 50}, (_, index) => `order-${index}`),
		);
		await analytics.shutdown();
	});
});

describe('the final gate', () => {
	it('drops a sensitive key that only appears after the limits (NUL removed), however often it repeats', async () => {
		const drops: string[] = [];
		const analytics = create({onDrop: (info) => drops.push(info.reason)});
		// The memo first learns the value as clean under a plain key.
		for (let index = 0; index < 3; index++) analytics.trackEvent('a', {note: 'hunter2xyz'});
		for (let index = 0; index < 3; index++) analytics.trackEvent('b', {'pass\u0000word': 'hunter2xyz'});
		await analytics.flush();
		expect(drops).toEqual(['pii_gate', 'pii_gate', 'pii_gate']);
		expect(analytics.stats().dropped.pii_gate).toBe(3);
		expect(data()).toEqual([{note: 'hunter2xyz'}, {note: 'hunter2xyz'}, {note: 'hunter2xyz'}]);
		await analytics.shutdown();
	});

	it('scans data again when beforeSend changed it in place', async () => {
		const analytics = create({
			beforeSend(event: UmamiEvent) {
				const eventData = event.payload.data;
				if (eventData !== undefined && event.payload.name === 'edit') eventData['plan'] = 'eve@example.org';
				return event;
			},
		});
		analytics.trackEvent('edit', {plan: 'pro'});
		analytics.trackEvent('edit', {plan: 'pro'});
		analytics.trackEvent('keep', {plan: 'pro'});
		await analytics.flush();
		expect(analytics.stats().dropped.pii_gate).toBe(2);
		expect(data()).toEqual([{plan: 'pro'}]);
		expect(body()).not.toContain('eve@');
		await analytics.shutdown();
	});

	it('scans a configured hostname, which nothing else sanitizes', async () => {
		const analytics = create({hostname: 'frank@example.org'});
		analytics.trackEvent('a');
		analytics.trackEvent('a');
		await analytics.flush();
		expect(analytics.stats().dropped.pii_gate).toBe(2);
		expect(server.stored).toHaveLength(0);
		await analytics.shutdown();
	});
});

/**
 * A sanitizer that changes data without reporting a redaction (what a sanitizer bug would look like) and
 * whose detector flags anything containing `password`: the gate must still stop what it changed.
 */
function sloppySanitizer(): Sanitizer & {scans: number} {
	const fake = {
		scans: 0,
		text: (value: string) => value,
		url: (value: string) => value,
		key: (value: string) => value,
		data(value: unknown): Record<string, unknown> {
			const out: Record<string, unknown> = {};
			for (const [key, item] of Object.entries(value as object)) {
				out[key === 'pass_word' ? 'password' : key] = item === 'swap' ? 'password' : item;
			}
			return out;
		},
		detect: () => [],
		isPii(value: unknown): boolean {
			fake.scans++;
			return JSON.stringify(value).includes('password');
		},
	};
	return fake;
}

function scrubber(sanitizer: Sanitizer): Scrubber {
	return new Scrubber({
		sanitizer,
		note: () => {},
		hits: () => 0,
		adjustments: () => 0,
		allowKeys: [],
		maxKeys: 200,
	});
}

describe('the gate behind a sanitizer that changes data silently', () => {
	it('scans every entry that did not come out as it went in, even with no redaction reported', () => {
		const sanitizer = sloppySanitizer();
		const scrub = scrubber(sanitizer);
		for (const properties of [{pass_word: 'x', plan: 'pro'}, {plan: 'swap'}, {plan: 'pro', other: 'swap'}]) {
			const data = scrub.data(properties);
			expect(scrub.leaks({website: ID, data}, true)).toBe(true);
		}
	});

	it('skips the scan only for what it has proven, and scans again once data changed hands', () => {
		const sanitizer = sloppySanitizer();
		const scrub = scrubber(sanitizer);
		for (let index = 0; index < 3; index++) scrub.data({plan: 'pro', step: 3});
		const scans = sanitizer.scans;
		const data: EventData = scrub.data({plan: 'pro', step: 3});
		expect(scrub.leaks({website: ID, url: '/pricing', data}, true)).toBe(false);
		expect(sanitizer.scans - scans).toBe(1);
		data['plan'] = 'password';
		expect(scrub.leaks({website: ID, data}, false)).toBe(true);
	});
});
