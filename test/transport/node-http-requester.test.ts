/**
 * What `createNodeFetch` does beyond the transport tests that run over both requesters (http.test.ts): the
 * stale kept-alive socket is retried once and only once, header values go out as the bytes `fetch` sends,
 * answers are read whole, aborts reject with the signal's reason, and idle sockets never hold a process.
 */
import {execFile} from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import {createServer, type Server, type Socket} from 'node:net';
import type {AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {createNodeFetch} from '../../src/transport/index.js';
import {tsCommand} from '../helpers/runtime.js';

const servers: {server: Server; sockets: Set<Socket>}[] = [];
afterEach(async () => {
	await Promise.all(
		servers.splice(0).map(({server, sockets}) => {
			for (const socket of sockets) socket.destroy();
			return new Promise((resolve) => server.close(() => resolve(undefined)));
		}),
	);
});

/**
 * A raw TCP server: `onRequest(connection, requestIndex, raw)` decides per request (each request is the
 * bytes up to the end of its headers plus its `content-length` body).
 */
async function rawServer(
	onRequest: (socket: Socket, connection: number, request: number, raw: Buffer) => void,
): Promise<{url: string; connections: () => number; requests: () => number}> {
	let connections = 0;
	let requests = 0;
	const sockets = new Set<Socket>();
	const server = createServer((socket) => {
		const connection = ++connections;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let buffered = Buffer.alloc(0);
		socket.on('data', (chunk: Buffer) => {
			buffered = Buffer.concat([buffered, chunk]);
			for (;;) {
				const end = buffered.indexOf('\r\n\r\n');
				if (end === -1) return;
				const head = buffered.subarray(0, end).toString('latin1');
				const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
				if (buffered.length < end + 4 + length) return;
				const raw = buffered.subarray(0, end + 4 + length);
				buffered = buffered.subarray(end + 4 + length);
				onRequest(socket, connection, ++requests, raw);
			}
		});
	});
	servers.push({server, sockets});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		connections: () => connections,
		requests: () => requests,
	};
}

const ok = (socket: Socket, body = '{"ok":true}'): void => {
	socket.write(
		`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`,
	);
};

const post = (body = '[]'): {method: 'POST'; headers: Record<string, string>; body: string} => ({
	method: 'POST',
	headers: {'content-type': 'application/json'},
	body,
});

