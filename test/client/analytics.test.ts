import {isbot} from 'isbot';
import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {DEFAULT_USER_AGENT, resolveConfig} from '../../src/config/resolve.js';
import type {UmamiEvent} from '../../src/types.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
let server: FaultServer;
useFaultServer((started) => (server = started));

function create(options: AnalyticsOptions = {}, lines: string[] = []): UmamiAnalytics {
	const logger = {
		warn: (line: string) => lines.push(`warn ${line}`),
		debug: (line: string) => lines.push(`debug ${line}`),
	};
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: ID,
		apiUrl: server.url,
		logger,
		...options,
	};
	return new UmamiAnalytics(resolveConfig('test', all), all);
}

function payloads(): Record<string, unknown>[] {
	return server.stored.map((stored) => stored.event.payload ?? {});
}

describe('tracking', () => {
	it('sends sanitized events with a timestamp in seconds, the website id and a default url', async () => {
		const analytics = create();
		const before = Math.floor(Date.now() / 1000);
		analytics.trackEvent('signup', {plan: 'pro', email: 'john.doe@example.com', phone: '+1 415 555 2671'});
		analytics.trackPageView('/user/john.doe@example.com/reset?token=abc123&utm_source=news');
		analytics.identify('user-42', {tier: 'gold'});
		const result = await analytics.flush();
		expect(result).toEqual({sent: 3, failed: 0, dropped: 0, pending: 0});
		const [event, pageview, identify] = payloads();
		expect(event).toMatchObject({
			website: ID,
			url: '/',
			name: 'signup',
			data: {plan: 'pro', email: '[REDACTED_EMAIL]', phone: '[REDACTED_PHONE]'},
		});
		expect(event?.['timestamp']).toBeGreaterThanOrEqual(before);
		expect(event?.['timestamp']).toBeLessThanOrEqual(before + 2);
		expect(pageview).toMatchObject({url: '/user/[REDACTED_EMAIL]/reset?token=[REDACTED]&utm_source=news'});
		expect(pageview?.['name']).toBeUndefined();
		expect(server.stored[2]?.event.type).toBe('identify');
		expect(identify).toMatchObject({id: 'user-42', data: {tier: 'gold'}});
		expect(JSON.stringify(server.requests.map((request) => request.body))).not.toMatch(/john|abc123|2671/);
		expect(analytics.stats()).toMatchObject({tracked: 3, sent: 3, queued: 0, droppedTotal: 0});
		expect(analytics.stats().redacted).toMatchObject({email: 2});
		await analytics.shutdown();
	});

	it('uses a User-Agent that Umami’s isbot does not filter, and never sends the cache token', async () => {
		const analytics = create();
		analytics.trackEvent('x');
		await analytics.flush();
		const headers = server.requests[0]?.headers ?? {};
		expect(headers['user-agent']).toBe(DEFAULT_USER_AGENT);
		expect(isbot(DEFAULT_USER_AGENT)).toBe(false);
		expect(headers['x-umami-cache']).toBeUndefined();
		await analytics.shutdown();
	});

	it('passes the end user’s User-Agent and keeps the IP out by default', async () => {
		const analytics = create();
		const userAgent =
			'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15';
		analytics.trackEvent('x', undefined, {
			userAgent,
			ip: '203.0.113.77',
			hostname: 'Shop.Example.com:8443',
			language: 'de-DE',
		});
		await analytics.flush();
		expect(payloads()[0]).toMatchObject({userAgent, hostname: 'shop.example.com', language: 'de-DE'});
		expect(payloads()[0]?.['ip']).toBeUndefined();
		await analytics.shutdown();
	});

	it('forwards or truncates the IP, or replaces it with a daily anonymous id, when asked', async () => {
		const forward = create({identity: {ip: 'forward'}});
		const truncate = create({identity: {ip: 'truncate'}});
		let now = Date.UTC(2026, 0, 1, 12);
		const anonymous = create({identity: {anonymousId: true}});
		const fixedClock = new UmamiAnalytics(
			resolveConfig('anon', {
				env: {},
				configFile: false,
				websiteId: ID,
				apiUrl: server.url,
				identity: {anonymousId: true},
			}),
			{
				now: () => now,
			},
		);
		forward.trackEvent('a', undefined, {ip: '203.0.113.77'});
		truncate.trackEvent('b', undefined, {ip: '203.0.113.77'});
		truncate.trackEvent('c', undefined, {ip: '2001:db8:85a3::8a2e:370:7334'});
		anonymous.trackEvent('d', undefined, {ip: '203.0.113.77', userAgent: UA});
		fixedClock.trackEvent('e', undefined, {ip: '203.0.113.77', userAgent: UA});
		fixedClock.trackEvent('f', undefined, {ip: '203.0.113.77', userAgent: UA});
		now += 86_400_000;
		fixedClock.trackEvent('g', undefined, {ip: '203.0.113.77', userAgent: UA});
		await Promise.all([forward.flush(), truncate.flush(), anonymous.flush(), fixedClock.flush()]);
		const byName = new Map(payloads().map((payload) => [payload['name'], payload]));
		expect(byName.get('a')?.['ip']).toBe('203.0.113.77');
		expect(byName.get('b')?.['ip']).toBe('203.0.113.0');
		expect(byName.get('c')?.['ip']).toBe('2001:db8:85a3::');
		expect(byName.get('d')?.['ip']).toBeUndefined();
		expect(byName.get('d')?.['id']).toMatch(/^[\da-f]{32}$/);
		expect(byName.get('e')?.['id']).toBe(byName.get('f')?.['id']);
		expect(byName.get('g')?.['id']).not.toBe(byName.get('e')?.['id']);
		expect(byName.get('e')?.['id']).not.toBe(byName.get('d')?.['id']);
		await Promise.all([forward.shutdown(), truncate.shutdown(), anonymous.shutdown(), fixedClock.shutdown()]);
	});
});

