/**
 * The client with the durable outbox on (an injected fetch stands in for Umami): write-ahead persistence,
 * acks on delivery, replay on the next start, shutdown leaving events in the journal, `outbox_full`,
 * a second live instance, and no raw PII in the journal.
 */
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig, type ResolvedConfig} from '../../src/config/resolve.js';
import {createReplaySender} from '../../src/client/replay-sender.js';
import {openOutbox, readJournalStatus} from '../../src/outbox/index.js';
import type {UmamiEvent} from '../../src/types.js';

const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** A fake Umami ≥ 2.17: `/api/batch` stores everything; `down` refuses connections. */
function fakeUmami() {
	const stored: UmamiEvent[] = [];
	const state = {down: false};
	const fetchImpl: typeof fetch = async (_input, init) => {
		if (state.down) throw new TypeError('fetch failed', {cause: {code: 'ECONNREFUSED'}});
		const events = JSON.parse(String(init?.body)) as UmamiEvent[];
		stored.push(...events);
		return new Response(
			JSON.stringify({size: events.length, processed: events.length, errors: 0, details: []}),
			{
				status: 200,
				headers: {'content-type': 'application/json'},
			},
		);
	};
	return {stored, state, fetch: fetchImpl};
}

function create(
	path: string,
	fetchImpl: typeof fetch,
	options: AnalyticsOptions & {maxBytes?: number; appName?: string} = {},
	warnings: string[] = [],
): UmamiAnalytics {
	const {maxBytes = 1024 * 1024, appName = 'shop', ...rest} = options;
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: WEBSITE,
		apiUrl: 'http://umami.test',
		endpoint: 'batch',
		flushIntervalMs: 10,
		fetch: fetchImpl,
		logger: {warn: (line) => warnings.push(line)},
		...rest,
	};
	const config = {...resolveConfig(appName, all), outbox: {enabled: true, path, maxBytes}};
	return new UmamiAnalytics(config, all);
}

function directory(): string {
	return mkdtempSync(join(tmpdir(), 'umami-guard-outbox-client-'));
}

const pending = (path: string, appName = 'shop'): number => readJournalStatus({path, appName})!.events;

