/**
 * The request context of the Node adapters (Express, Fastify, Koa, NestJS), over real HTTP on 127.0.0.1:
 * hostname from `Host`, language = first of `Accept-Language`, the end user's User-Agent as
 * `payload.userAgent`, the referrer sanitized, and the client IP only as `identity.ip` allows — taken from
 * the framework's own `ip` (so from `X-Forwarded-For` only when the app trusts its proxy).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {IpMode} from '../../src/config/options.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {nodeFrameworks, send, storedAfter, trackedAnalytics} from '../helpers/tracked-apps.js';
import {BROWSER_UA} from '../helpers/umami.js';

const headers = {
	host: 'Shop.Example.com:8443',
	'accept-language': 'de-CH,de;q=0.9,en;q=0.8',
	'user-agent': BROWSER_UA,
	referer: 'https://news.example/read/jane.doe@example.com?utm_source=feed&token=s3cr3t',
	'x-forwarded-for': '203.0.113.77, 10.0.0.1',
};

/** What Umami receives from those headers for `GET /page/7`, the IP aside. */
const context = {
	url: '/page/:n',
	hostname: 'shop.example.com',
	language: 'de-CH',
	userAgent: BROWSER_UA,
	// A referrer keeps the allowlisted query keys only (queryAllowlist); its path is sanitized.
	referrer: 'https://news.example/read/[REDACTED_EMAIL]?utm_source=feed',
};

describe.each(Object.entries(nodeFrameworks))('%s', (_name, framework) => {
	let umami: FaultServer;

	beforeAll(async () => {
		umami = await startFaultServer();
	});
	afterAll(async () => {
		await umami.close();
	});

	it.each<[IpMode, boolean, string | undefined]>([
		['none', true, undefined],
		['forward', true, '203.0.113.77'],
		['truncate', true, '203.0.113.0'],
		// Without trust in the proxy, the framework's IP is the socket's: X-Forwarded-For is not believed.
		['forward', false, '127.0.0.1'],
	])(
		'identity.ip %s (trust proxy: %s) → ip %s; hostname, language, userAgent, referrer',
		async (ip, trustProxy, expected) => {
			umami.reset();
			const analytics = trackedAnalytics(umami, {identity: {ip}});
			const app = await framework(analytics, {trustProxy});
			try {
				expect((await send(app.base, '/page/7', {headers})).body).toBe('ok');
				const [event, ...rest] = await storedAfter(analytics, umami, 1);
				expect(rest).toEqual([]);
				const {data: _data, website: _website, timestamp: _timestamp, ...sent} = event ?? {};
				expect(sent).toEqual(expected === undefined ? context : {...context, ip: expected});
				const bodies = JSON.stringify(umami.requests.map((request) => request.body));
				expect(bodies).not.toMatch(/jane\.doe|s3cr3t/);
				if (expected === undefined) expect(bodies).not.toMatch(/203\.0\.113|127\.0\.0\.1/);
			} finally {
				await app.close();
				await analytics.shutdown(1000);
			}
		},
	);
});