describe('Umami’s limits are enforced before queuing', () => {
	it('cuts, removes and counts what would make Umami answer 400 or 500', async () => {
		const lines: string[] = [];
		const analytics = create({debug: true}, lines);
		analytics.trackEvent(
			'n'.repeat(80),
			{
				long: 'x'.repeat(900),
				huge: 1e20,
				nan: Number.NaN,
				inf: Number.POSITIVE_INFINITY,
				ok: 12.5,
				list: Array.from({length: 200}, (_, index) => `item-${index}`),
				['k'.repeat(600)]: 1,
			},
			{url: `/p?utm_source=${'s'.repeat(400)}&x=1`, title: 't'.repeat(700), id: 'i'.repeat(60)},
		);
		analytics.trackPageView(`/${'p'.repeat(700)}`);
		analytics.trackEvent('emoji', undefined, {title: `${'x'.repeat(499)}😀`});
		await analytics.flush();
		const [event, pageview, emoji] = payloads();
		expect(event?.['name']).toBe('n'.repeat(50));
		const data = event?.['data'] as Record<string, unknown>;
		expect(data['long']).toBe('x'.repeat(500));
		expect(data['huge']).toBe('100000000000000000000');
		expect('nan' in data || 'inf' in data).toBe(false);
		expect(data['ok']).toBe(12.5);
		expect(JSON.stringify(data['list']).length).toBeLessThanOrEqual(500);
		expect(Object.keys(data).some((key) => key.length > 500)).toBe(false);
		expect(String(event?.['url'])).toBe(`/p?utm_source=${'s'.repeat(255)}&x=1`);
		expect(String(event?.['title']).length).toBe(500);
		expect(event?.['id']).toBeUndefined();
		expect(String(pageview?.['url']).length).toBe(500);
		expect(() => new URL(String(pageview?.['url']), 'https://localhost')).not.toThrow();
		expect(String(emoji?.['title'])).toBe('x'.repeat(499));
		expect(analytics.stats().adjusted).toBeGreaterThanOrEqual(9);
		expect(lines.some((line) => line.includes('adjusted name: cut from 80 to 50 characters'))).toBe(true);
		await analytics.shutdown();
	});

	it('counts and explains the values it removes: NaN and ±Infinity at any depth, an invalid request host', async () => {
		const lines: string[] = [];
		const analytics = create({debug: true, hostname: 'app.example.com'}, lines);
		analytics.trackEvent('numbers', {nan: Number.NaN, deep: {inf: Number.NEGATIVE_INFINITY}, ok: 1});
		const afterNumbers = analytics.stats().adjusted;
		analytics.trackEvent('host', undefined, {hostname: `${'h'.repeat(101)}.example`});
		analytics.trackEvent('clean', {ok: 1}, {hostname: 'shop.example.com'});
		await analytics.flush();
		const byName = new Map(payloads().map((payload) => [payload['name'], payload]));
		expect(byName.get('numbers')?.['data']).toEqual({deep: {}, ok: 1});
		expect(afterNumbers).toBe(2);
		expect(byName.get('host')?.['hostname']).toBe('app.example.com');
		expect(byName.get('clean')?.['hostname']).toBe('shop.example.com');
		expect(analytics.stats().adjusted).toBe(3);
		const explained = lines.filter((line) => line.includes('adjusted')).map((line) => line.split('] ')[1]);
		expect(explained).toEqual([
			'adjusted data: NaN removed',
			'adjusted data: infinite number removed',
			'adjusted hostname: request host is not a valid host name; removed',
		]);
		expect(lines.join('\n')).not.toContain('hhhh');
		await analytics.shutdown();
	});

	it('drops an event that cannot be made valid as `invalid`, and an id that holds PII', async () => {
		const drops: string[] = [];
		const analytics = create({onDrop: (info) => drops.push(`${info.reason}:${info.event}`)});
		analytics.trackEvent('');
		analytics.trackEvent(42 as unknown as string);
		analytics.trackEvent('ok', undefined, {id: 'jane@example.com'});
		await analytics.flush();
		expect(drops).toEqual(['invalid:invalid', 'invalid:invalid']);
		expect(payloads()).toHaveLength(1);
		expect(payloads()[0]?.['id']).toBeUndefined();
		expect(analytics.stats().dropped.invalid).toBe(2);
		await analytics.shutdown();
	});
});

