import {describe, expect, it} from 'vitest';
import {
	classifyBatchItem,
	classifyError,
	classifyResponse,
	classifySendBody,
	parseRetryAfter,
} from '../../src/transport/index.js';

const context = {nowMs: Date.parse('2025-01-01T00:00:00Z'), maxRetryAfterMs: 60_000, endpoint: '/api/batch'};

describe('parseRetryAfter', () => {
	it('reads delay-seconds and HTTP dates, capped and clamped', () => {
		expect(parseRetryAfter('3', context.nowMs, 60_000)).toBe(3000);
		expect(parseRetryAfter(' 0 ', context.nowMs, 60_000)).toBe(0);
		expect(parseRetryAfter('3600', context.nowMs, 60_000)).toBe(60_000);
		expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', context.nowMs, 60_000)).toBe(30_000);
		expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', context.nowMs, 60_000)).toBe(0);
		expect(parseRetryAfter('9'.repeat(400), context.nowMs, 60_000)).toBe(60_000);
	});

	it('ignores absent or garbage values', () => {
		for (const value of [null, undefined, '', 'soon', '-5', '1.5e3', '12abc']) {
			expect(parseRetryAfter(value, context.nowMs, 60_000)).toBeUndefined();
		}
	});
});

describe('classifyResponse', () => {
	it('2xx → delivered', () => {
		expect(classifyResponse(200, null, context)).toEqual({status: 'delivered'});
		expect(classifyResponse(204, null, context)).toEqual({status: 'delivered'});
	});

	it('408 and 5xx → retry server, 429 → rate_limited, with Retry-After', () => {
		expect(classifyResponse(500, null, context)).toEqual({
			status: 'retry',
			kind: 'server',
			httpStatus: 500,
			detail: 'HTTP 500 from /api/batch',
		});
		expect(classifyResponse(408, null, context)).toMatchObject({status: 'retry', kind: 'server'});
		expect(classifyResponse(503, '7', context)).toMatchObject({kind: 'server', retryAfterMs: 7000});
		expect(classifyResponse(429, '120', context)).toMatchObject({kind: 'rate_limited', retryAfterMs: 60_000});
	});

	it('other statuses → rejected, never retried', () => {
		for (const status of [400, 401, 403, 404, 405, 413, 422, 301]) {
			expect(classifyResponse(status, '5', context)).toEqual({
				status: 'rejected',
				httpStatus: status,
				detail: `HTTP ${status} from /api/batch`,
			});
		}
	});

	it('a 400 carrying a database failure (Umami 2.10 with PostgreSQL down) → retry, a validation 400 → rejected', () => {
		const prisma =
			"Invalid `prisma.website.findUnique()` invocation: Can't reach database server at `127.0.0.1:5432`";
		expect(classifyResponse(400, null, {...context, body: prisma})).toMatchObject({
			status: 'retry',
			kind: 'server',
			httpStatus: 400,
			detail: 'HTTP 400 from /api/batch (database unavailable)',
		});
		expect(classifyResponse(400, null, {...context, body: '{"error":{"code":"bad-request"}}'})).toMatchObject(
			{
				status: 'rejected',
			},
		);
	});

	// Measured on a real Umami 2.10 while its PostgreSQL was stopped and started (4 senders, 4 outages): most
	// 400s carry Prisma's `Invalid \`prisma…\`` text, but node-postgres's code-less connection errors reach the
	// body bare. One of them cost an event in CI before they were recognised.
	it.each([
		'Connection terminated unexpectedly',
		'Connection terminated',
		'Client has encountered a connection error and is not queryable',
		'Client was closed and is not queryable',
		'timeout exceeded when trying to connect',
		'Query read timeout',
	])('node-postgres connection error %j in a 400 → retry', (body) => {
		expect(classifyResponse(400, null, {...context, body})).toMatchObject({status: 'retry', kind: 'server'});
	});

	it.each([
		'Invalid hostname.',
		'Invalid website ID.',
		'Invalid payload.',
		'Data required.',
		'payload.url must be at most 500 characters',
		'Session not found.',
	])('Umami 2.10 client-data 400 %j → rejected', (body) => {
		expect(classifyResponse(400, null, {...context, body})).toMatchObject({status: 'rejected'});
	});
});

describe('an unknown website id (bodies measured on real servers, issue 13 item 4)', () => {
	const context = {nowMs: 0, maxRetryAfterMs: 60_000, endpoint: '/api/send'};
	it('Umami 2.10: 403 text `Website not found: <id>.`', () => {
		const body = 'Website not found: 989e0123-0397-4855-a103-503839763b4d.';
		expect(classifyResponse(403, null, {...context, body})).toEqual({
			status: 'rejected',
			httpStatus: 403,
			websiteNotFound: true,
			detail: 'HTTP 403 from /api/send (website not found)',
		});
	});
	it('Umami 3.1: 400 JSON on /api/send, and the same per item of a /api/batch answer', () => {
		const error = {message: 'Website not found.', code: 'bad-request', status: 400};
		expect(classifyResponse(400, null, {...context, body: JSON.stringify({error})})).toMatchObject({
			status: 'rejected',
			websiteNotFound: true,
		});
		expect(classifyBatchItem({error}, '/api/batch')).toEqual({
			status: 'rejected',
			httpStatus: 400,
			websiteNotFound: true,
			detail: 'batch item failed on /api/batch (HTTP 400) bad-request (website not found)',
		});
	});
	it('other refusals are not taken for it (2.10’s 404 page for /api/batch, a bad request)', () => {
		const page =
			'<!DOCTYPE html><html><head><title>umami</title></head><body><h1>Page not found</h1></body></html>';
		expect(classifyResponse(404, null, {...context, body: page})).not.toHaveProperty('websiteNotFound');
		expect(classifyResponse(400, null, {...context, body: 'Bad Request'})).not.toHaveProperty(
			'websiteNotFound',
		);
		expect(
			classifyBatchItem({error: {message: 'Bad request', status: 400}}, '/api/batch'),
		).not.toHaveProperty('websiteNotFound');
	});
});