describe('client with the durable outbox', () => {
	it('persists each event before queueing it and acknowledges it once delivered', async () => {
		const path = directory();
		const umami = fakeUmami();
		const analytics = create(path, umami.fetch);
		for (let index = 0; index < 5; index++) analytics.trackEvent('click', {index}, {userAgent: UA});
		expect(pending(path)).toBe(5);
		await analytics.flush();
		await Promise.resolve();
		expect(umami.stored).toHaveLength(5);
		expect(pending(path)).toBe(0);
		const result = await analytics.shutdown(1000);
		expect(result).toEqual({sent: 0, failed: 0, dropped: 0, pending: 0, droppedTotal: 0});
		expect(analytics.stats()).toMatchObject({sent: 5, replayed: 0, persisted: 0, droppedTotal: 0});
	});

	it('leaves undelivered events in the journal at shutdown and replays them on the next start', async () => {
		const path = directory();
		const umami = fakeUmami();
		umami.state.down = true;
		const first = create(path, umami.fetch);
		for (let index = 0; index < 20; index++) first.trackEvent('click', {index}, {url: `/p/${index}`});
		await first.flush();
		const result = await first.shutdown(500);
		expect(result).toEqual({sent: 0, failed: 0, dropped: 0, pending: 20, droppedTotal: 0});
		expect(first.stats()).toMatchObject({persisted: 20, sent: 0, droppedTotal: 0});
		expect(first.stats().dropped.shutdown_timeout).toBe(0);
		expect(pending(path)).toBe(20);

		umami.state.down = false;
		// A queue smaller than the backlog: replay is fed in as the queue drains, never overflowing it.
		const warnings: string[] = [];
		const second = create(path, umami.fetch, {queueSize: 7, batchSize: 5}, warnings);
		expect(warnings.some((line) => line.includes('replaying 20 event(s)'))).toBe(true);
		second.trackEvent('after', {}, {url: '/after'});
		for (let round = 0; round < 20 && second.stats().sent < 21; round++) await second.flush();
		expect(second.stats()).toMatchObject({replayed: 20, sent: 21, droppedTotal: 0});
		expect(umami.stored.map((event) => event.payload.url).sort()).toEqual(
			[...Array.from({length: 20}, (_, index) => `/p/${index}`), '/after'].sort(),
		);
		await second.shutdown(500);
		expect(pending(path)).toBe(0);

		// Nothing left: a third start replays nothing.
		const third = create(path, umami.fetch);
		expect(third.stats().replayed).toBe(0);
		await third.shutdown(500);
		expect(umami.stored).toHaveLength(21);
	});

	it('drops an event that does not fit as outbox_full, counted', async () => {
		const path = directory();
		const umami = fakeUmami();
		umami.state.down = true;
		const drops: string[] = [];
		const analytics = create(path, umami.fetch, {maxBytes: 2048, onDrop: (info) => drops.push(info.reason)});
		for (let index = 0; index < 30; index++) analytics.trackEvent('click', {index});
		const stats = analytics.stats();
		expect(stats.dropped.outbox_full).toBeGreaterThan(0);
		expect(stats.dropped.outbox_full + pending(path)).toBe(30);
		expect(drops.every((reason) => reason === 'outbox_full')).toBe(true);
		await analytics.shutdown(200);
	});

	it('a second live instance of the same app runs without outbox, with a warning', async () => {
		const path = directory();
		const umami = fakeUmami();
		const first = create(path, umami.fetch);
		const warnings: string[] = [];
		const second = create(path, umami.fetch, {}, warnings);
		expect(warnings.some((line) => /outbox disabled: .* live process \d+/.test(line))).toBe(true);
		second.trackEvent('click');
		await second.flush();
		expect(umami.stored).toHaveLength(1);
		await Promise.all([first.shutdown(200), second.shutdown(200)]);
	});

	it('never writes the raw personal data given to trackEvent into the journal', async () => {
		const path = directory();
		const umami = fakeUmami();
		umami.state.down = true;
		const analytics = create(path, umami.fetch);
		const pii = {
			email: 'jane.roe@example.com',
			phone: '+1 415 555 2671',
			card: '4111 1111 1111 1111',
			iban: 'DE89370400440532013000',
			ip: '203.0.113.77',
			token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
		};
		analytics.trackEvent(
			'signup',
			{...pii, nested: {contact: pii.email, note: `call ${pii.phone}`}, list: [pii.card]},
			{url: `/users/${pii.email}/reset?token=${pii.token}&ip=${pii.ip}`, title: `Hi ${pii.email}`},
		);
		analytics.trackPageView(`/u/${pii.email}`, {referrer: `https://x.example/?e=${pii.email}`});
		analytics.identify('user-1', {email: pii.email, phone: pii.phone});
		const file = readJournalStatus({path, appName: 'shop'})!.path;
		const text = readFileSync(file, 'utf8');
		expect(pending(path)).toBe(3);
		for (const value of Object.values(pii)) expect(text).not.toContain(value);
		expect(text).not.toContain('jane.roe');
		expect(text).toContain('REDACTED');
		await analytics.shutdown(200);
		// Still none after shutdown left them there.
		const after = readFileSync(file, 'utf8');
		for (const value of Object.values(pii)) expect(after).not.toContain(value);
	});

	it('with the outbox on, a full queue spills to the journal instead of dropping (queue_overflow stays 0)', async () => {
		const path = directory();
		const umami = fakeUmami();
		umami.state.down = true;
		const analytics = create(path, umami.fetch, {queueSize: 5, batchSize: 5});
		for (let index = 0; index < 40; index++) analytics.trackEvent('click', {index}, {url: `/s/${index}`});
		expect(analytics.stats()).toMatchObject({queued: 40, droppedTotal: 0});
		expect(pending(path)).toBe(40);
		umami.state.down = false;
		for (let round = 0; round < 40 && analytics.stats().sent < 40; round++) await analytics.flush();
		expect(analytics.stats()).toMatchObject({sent: 40, queued: 0, droppedTotal: 0});
		expect(new Set(umami.stored.map((event) => event.payload.url)).size).toBe(40);
		await analytics.shutdown(200);
		expect(pending(path)).toBe(0);
	});
});

/** Opens the outbox as the CLI does: the client's transport as the replay's send function. */
const openCli = (path: string, config: ResolvedConfig, fetchImpl: typeof fetch) =>
	openOutbox({
		path,
		appName: config.appName,
		maxBytes: 1024 * 1024,
		maxKeys: config.idempotency.maxKeys,
		batchSize: config.queue.batchSize,
		send: createReplaySender(config, fetchImpl),
	});