describe('never throws into the app', () => {
	it('survives hostile properties and contexts', async () => {
		const analytics = create();
		const circular: Record<string, unknown> = {a: 1};
		circular['self'] = circular;
		const throwing = Object.defineProperty({}, 'boom', {
			enumerable: true,
			get() {
				throw new Error('getter');
			},
		});
		const proxy = new Proxy(
			{},
			{
				ownKeys: () => {
					throw new Error('proxy');
				},
			},
		);
		const calls = [
			() => analytics.trackEvent('circular', circular),
			() => analytics.trackEvent('getter', throwing),
			() => analytics.trackEvent('proxy', proxy),
			() => analytics.trackEvent('bigint', {n: 10n, s: Symbol('x'), f: () => 1}),
			() => analytics.trackPageView(null as unknown as string),
			() => analytics.trackPageView('http://[::1', {referrer: '%E0%A4%A'}),
			() =>
				analytics.trackEvent('ctx', {}, {
					url: {
						toString: () => {
							throw new Error('x');
						},
					},
				} as never),
			() => analytics.identify(undefined, 'not-an-object' as never),
		];
		for (const call of calls) expect(call).not.toThrow();
		await analytics.flush();
		const stats = analytics.stats();
		expect(stats.tracked).toBe(calls.length);
		expect(stats.sent + stats.droppedTotal).toBe(calls.length);
		await analytics.shutdown();
	});

	it('a throwing logger, onDrop, onRedact or beforeSend never reaches the caller', async () => {
		const thrower = () => {
			throw new Error('hook');
		};
		const analytics = create({
			logger: {warn: thrower, debug: thrower},
			debug: true,
			onDrop: thrower,
			onRedact: thrower,
			beforeSend: thrower,
		});
		expect(() => analytics.trackEvent('', {email: 'a@b.co'})).not.toThrow();
		expect(() => analytics.trackEvent('x', {email: 'a@b.co'})).not.toThrow();
		await analytics.flush();
		expect(analytics.stats().sent).toBe(1);
		await analytics.shutdown();
	});
});

describe('beforeSend', () => {
	it('drops on null (counted as filtered) and re-sanitizes what it returns', async () => {
		const analytics = create({
			beforeSend(event: UmamiEvent) {
				if (event.payload.name === 'skip') return null;
				return {
					...event,
					payload: {...event.payload, data: {...event.payload.data, added: 'mail bob@example.org'}},
				};
			},
		});
		analytics.trackEvent('skip');
		analytics.trackEvent('keep', {a: 1});
		await analytics.flush();
		expect(analytics.stats().filtered).toBe(1);
		expect(payloads()).toHaveLength(1);
		expect((payloads()[0]?.['data'] as Record<string, unknown>)['added']).toBe('mail [REDACTED_EMAIL]');
		await analytics.shutdown();
	});
});

