/**
 * PII never leaks, by any path. Generated PII (emails, JWTs, API keys, cards, phones, UUIDs) is placed in
 * values, keys, URLs, referrers, titles, names, tags, ids and User-Agents; the instance runs in debug mode
 * against the fault server with faults scripted (resets, 400s, 500s, a full queue), and EVERYTHING it emits is
 * captured: logger.debug/warn lines, `onDrop` infos, `onError` errors (message, cause chain, stack, JSON),
 * `stats()`, `JSON.stringify(instance)`, and every request (headers and body) the server received. Each raw
 * PII string — and its URL-encoded form — is searched in all of them.
 *
 * The API key gets the same treatment: set as `apiKey`, it must appear nowhere.
 */
import {inspect} from 'node:util';
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions, DropInfo} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {ID} from './payload-check.js';

// ---- PII generators -------------------------------------------------------------------------------

const email = fc
	.tuple(
		fc.stringMatching(/^[a-z][a-z0-9._+-]{2,10}[a-z0-9]$/),
		fc.stringMatching(/^[a-z]{3,10}$/),
		fc.constantFrom('com', 'org', 'io', 'co.uk', 'de'),
	)
	.map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
function luhn(prefix: string, length: number, body: string): string {
	const digits = (prefix + body).slice(0, length - 1);
	let sum = 0;
	for (let index = 0; index < digits.length; index++) {
		let digit = Number(digits[digits.length - 1 - index]);
		if (index % 2 === 0) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return digits + String((10 - (sum % 10)) % 10);
}
const card = fc
	.tuple(
		fc.constantFrom<[string, number]>(['4', 16], ['51', 16], ['2221', 16], ['37', 15], ['6011', 16]),
		fc.stringMatching(/^\d{18}$/),
	)
	.map(([[prefix, length], body]) => luhn(prefix, length, body));
const phone = fc
	.tuple(
		fc.integer({min: 201, max: 989}),
		fc.integer({min: 200, max: 999}),
		fc.integer({min: 1000, max: 9999}),
	)
	.map(([area, exchange, line]) => `+1 (${area}) ${exchange}-${line}`);
const jwt = fc
	.tuple(
		fc.stringMatching(/^[\w-]{12,40}$/),
		fc.stringMatching(/^[\w-]{12,60}$/),
		fc.stringMatching(/^[\w-]{22,43}$/),
	)
	.map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`);
const apiKey = fc
	.constantFrom('AKIA', 'ghp_', 'sk_live_', 'npm_', 'xoxb-')
	.chain((prefix) =>
		fc
			.stringMatching(/^[A-Z0-9]{36}$/)
			.map((body) => (prefix === 'AKIA' ? prefix + body.slice(0, 16) : prefix + body)),
	);
const uuid = fc.uuid().filter((value) => value !== ID);
const pii = fc.oneof(email, card, phone, jwt, apiKey, uuid);
const word = fc.stringMatching(/^[a-z]{2,8}$/);

/** Where the PII goes in one tracking call. */
const placement = fc.constantFrom(
	'value',
	'nested value',
	'array value',
	'key',
	'url path',
	'url query',
	'referrer',
	'title',
	'name',
	'tag',
	'identify id',
	'identify data',
	'user agent',
	'language',
	'screen',
	'hostname',
);

interface Sinks {
	readonly lines: string[];
	readonly drops: DropInfo[];
	readonly errors: Error[];
}

/** Everything an error carries that an app would log: message, stack, cause chain, JSON, inspect. */
function errorText(error: unknown, depth = 0): string {
	if (depth > 5 || error === undefined || error === null) return '';
	if (!(error instanceof Error)) return String(error);
	return [
		error.name,
		error.message,
		error.stack ?? '',
		JSON.stringify(error),
		inspect(error, {depth: 5}),
		errorText((error as {cause?: unknown}).cause, depth + 1),
	].join('\n');
}

let server: FaultServer;
const instances: UmamiAnalytics[] = [];
beforeEach(async () => {
	server = await startFaultServer();
});
afterEach(async () => {
	await Promise.all(instances.splice(0).map((instance) => instance.shutdown(0)));
	await server.close();
});

function create(options: AnalyticsOptions = {}): {analytics: UmamiAnalytics; sinks: Sinks} {
	const sinks: Sinks = {lines: [], drops: [], errors: []};
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: ID,
		apiUrl: server.url,
		debug: true,
		flushIntervalMs: 60_000,
		maxAttempts: 2,
		logger: {
			warn: (line) => sinks.lines.push(`warn ${line}`),
			debug: (line) => sinks.lines.push(`debug ${line}`),
		},
		onDrop: (info) => sinks.drops.push(info),
		onError: (error) => sinks.errors.push(error),
		...options,
	};
	const analytics = new UmamiAnalytics(resolveConfig('pii', all), all);
	instances.push(analytics);
	return {analytics, sinks};
}

/** All text the library emitted or sent, labelled by where it came from. */
function emitted(analytics: UmamiAnalytics, sinks: Sinks): [string, string][] {
	return [
		['logger', sinks.lines.join('\n')],
		['onDrop', JSON.stringify(sinks.drops)],
		['onError', sinks.errors.map((error) => errorText(error)).join('\n')],
		['stats', JSON.stringify(analytics.stats())],
		['instance JSON', JSON.stringify(analytics)],
		['request bodies', server.requests.map((request) => request.body).join('\n')],
		['request headers', JSON.stringify(server.requests.map((request) => request.headers))],
		['request paths', server.requests.map((request) => request.path).join('\n')],
	];
}

/** The forms a PII string may take on its way out. */
function forms(value: string): string[] {
	const out = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
	return [...out].filter((form) => form.length >= 6);
}

function leaks(analytics: UmamiAnalytics, sinks: Sinks, secrets: readonly string[]): string[] {
	const found: string[] = [];
	for (const [where, text] of emitted(analytics, sinks)) {
		for (const secret of secrets) {
			for (const form of forms(secret)) if (text.includes(form)) found.push(`${where}: ${secret}`);
		}
	}
	return found;
}

function track(
	analytics: UmamiAnalytics,
	where: string,
	secret: string,
	filler: string,
	index: number,
): void {
	const data = {i: index, filler};
	switch (where) {
		case 'value': {
			analytics.trackEvent('ev', {...data, note: `${filler} ${secret} ${filler}`});
			return;
		}
		case 'nested value': {
			analytics.trackEvent('ev', {...data, user: {profile: {contact: `(${secret})`}}});
			return;
		}
		case 'array value': {
			analytics.trackEvent('ev', {...data, list: [filler, secret, 1]});
			return;
		}
		case 'key': {
			analytics.trackEvent('ev', {...data, [secret]: 'x', [`${filler} ${secret}`]: 1});
			return;
		}
		case 'url path': {
			analytics.trackPageView(`/users/${encodeURIComponent(secret)}/${filler}`, {data});
			analytics.trackPageView(`/users/${secret}/${filler}`, {data});
			return;
		}
		case 'url query': {
			analytics.trackPageView(`/p?${filler}=${encodeURIComponent(secret)}&q=${secret}`, {data});
			return;
		}
		case 'referrer': {
			analytics.trackPageView('/', {
				referrer: `https://example.com/${secret}?r=${encodeURIComponent(secret)}`,
				data,
			});
			return;
		}
		case 'title': {
			analytics.trackPageView('/', {title: `Profile of ${secret}`, data});
			return;
		}
		case 'name': {
			analytics.trackEvent(`${filler} ${secret}`, data);
			return;
		}
		case 'tag': {
			analytics.trackEvent('ev', data, {tag: secret});
			return;
		}
		case 'identify id': {
			analytics.identify(secret, data);
			return;
		}
		case 'identify data': {
			analytics.identify('user-1', {...data, [filler]: secret});
			return;
		}
		case 'user agent': {
			analytics.trackEvent('ev', data, {userAgent: `Mozilla/5.0 ${secret}`});
			return;
		}
		case 'language': {
			analytics.trackEvent('ev', data, {language: secret});
			return;
		}
		case 'screen': {
			analytics.trackEvent('ev', data, {screen: secret});
			return;
		}
		case 'hostname': {
			analytics.trackEvent('ev', data, {hostname: secret});
			return;
		}
	}
}