describe('createNodeFetch', () => {
	it('a reused socket the server closed is retried once on a new connection; a fresh one is not', async () => {
		// Connection 1 answers its first request, then resets on the next one (the keep-alive race);
		// connection 2 answers.
		const server = await rawServer((socket, connection, request) => {
			if (connection === 1 && request > 1) socket.resetAndDestroy();
			else ok(socket);
		});
		const fetchLike = createNodeFetch({http, https});
		expect((await fetchLike(`${server.url}/api/batch`, post())).status).toBe(200);
		expect((await fetchLike(`${server.url}/api/batch`, post())).status).toBe(200);
		expect(server.connections()).toBe(2);
		expect(server.requests()).toBe(3);
	});

	it('a reset on a new connection fails with ECONNRESET, and the retry happens only once', async () => {
		const server = await rawServer((socket, _connection, request) => {
			if (request === 1) ok(socket);
			else socket.resetAndDestroy();
		});
		const fetchLike = createNodeFetch({http, https});
		await fetchLike(`${server.url}/api/batch`, post());
		const error = await fetchLike(`${server.url}/api/batch`, post()).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(TypeError);
		expect((error as {cause?: {code?: string}}).cause?.code).toBe('ECONNRESET');
		// The reused socket, then one new connection: not a third.
		expect(server.connections()).toBe(2);
		expect(server.requests()).toBe(3);
	});

	it('sends the body as UTF-8 with its byte length and header values as Latin-1 bytes, like fetch', async () => {
		const seen: Buffer[] = [];
		const server = await rawServer((socket, _connection, _request, raw) => {
			seen.push(raw);
			ok(socket);
		});
		const fetchLike = createNodeFetch({http, https});
		// What the transport does with a UTF-8 city: each byte as one Latin-1 character.
		const city = String.fromCharCode(...Buffer.from('München', 'utf8'));
		await fetchLike(`${server.url}/api/batch`, {
			method: 'POST',
			headers: {'cf-ipcity': city},
			body: '["é😀"]',
		});
		const raw = seen[0]!;
		expect(raw.includes(Buffer.from('cf-ipcity: München\r\n', 'utf8'))).toBe(true);
		expect(raw.includes(Buffer.from('content-length: 10\r\n', 'latin1'))).toBe(true);
		expect(raw.subarray(raw.length - 10).toString('utf8')).toBe('["é😀"]');
	});

	it('reads the whole answer: status, headers (repeated ones joined), a UTF-8 body split across packets', async () => {
		const server = await rawServer((socket) => {
			const body = Buffer.from('{"city":"München"}', 'utf8');
			socket.write(
				`HTTP/1.1 429 Too Many Requests\r\nretry-after: 7\r\nx-many: a\r\nx-many: b\r\ncontent-length: ${body.length}\r\n\r\n`,
			);
			// Split inside the two bytes of "ü".
			const cut = body.indexOf(0xc3) + 1;
			socket.write(body.subarray(0, cut));
			setTimeout(() => socket.write(body.subarray(cut)), 20);
		});
		const answer = await createNodeFetch({http, https})(`${server.url}/api/send`, post());
		expect(answer.status).toBe(429);
		expect(answer.headers.get('Retry-After')).toBe('7');
		expect(answer.headers.get('x-many')).toBe('a, b');
		expect(answer.headers.get('x-none')).toBeNull();
		expect(await answer.text()).toBe('{"city":"München"}');
	});

	it("rejects with the signal's reason, before the request and while the answer is awaited", async () => {
		const server = await rawServer(() => undefined); // never answers
		const fetchLike = createNodeFetch({http, https});
		const early = new AbortController();
		early.abort(new Error('early'));
		await expect(fetchLike(`${server.url}/x`, {...post(), signal: early.signal})).rejects.toThrow('early');
		const late = new AbortController();
		const pending = fetchLike(`${server.url}/x`, {...post(), signal: late.signal});
		setTimeout(() => late.abort(new Error('late')), 50);
		await expect(pending).rejects.toThrow('late');
	});

	it('sends each URL as Node would: path and query, host and port, credentials as basic auth, IPv6 unbracketed', async () => {
		const seen: string[] = [];
		const server = await rawServer((socket, _connection, _request, raw) => {
			const head = raw.toString('latin1');
			const line = head.slice(0, head.indexOf('\r\n'));
			const host = /\r\nhost: ([^\r]*)/i.exec(head)?.[1];
			const auth = /\r\nauthorization: ([^\r]*)/i.exec(head)?.[1];
			seen.push(`${line} | ${host} | ${auth ?? '-'}`);
			ok(socket);
		});
		const port = new URL(server.url).port;
		const fetchLike = createNodeFetch({http, https});
		const urls = [
			`${server.url}/api/batch`,
			`${server.url}/base/api/send?x=1&y=%C3%A9`,
			`http://us%40er:p%3Ass@127.0.0.1:${port}/api/batch`,
			`${server.url}/api/batch`,
		];
		for (const url of urls) await (await fetchLike(url, post())).text();
		await (
			await fetchLike(`http://[::ffff:127.0.0.1]:${port}/api/heartbeat`, {method: 'GET', headers: {}})
		).text();
		const basic = Buffer.from('us@er:p:ss').toString('base64');
		expect(seen).toEqual([
			`POST /api/batch HTTP/1.1 | 127.0.0.1:${port} | -`,
			`POST /base/api/send?x=1&y=%C3%A9 HTTP/1.1 | 127.0.0.1:${port} | -`,
			`POST /api/batch HTTP/1.1 | 127.0.0.1:${port} | Basic ${basic}`,
			`POST /api/batch HTTP/1.1 | 127.0.0.1:${port} | -`,
			`GET /api/heartbeat HTTP/1.1 | [::ffff:7f00:1]:${port} | -`,
		]);
	});

	it('refuses what is not http or https', async () => {
		const error = await createNodeFetch({http, https})('ftp://127.0.0.1/x', post()).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(TypeError);
	});

	it('idle kept-alive sockets do not keep a process alive', async () => {
		const server = await rawServer((socket) => ok(socket));
		const script = fileURLToPath(new URL('fixtures/node-http-requester-exit.ts', import.meta.url));
		// The child makes two requests, then has nothing left to do: it must exit by itself, long before
		// the server would close the connection (this server never does).
		const child = await new Promise<{code: number | null; stdout: string}>((resolve) => {
			const [command, args] = tsCommand(script, [server.url]);
			const started = execFile(command, args, {encoding: 'utf8', timeout: 20_000}, (_error, stdout) =>
				resolve({code: started.exitCode, stdout}),
			);
		});
		expect(child.stdout).toContain('200 200');
		expect(child.code).toBe(0);
	});
});