describe('disabled instances', () => {
	it('do nothing, warn once through the logger, and never throw', async () => {
		const lines: string[] = [];
		const analytics = create({enabled: false}, lines);
		analytics.trackEvent('x', {a: 1});
		analytics.trackPageView('/');
		analytics.identify('u');
		expect(await analytics.flush()).toEqual({sent: 0, failed: 0, dropped: 0, pending: 0});
		expect(await analytics.shutdown()).toEqual({sent: 0, failed: 0, dropped: 0, pending: 0, droppedTotal: 0});
		expect(lines).toEqual([
			'warn umami-guard[test] analytics disabled: disabled by options.enabled; tracking calls do nothing.',
		]);
		expect(server.requests).toHaveLength(0);
		expect(analytics.stats()).toMatchObject({enabled: false, tracked: 0});
	});
});

describe('outcomes are counted by reason', () => {
	it('a 400 is rejected without retry; a bot User-Agent is bot_filtered', async () => {
		const drops: string[] = [];
		const analytics = create({endpoint: 'send', onDrop: (info) => drops.push(info.reason)});
		server.next({type: 'status', status: 400, body: '{"error":{"message":"Bad request"}}'});
		analytics.trackEvent('bad');
		await analytics.flush();
		analytics.trackEvent('bot', undefined, {userAgent: 'curl/8.0'});
		await analytics.flush();
		expect(drops).toEqual(['rejected', 'bot_filtered']);
		expect(analytics.stats().dropped).toMatchObject({rejected: 1, bot_filtered: 1});
		// The bot never left the process: Umami's own isbot check runs client-side.
		expect(server.requests.filter((request) => request.path === '/api/send')).toHaveLength(1);
		await analytics.shutdown();
	});

	it('shutdown is idempotent and bounded; later calls are counted as after_shutdown', async () => {
		const analytics = create();
		await server.down();
		analytics.trackEvent('lost');
		const started = Date.now();
		const first = analytics.shutdown(300);
		expect(analytics.shutdown(300)).toBe(first);
		const result = await first;
		expect(Date.now() - started).toBeLessThan(2000);
		expect(result.dropped).toBe(1);
		expect(analytics.stats().dropped.shutdown_timeout + analytics.stats().dropped.network_error).toBe(1);
		await server.up();
		analytics.trackEvent('after');
		expect(analytics.stats()).toMatchObject({tracked: 2, state: 'closed'});
		expect(analytics.stats().dropped.after_shutdown).toBe(1);
	});
});

describe('tracking after shutdown (issue 13 item 2)', () => {
	it('is counted as after_shutdown, warned about once, and stats() says the instance is closed', async () => {
		const lines: string[] = [];
		const drops: {reason: string; event: string}[] = [];
		const analytics = create({onDrop: ({reason, event}) => drops.push({reason, event})}, lines);
		analytics.trackEvent('before');
		expect(analytics.stats().state).toBe('open');
		const closing = analytics.shutdown();
		expect(analytics.stats().state).toBe('closing');
		await closing;
		expect(analytics.stats().state).toBe('closed');
		analytics.trackEvent('after', {plan: 'pro'});
		analytics.trackPageView('/after');
		analytics.identify('user-1');
		await new Promise((resolve) => setTimeout(resolve, 0));
		for (let index = 0; index < 50; index++) analytics.trackEvent('after');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(analytics.stats()).toMatchObject({tracked: 54, sent: 1, state: 'closed', enabled: true});
		expect(analytics.stats().dropped.after_shutdown).toBe(53);
		expect(drops.slice(0, 3)).toEqual([
			{reason: 'after_shutdown', event: 'event'},
			{reason: 'after_shutdown', event: 'pageview'},
			{reason: 'after_shutdown', event: 'identify'},
		]);
		// One warning, not one per call (the 50 later ones are told when the 30 s interval ends, or never
		// need telling: stats() has them).
		expect(lines.filter((line) => line.includes('after_shutdown'))).toEqual([
			'warn umami-guard[test] dropped 3 events (after_shutdown: the instance was shut down): tracked after shutdown(): the instance is closed and drops every further event (see stats().state); see stats().dropped',
		]);
		expect(server.stored).toHaveLength(1);
	});

	it('a disabled instance says so in stats().state', () => {
		const analytics = create({enabled: false});
		expect(analytics.stats().state).toBe('disabled');
	});
});