describe('classifyError', () => {
	const base = {timedOut: false, aborted: false, timeoutMs: 10_000, endpoint: '/api/send'};

	it('timeout beats everything', () => {
		expect(classifyError(new Error('x'), {...base, timedOut: true, aborted: true})).toEqual({
			status: 'retry',
			kind: 'timeout',
			detail: 'timeout after 10000 ms on /api/send',
		});
	});

	it('caller abort → retry network (the queue decides)', () => {
		expect(classifyError(new Error('x'), {...base, aborted: true})).toMatchObject({
			kind: 'network',
			detail: 'aborted on /api/send',
		});
	});

	it('keeps only a well-formed error code from the cause chain', () => {
		const refused = new TypeError('fetch failed', {
			cause: Object.assign(new Error('connect'), {code: 'ECONNREFUSED'}),
		});
		expect(classifyError(refused, base).detail).toBe('network error ECONNREFUSED on /api/send');
		const weird = Object.assign(new Error('secret=abc'), {code: 'user@example.com'});
		expect(classifyError(weird, base).detail).toBe('network error unknown on /api/send');
		expect(classifyError('string', base).detail).toBe('network error unknown on /api/send');
	});

	it("names Deno's code-less errors by their system message, and reports only the code", () => {
		const deno = (message: string) => new TypeError('fetch failed', {cause: new Error(message)});
		const url = 'error sending request for url (http://127.0.0.1:3000/api/batch?email=jane@example.com)';
		expect(classifyError(deno(`${url}: tcp connect error: Connection refused (os error 111)`), base)).toEqual(
			{
				status: 'retry',
				kind: 'network',
				code: 'ECONNREFUSED',
				detail: 'network error ECONNREFUSED on /api/send',
			},
		);
		expect(classifyError(deno('Connection reset by peer (os error 104)'), base).detail).toBe(
			'network error ECONNRESET on /api/send',
		);
		expect(classifyError(deno(`${url}: connection closed before message completed`), base).detail).toBe(
			'network error ECONNRESET on /api/send',
		);
		expect(classifyError(deno(`${url}: dns error: failed to lookup address`), base).detail).toBe(
			'network error ENOTFOUND on /api/send',
		);
		// A real code anywhere in the chain wins over a message.
		const coded = new TypeError('Connection reset', {cause: Object.assign(new Error('x'), {code: 'EPIPE'})});
		expect(classifyError(coded, base).detail).toBe('network error EPIPE on /api/send');
		expect(classifyError(deno('connection '.repeat(50_000)), base).detail).toBe(
			'network error unknown on /api/send',
		);
	});
});

describe('classifyBatchItem', () => {
	it('v3 error bodies: 5xx → retry, 4xx → rejected', () => {
		expect(
			classifyBatchItem({error: {message: 'Server error', code: 'server-error', status: 500}}, '/api/batch'),
		).toEqual({
			status: 'retry',
			kind: 'server',
			httpStatus: 500,
			detail: 'batch item failed on /api/batch (HTTP 500) server-error',
		});
		expect(
			classifyBatchItem({error: {message: 'Bad request', code: 'bad-request', status: 400}}, '/api/batch'),
		).toMatchObject({status: 'rejected', httpStatus: 400});
		expect(classifyBatchItem({error: {code: 'server-error'}}, '/api/batch')).toMatchObject({status: 'retry'});
		expect(classifyBatchItem({error: {status: 429}}, '/api/batch')).toMatchObject({kind: 'rate_limited'});
	});

	it('unknown shapes → rejected; the detail never echoes the message', () => {
		const shapes = [
			undefined,
			null,
			'Website not found.',
			{error: 'boom'},
			{error: {message: 'email a@b.c'}},
		];
		for (const response of shapes) {
			const result = classifyBatchItem(response, '/api/batch');
			expect(result.status).toBe('rejected');
			expect(JSON.stringify(result)).not.toMatch(/a@b|boom|Website/);
		}
	});
});

describe('classifySendBody', () => {
	it('bots: {"beep":"boop"} (v3) and {} (v2.10)', () => {
		expect(classifySendBody('{"beep":"boop"}')).toBe('bot_filtered');
		expect(classifySendBody(' {} ')).toBe('bot_filtered');
	});

	it('hits: a text token (v2.10) or {cache, sessionId, visitId} (v3)', () => {
		expect(classifySendBody('eyJhbGciOiJIUzI1NiJ9.abc.def')).toBe('delivered');
		expect(classifySendBody('{"cache":"x","sessionId":"s","visitId":"v"}')).toBe('delivered');
		expect(classifySendBody('')).toBe('delivered');
		expect(classifySendBody('{not json')).toBe('delivered');
	});
});