describe('openOutbox (the CLI interface)', () => {
	it('shows the status while the app holds the journal, refuses to replay it then, replays it after', async () => {
		const path = directory();
		const umami = fakeUmami();
		umami.state.down = true;
		const app = create(path, umami.fetch);
		for (let index = 0; index < 12; index++) app.trackEvent('click', {index});
		const config = {...resolveConfig('shop', {env: {}, configFile: false, websiteId: WEBSITE, batchSize: 5})};
		const cli = openCli(path, config, umami.fetch);
		expect(cli.status()).toMatchObject({events: 12, path: join(path, 'shop.jsonl')});
		await expect(cli.replay(() => undefined)).rejects.toThrow(/used by live process/);
		await app.shutdown(100);

		umami.state.down = false;
		const progress: {sent: number; failed: number; total: number}[] = [];
		const result = await cli.replay((step) => progress.push(step));
		expect(result).toEqual({sent: 12, failed: 0});
		expect(progress).toEqual([
			{sent: 5, failed: 0, total: 12},
			{sent: 10, failed: 0, total: 12},
			{sent: 12, failed: 0, total: 12},
		]);
		expect(cli.status().events).toBe(0);
		expect(umami.stored).toHaveLength(12);
	});

	it('counts what could not be sent as failed and keeps it', async () => {
		const path = directory();
		const umami = fakeUmami();
		umami.state.down = true;
		const app = create(path, umami.fetch);
		for (let index = 0; index < 7; index++) app.trackEvent('click', {index});
		await app.shutdown(100);
		const config = resolveConfig('shop', {env: {}, configFile: false, websiteId: WEBSITE, batchSize: 3});
		const cli = openCli(path, config, umami.fetch);
		expect(await cli.replay(() => undefined)).toEqual({sent: 0, failed: 7});
		expect(cli.status().events).toBe(7);
	});
});

describe('idempotency keys with the outbox on: exactly once across restarts', () => {
	const purchase = (analytics: UmamiAnalytics, key: string): void => {
		analytics.trackRevenue(
			'purchase',
			{amount: 19.99, currency: 'EUR'},
			{},
			{idempotencyKey: key, userAgent: UA},
		);
	};

	it('a webhook delivered again after a restart is a duplicate, whether its event was delivered or not', async () => {
		const path = directory();
		const umami = fakeUmami();
		const first = create(path, umami.fetch);
		purchase(first, 'evt_delivered');
		await first.flush();
		umami.state.down = true;
		purchase(first, 'evt_pending'); // still in the journal when the process ends
		await first.shutdown(200);
		expect(umami.stored).toHaveLength(1);
		expect(readFileSync(join(path, 'shop.jsonl'), 'utf8')).not.toContain('evt_');

		umami.state.down = false;
		const second = create(path, umami.fetch);
		purchase(second, 'evt_delivered');
		purchase(second, 'evt_pending');
		purchase(second, 'evt_new');
		await second.flush();
		expect(second.stats()).toMatchObject({replayed: 1, dropped: expect.objectContaining({duplicate: 2})});
		await second.shutdown(500);
		expect(umami.stored).toHaveLength(3); // delivered, pending (replayed), new: each once

		// A third start, after a journal that held only settled events: the keys are still known.
		const third = create(path, umami.fetch);
		for (const key of ['evt_delivered', 'evt_pending', 'evt_new']) purchase(third, key);
		expect(third.stats().dropped.duplicate).toBe(3);
		await third.shutdown(200);
		expect(umami.stored).toHaveLength(3);
	});

	it('keeps at most idempotencyKeys digests in the journal', async () => {
		const path = directory();
		const umami = fakeUmami();
		const first = create(path, umami.fetch, {idempotencyKeys: 3});
		for (const key of ['a', 'b', 'c', 'd', 'e']) purchase(first, key);
		await first.shutdown(500);
		const second = create(path, umami.fetch, {idempotencyKeys: 3});
		for (const key of ['e', 'd', 'c', 'b', 'a']) purchase(second, key);
		expect(second.stats().dropped.duplicate).toBe(3); // c, d, e remembered; a and b forgotten
		await second.shutdown(500);
	});
});