describe('a bot User-Agent (issue 13 item 10: a first smoke test with curl)', () => {
	it('the first bot drop warns once, debug off, naming the cause and how to test', async () => {
		const lines: string[] = [];
		const analytics = create({}, lines);
		analytics.trackPageView('/pricing', {userAgent: 'curl/8.5.0'});
		await new Promise((resolve) => setTimeout(resolve, 0));
		const [warning, ...rest] = lines.filter((line) => line.includes('bot_filtered'));
		expect(warning).toContain(
			'dropped 1 event (bot_filtered: the User-Agent is a bot to Umami (isbot): it would store nothing)',
		);
		expect(warning).toContain("the request's User-Agent looks like a bot to Umami (curl's");
		expect(warning).toContain("send a browser User-Agent (curl -A 'Mozilla/5.0");
		expect(rest).toEqual([]);
		// Umami's rule is kept: nothing was sent for it.
		expect(analytics.stats().dropped.bot_filtered).toBe(1);
		await analytics.shutdown();
		expect(server.requests).toHaveLength(0);
	});

	it('a later bot warning reads like the first: the cause and the explanation again', async () => {
		const lines: string[] = [];
		const analytics = create({}, lines);
		analytics.trackPageView('/a', {userAgent: 'curl/8.5.0'});
		await new Promise((resolve) => setTimeout(resolve, 0));
		analytics.trackPageView('/b', {userAgent: 'curl/8.5.0'});
		await analytics.shutdown();
		const bots = lines.filter((line) => line.includes('bot_filtered'));
		expect(bots).toHaveLength(2);
		expect(bots[1]).toMatch(
			/^warn umami-guard\[test\] at shutdown: dropped 1 event \(bot_filtered: the User-Agent is a bot to Umami \(isbot\): it would store nothing\): the request's User-Agent looks like a bot to Umami .*; see stats\(\)\.dropped$/,
		);
	});
});

describe('debug output', () => {
	it('explains each step without any personal data or the API key', async () => {
		const lines: string[] = [];
		const apiKey = 'api_Zx81Qw72Lm93Kd04';
		const analytics = create({debug: true, apiKey}, lines);
		analytics.trackEvent(
			'signup',
			{email: 'carol@example.com', card: '4111 1111 1111 1111'},
			{url: '/u/carol@example.com?session=s3cr3tvalue'},
		);
		await analytics.flush();
		server.next({type: 'status', status: 503});
		analytics.trackEvent('retry');
		await analytics.flush();
		await analytics.shutdown();
		const output = lines.join('\n');
		expect(output).toContain('queued event "signup"');
		// Keys and the shape of their values only (the redaction markers are strings too).
		expect(output).toContain('data {"email": string 16, "card": string 15}');
		// The card's digits as they were given (`4111` alone would match a random port of the fault server).
		expect(output).not.toMatch(/carol|4111 1111|s3cr3t/);
		expect(output).not.toContain(apiKey);
		expect(JSON.stringify(analytics)).not.toContain(apiKey);
	});
});

describe('debug output shows the shape of what is sent, never its values', () => {
	it('the name, the path, property keys with value types and lengths, sizes: no value, query value, title or host', async () => {
		const lines: string[] = [];
		const analytics = create({debug: true}, lines);
		// Values the sanitizer lets through (it can miss things): none may reach a debug line.
		analytics.trackEvent(
			'signup',
			{plan: 'pro-annual', note: 'call Jane Roe back', count: 3, tags: ['a', 'b']},
			{
				url: '/welcome?utm_source=newsletter&ref=janeroe#top',
				title: 'Welcome Jane Roe',
				referrer: 'https://partner.example/inbox?thread=janeroe',
				hostname: 'janeroe-shop.example',
			},
		);
		await analytics.flush();
		const queued = lines.filter((line) => line.includes('queued'));
		expect(queued).toEqual([
			expect.stringMatching(
				/^debug umami-guard\[test\] queued event "signup" url \/welcome \(2 query parameters\), data \{"plan": string 10, "note": string 18, "count": number, "tags": array 2\}, title 16 chars, referrer 44 chars, hostname 20 chars, body \d+ chars$/,
			),
		]);
		const sent = JSON.parse(server.requests[0]!.body) as {payload: Record<string, unknown>}[];
		expect(sent[0]!.payload['title']).toBe('Welcome Jane Roe');
		expect(lines.join('\n')).not.toMatch(/jane|roe|pro-annual|newsletter|partner|top/i);
		await analytics.shutdown();
	});

	it('a dropped event shows the same shape; a value cut to 500 shows its length; a forwarded IP shows as "ip forwarded"', async () => {
		const lines: string[] = [];
		const analytics = create({debug: true, identity: {ip: 'forward'}}, lines);
		server.next({type: 'status', status: 400, body: 'bad request'});
		analytics.trackEvent('big', {text: 'lorem ipsum '.repeat(200)}, {ip: '203.0.113.7'});
		await analytics.flush();
		const shape = 'event "big" url /, data {"text": string 500}, ip forwarded, body';
		expect(lines.find((text) => text.includes('queued'))).toContain(`queued ${shape}`);
		expect(lines.find((text) => text.includes('dropped (rejected)'))).toContain(shape);
		expect(lines.join('\n')).not.toMatch(/203\.0\.113\.7|lorem/);
		expect(JSON.parse(server.requests[0]!.body)[0].payload.ip).toBe('203.0.113.7');
		await analytics.shutdown();
	});
});