/** Flushes until nothing is held (bounded): retries, rejections and give-ups all run through their paths. */
async function drain(analytics: UmamiAnalytics): Promise<void> {
	for (let round = 0; round < 40 && analytics.stats().queued > 0; round++) {
		await analytics.flush();
		if (analytics.stats().queued > 0) await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('generated PII never leaks, by any path', () => {
	it('not in payloads, headers, debug/warn lines, onDrop, onError (with causes) or stats — with faults', async () => {
		const {analytics, sinks} = create();
		// Faults on a share of requests: resets (network errors → onError; two in a row, since a request reset
		// on a reused connection is sent once more on a new one), 400 (rejected → onDrop), 500 (retried, then
		// server_error), and everything else stored.
		let count = 0;
		server.setHandler(() => {
			count++;
			if (count % 7 === 3 || count % 7 === 4) return {type: 'reset'};
			if (count % 7 === 5) return {type: 'status', status: 400, body: '{"error":"bad"}'};
			if (count % 11 === 4) return {type: 'status', status: 500};
			return undefined;
		});
		const secrets: string[] = [];
		let index = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(placement, pii, word), {minLength: 5, maxLength: 25}),
				async (calls) => {
					for (const [where, secret, filler] of calls) {
						secrets.push(secret);
						track(analytics, where, secret, filler, index++);
					}
					await analytics.flush();
				},
			),
			{numRuns: 40},
		);
		server.setHandler(undefined);
		await drain(analytics);
		const stats = analytics.stats();
		expect(stats.queued).toBe(0);
		expect(stats.tracked).toBe(stats.sent + stats.droppedTotal + stats.filtered);
		// The fault paths were really taken.
		expect(sinks.errors.length).toBeGreaterThan(0);
		expect(sinks.drops.length).toBeGreaterThan(0);
		expect(sinks.lines.some((line) => line.startsWith('debug'))).toBe(true);
		expect(server.stored.length).toBeGreaterThan(0);
		expect(leaks(analytics, sinks, secrets)).toEqual([]);
	});

	it('not in onDrop or logs when events overflow the queue, are dropped at shutdown, or hit the PII gate', async () => {
		const {analytics, sinks} = create({queueSize: 5});
		server.setHandler(() => ({type: 'hang'}));
		const secrets = fc.sample(pii, {numRuns: 60, seed: 42});
		for (const [index, secret] of secrets.entries()) {
			analytics.trackEvent(
				`signup ${secret}`,
				{i: index, [secret]: secret},
				{url: `/u/${secret}`, title: secret},
			);
		}
		// A beforeSend that re-inserts PII: sanitized again, and the final gate still holds.
		const gated = create({
			beforeSend: (event) => ({...event, payload: {...event.payload, title: secrets[0]!, name: secrets[1]!}}),
		});
		gated.analytics.trackEvent('ev', {a: 1});
		await analytics.shutdown(200);
		await gated.analytics.flush();
		expect(analytics.stats().dropped.queue_overflow).toBeGreaterThan(0);
		expect(analytics.stats().dropped.shutdown_timeout).toBeGreaterThan(0);
		expect(leaks(analytics, sinks, secrets)).toEqual([]);
		expect(leaks(gated.analytics, gated.sinks, secrets)).toEqual([]);
	});

	it('a URL that is no string is refused as invalid: its throwing toString is never called', () => {
		const {analytics, sinks} = create();
		const secret = 'jane.roe@example.com';
		let rendered = 0;
		const url = {
			toString(): string {
				rendered++;
				throw new Error(`cannot render URL for ${secret}`);
			},
		};
		analytics.trackEvent('ev', {}, {url: url as unknown as string});
		expect(analytics.stats().dropped.invalid).toBe(1);
		expect(rendered).toBe(0);
		expect(sinks.errors).toEqual([]);
		expect(sinks.lines.join('\n')).not.toContain(secret);
	});

	it('an error thrown by the caller’s own input (a throwing Proxy) reaches onError without its message', () => {
		const {analytics, sinks} = create();
		const secret = 'jane.roe@example.com';
		const context = new Proxy(
			{},
			{
				get: () => {
					throw new Error(`cannot read context of ${secret}`);
				},
			},
		);
		analytics.trackEvent('ev', {}, context);
		expect(sinks.errors).toHaveLength(1);
		const [error] = sinks.errors;
		expect(error?.message).not.toContain(secret);
		// Only the class of the caller's error travels on as `cause`.
		expect(errorText(error)).not.toContain(secret);
		expect(sinks.lines.join('\n')).not.toContain(secret);
	});
});