describe('hardening', () => {
	it('removes NUL and unpaired surrogates (Umami answers 500 for them) and caps the data size', async () => {
		const analytics = create();
		analytics.trackEvent(
			'nul\u0000name',
			{a: 'x\u0000y', b: 'lone \uD800 surrogate', ['k\u0000']: 1},
			{title: 'bad \uDC00'},
		);
		const huge: Record<string, string> = {};
		for (let index = 0; index < 400; index++) huge[`key${index}`] = 'v'.repeat(400);
		analytics.trackEvent('huge', huge);
		await analytics.flush();
		const [first, second] = payloads();
		expect(first).toMatchObject({
			name: 'nulname',
			title: 'bad \uFFFD',
			data: {a: 'xy', b: 'lone \uFFFD surrogate', k: 1},
		});
		expect(JSON.stringify(second?.['data']).length).toBeLessThan(70_000);
		expect(Object.keys(second?.['data'] as object).length).toBeLessThan(400);
		await analytics.shutdown();
	});

	it('keeps the API key out of JSON, inspection and spreads of the configuration', () => {
		const analytics = create({apiKey: 'api_Zx81Qw72Lm93Kd04'});
		expect(analytics.config.apiKey).toBe('api_Zx81Qw72Lm93Kd04');
		expect(JSON.stringify(analytics.config)).not.toContain('Zx81');
		expect(JSON.stringify({...analytics.config})).not.toContain('Zx81');
	});

	it('an exception from the caller’s data reaches onError without its message', async () => {
		const errors: Error[] = [];
		const analytics = create({onError: (error) => errors.push(error)});
		const context = new Proxy(
			{},
			{
				get: () => {
					throw new Error('secret jane@example.com');
				},
			},
		);
		analytics.trackEvent('x', {}, context);
		expect(errors).toHaveLength(1);
		expect(JSON.stringify({message: errors[0]?.message, cause: String(errors[0]?.cause)})).not.toContain(
			'jane',
		);
		await analytics.shutdown();
	});
});

describe('serverless', () => {
	it('hands one flush per tick to waitUntil, which settles with the events delivered', async () => {
		const promises: Promise<unknown>[] = [];
		const analytics = create({waitUntil: (promise) => promises.push(promise)});
		analytics.trackEvent('a');
		analytics.trackEvent('b');
		await Promise.resolve();
		analytics.trackEvent('c');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(promises).toHaveLength(2);
		const results = (await Promise.all(promises)) as {pending: number}[];
		// Once the platform's promises settle, nothing is left to send.
		expect(results.at(-1)?.pending).toBe(0);
		expect(server.stored).toHaveLength(3);
		await analytics.shutdown();
	});

	it('trackAndFlush tracks and delivers in one await', async () => {
		const analytics = create();
		expect(await analytics.trackAndFlush('invoked', {route: '/api/x'})).toMatchObject({sent: 1, pending: 0});
		expect(payloads()[0]).toMatchObject({name: 'invoked', data: {route: '/api/x'}});
		await analytics.shutdown();
	});

	it('a throwing beforeSend keeps the event and reports through onError, not as a drop', async () => {
		const errors: string[] = [];
		const analytics = create({
			beforeSend: () => {
				throw new Error('hook bug');
			},
			onError: (error) => errors.push(error.message),
		});
		analytics.trackEvent('kept');
		await analytics.flush();
		expect(analytics.stats()).toMatchObject({sent: 1, droppedTotal: 0});
		expect(errors).toEqual(['beforeSend threw; the event was kept unchanged']);
		await analytics.shutdown();
	});
});