describe('the API key appears nowhere', () => {
	const KEY = 'ugk_LIVE_9fQ2xTz7Lp3Wm8Rv4Nc6Yb1Hd5Ks0Ja';

	it('not in logs, errors, onDrop, stats, JSON.stringify(instance), request headers or bodies', async () => {
		const {analytics, sinks} = create({apiKey: KEY});
		server.next({type: 'reset'}, {type: 'status', status: 400}, {type: 'status', status: 503});
		analytics.trackEvent('ev', {a: 1});
		analytics.trackPageView('/', {title: 'home'});
		await drain(analytics);
		analytics.trackEvent('after', {x: 1});
		await analytics.flush();
		await analytics.shutdown(100);
		expect(server.requests.length).toBeGreaterThan(0);
		expect(sinks.lines.length).toBeGreaterThan(0);
		expect(leaks(analytics, sinks, [KEY])).toEqual([]);
		// The ingestion API needs no key: no header carries it in any form.
		for (const request of server.requests) {
			expect(request.headers['authorization']).toBeUndefined();
			expect(request.headers['x-umami-api-key']).toBeUndefined();
		}
	});

	it('the resolved `config` keeps the key out of JSON.stringify(instance.config) and console.log(instance)', () => {
		const {analytics} = create({apiKey: KEY});
		expect(JSON.stringify(analytics)).not.toContain(KEY);
		expect(String(analytics)).not.toContain(KEY);
		// `apiKey` is non-enumerable on the resolved config: JSON, inspect and spreads skip it.
		expect(JSON.stringify(analytics.config)).not.toContain(KEY);
		expect(inspect(analytics, {depth: 4})).not.toContain(KEY);
		expect(analytics.config.apiKey).toBe(KEY);
	});

	it('the configured key is itself a redaction pattern (a key of unknown format in an event is redacted)', async () => {
		const {analytics, sinks} = create({apiKey: KEY});
		analytics.trackPageView('/', {title: KEY});
		await analytics.flush();
		expect(leaks(analytics, sinks, [KEY])).toEqual([]);
	});
});

describe('FIXED: PII glued to a word by `_`, `-`, `.` or a letter (see docs/reliability.md)', () => {
	const CARD = '4194046759271746';
	// A JWT as fast-check generated it (base64url segments full of `-` and `_`).
	const JWT = 'eyJ-vd__5_-3-99H--n__9_.eyJ_-w-S6d4o-3_7146_yOO--9_-1.-_0--w_6-3S---__6_w9r-e_N_A3Choxi-x_sN';
	const UUID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
	const AWS = 'AKIAIOSFODNN7EXAMPLE';

	it('a card number after `user_` / `order-` / `ref.` is redacted in values and keys and never reaches Umami', async () => {
		const {analytics, sinks} = create();
		analytics.trackEvent('ev', {a: `user_${CARD}`, b: `order-${CARD}`, c: `ref.${CARD}`});
		analytics.trackEvent('ev', {[`user_${CARD}`]: 1});
		await analytics.flush();
		expect(analytics.stats().sent).toBe(2);
		expect(server.requests.length).toBeGreaterThan(0);
		const bodies = server.requests.map((request) => request.body).join('\n');
		expect(bodies).toContain('user_[REDACTED_CARD]');
		expect(bodies).toContain('order-[REDACTED_CARD]');
		expect(bodies).toContain('ref.[REDACTED_CARD]');
		expect(leaks(analytics, sinks, [CARD])).toEqual([]);
	});

	it('a JWT glued to a key is redacted, the event is sent, and nothing names the token', async () => {
		const {analytics, sinks} = create();
		analytics.trackEvent('ev', {[JWT]: 'x', [`ab_${JWT}`]: 1});
		await analytics.flush();
		expect(analytics.stats().dropped.pii_gate ?? 0).toBe(0);
		expect(analytics.stats().sent).toBe(1);
		expect(server.requests.map((request) => request.body).join('\n')).toContain('ab_[REDACTED_JWT]');
		expect(leaks(analytics, sinks, [JWT])).toEqual([]);
	});

	it('UUIDs and AWS keys with no separator before or after are redacted and never reach Umami', async () => {
		const {analytics, sinks} = create();
		analytics.trackEvent('ev', {a: `id${UUID}x`, b: `key${AWS}x`, [`id${UUID}x`]: 1, [`key${AWS}x`]: 2});
		await analytics.flush();
		expect(analytics.stats().sent).toBe(1);
		const bodies = server.requests.map((request) => request.body).join('\n');
		expect(bodies).toContain('id[REDACTED_UUID]x');
		expect(bodies).toContain('key[REDACTED_API_KEY]x');
		expect(leaks(analytics, sinks, [UUID, AWS])).toEqual([]);
	});

	it('glued ids stay: `order_1234567` is sent as is', async () => {
		const {analytics} = create();
		analytics.trackEvent('ev', {order: 'order_1234567', build: 'build-20240315'});
		await analytics.flush();
		expect(analytics.stats().sent).toBe(1);
		const bodies = server.requests.map((request) => request.body).join('\n');
		expect(bodies).toContain('order_1234567');
		expect(bodies).toContain('build-20240315');
	});
});
