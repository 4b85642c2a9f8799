/**
 * A fault-injecting stand-in for Umami's ingestion API on 127.0.0.1, for any test that needs real HTTP.
 *
 * By default it behaves like Umami v3 (`/api/batch`, `/api/send`, `/api/heartbeat`, bots detected with the
 * real `isbot` and answered `{"beep":"boop"}`) or, with `version: '2.10'`, like Umami 2.10 (`/api/batch` →
 * 404, `/api/send` answers a text token, bots get `{}`, header User-Agent only, and optionally the
 * first-request-per-session race that answers 500). Faults are scripted per request with {@link FaultAction}s:
 * `next(...)` queues one-shot actions consumed in arrival order, `setHandler(fn)` decides for every request
 * that finds the script empty.
 *
 * Every request is recorded (method, path, headers, body, socket number). Every event the server *stores*
 * is counted by an index field of its `data` (`i` by default), so tests can assert exactly what was lost
 * or duplicated with {@link FaultServer.tally}. `delay` and `trickle` store the events before answering,
 * as a real Umami does, so a client that times out there and retries creates a genuine duplicate.
 *
 * @example
 * ```ts
 * const server = await startFaultServer();
 * server.next({type: 'status', status: 429, headers: {'retry-after': '2'}});
 * await server.down(); // refuse connections
 * await server.up(); // same port again
 * expect(server.tally(100)).toEqual({stored: 100, missing: [], duplicated: []});
 * await server.close();
 * ```
 */
import {createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {isbot} from 'isbot';

/** What the server does with one request. */
export type FaultAction =
	/** Behave like the configured Umami version. */
	| {readonly type: 'default'}
	/** Answer `status` (200 by default) with a JSON body. Stores nothing. */
	| {readonly type: 'json'; readonly status?: number; readonly body: unknown; readonly headers?: Headers}
	/** Answer `status` (200 by default) with a text body. Stores nothing. */
	| {readonly type: 'text'; readonly status?: number; readonly body: string; readonly headers?: Headers}
	/** Answer `status` with an empty or short body, e.g. 500, 404 or 429 with `Retry-After`. Stores nothing. */
	| {readonly type: 'status'; readonly status: number; readonly headers?: Headers; readonly body?: string}
	/**
	 * A `/api/batch` answer where items fail: `fail(event, index)` returns the per-item `response` Umami would
	 * put in `details` (e.g. `{error: {status: 500, code: 'server-error'}}`), or `undefined` to store the item.
	 */
	| {readonly type: 'partial'; readonly fail: (event: StoredEvent['event'], index: number) => unknown}
	/** Store as usual, but answer only after `ms`. */
	| {readonly type: 'delay'; readonly ms: number}
	/** Store as usual, then send the answer's bytes one at a time every `intervalMs`. */
	| {readonly type: 'trickle'; readonly intervalMs: number}
	/** Destroy the socket once the request body has arrived: the client sees a reset, nothing is stored. */
	| {readonly type: 'reset'}
	/** Never answer (until the client gives up or the server closes). Nothing is stored. */
	| {readonly type: 'hang'};

type Headers = Readonly<Record<string, string>>;

/** One request as the server received it. */
export interface RecordedRequest {
	readonly method: string;
	readonly path: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: string;
	/** 1-based number of the TCP connection it arrived on (for keep-alive assertions). */
	readonly socket: number;
	/** `Date.now()` when the body had arrived. */
	readonly at: number;
}

/** One event the server stored. */
export interface StoredEvent {
	readonly event: {readonly type?: unknown; readonly payload?: Record<string, unknown>};
	/** Value of the index field in `payload.data`, when it is a number. */
	readonly index: number | undefined;
	/** `Date.now()` when it was stored. */
	readonly at: number;
	readonly endpoint: '/api/batch' | '/api/send';
}

/** Options of {@link startFaultServer}. */
export interface FaultServerOptions {
	/** Which Umami to imitate. @default '3' */
	readonly version?: '3' | '2.10';
	/** Name of the numeric field in `payload.data` that identifies events. @default 'i' */
	readonly indexField?: string;
	/**
	 * Umami 2.10's race: while the first request of a new session (website, IP, header UA) is being
	 * processed, other requests of that session answer 500 and are not stored. Only with `version: '2.10'`.
	 * @default false
	 */
	readonly sessionRace?: boolean;
	/** How long creating a session takes when `sessionRace` is on. @default 30 */
	readonly sessionCreateMs?: number;
}

/** A running fault server. */
export interface FaultServer {
	/** `http://127.0.0.1:PORT`, no trailing slash. */
	readonly url: string;
	readonly port: number;
	/** Every request received, in arrival order. */
	readonly requests: RecordedRequest[];
	/** Every event stored, in storage order. */
	readonly stored: StoredEvent[];
	/** Distinct TCP connections accepted so far. */
	connections(): number;
	/** Most requests open at once (arrived, not yet answered or reset) since the start or `reset()`. */
	peakOpen(): number;
	/** Queues one-shot actions for the next requests, in order. */
	next(...actions: FaultAction[]): void;
	/** Decides for requests that find the script empty; `undefined` (or returning it) means `default`. */
	setHandler(handler: ((request: RecordedRequest) => FaultAction | undefined) | undefined): void;
	/** Stops listening and destroys every open connection: new connections are refused. */
	down(): Promise<void>;
	/** Listens again on the same port. */
	up(): Promise<void>;
	/** Times each index was stored. */
	counts(): Map<number, number>;
	/** Exact loss and duplication over indices `0 … expected-1`. */
	tally(expected: number): {stored: number; missing: number[]; duplicated: number[]};
	/** Forgets requests, stored events and sessions (not the script). */
	reset(): void;
	/** Closes the server for good. */
	close(): Promise<void>;
}

interface Context {
	readonly request: RecordedRequest;
	readonly res: ServerResponse;
	readonly socket: Socket;
}

/** Starts a {@link FaultServer} on 127.0.0.1 with an ephemeral port. */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
	const version = options.version ?? '3';
	const indexField = options.indexField ?? 'i';
	const sessionRace = version === '2.10' && options.sessionRace === true;
	const sessionCreateMs = options.sessionCreateMs ?? 30;

	const requests: RecordedRequest[] = [];
	const stored: StoredEvent[] = [];
	const script: FaultAction[] = [];
	let handler: ((request: RecordedRequest) => FaultAction | undefined) | undefined;
	const sockets = new Set<Socket>();
	const socketIds = new WeakMap<Socket, number>();
	let socketCount = 0;
	const sessions = new Set<string>();
	const creating = new Set<string>();
	let listening = false;
	let open = 0;
	let peak = 0;

	const store = (event: StoredEvent['event'], endpoint: StoredEvent['endpoint']): void => {
		const data = event.payload?.['data'];
		const raw =
			typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[indexField] : undefined;
		stored.push({event, index: typeof raw === 'number' ? raw : undefined, at: Date.now(), endpoint});
	};

	const write = (
		ctx: Context,
		status: number,
		body: string,
		headers: Headers = {},
		contentType?: string,
	): void => {
		if (ctx.res.headersSent || ctx.socket.destroyed) return;
		ctx.res.writeHead(status, {
			'content-type': contentType ?? 'text/plain; charset=utf-8',
			'content-length': Buffer.byteLength(body),
			...headers,
		});
		ctx.res.end(body);
	};
	const writeJson = (ctx: Context, status: number, body: unknown, headers?: Headers): void =>
		write(ctx, status, JSON.stringify(body), headers, 'application/json');

	const parse = (body: string): unknown => {
		try {
			return JSON.parse(body) as unknown;
		} catch {
			return undefined;
		}
	};

	const isBotEvent = (event: StoredEvent['event'], headerUa: string | undefined): boolean => {
		const payloadUa = event.payload?.['userAgent'];
		const ua = version === '3' && typeof payloadUa === 'string' ? payloadUa : headerUa;
		return ua !== undefined && ua !== '' && isbot(ua);
	};

	/** What Umami would answer for one `/api/send` body, storing the event if Umami would. */
	const defaultSend = async (
		ctx: Context,
		event: StoredEvent['event'],
	): Promise<{status: number; body: unknown}> => {
		if (typeof event !== 'object' || event === null || typeof event.payload !== 'object') {
			return {status: 400, body: {error: {message: 'Bad request', code: 'bad-request', status: 400}}};
		}
		const headerUa = ctx.request.headers['user-agent'];
		if (isBotEvent(event, headerUa)) return {status: 200, body: version === '3' ? {beep: 'boop'} : {}};
		if (sessionRace) {
			const forwarded = ctx.request.headers['x-forwarded-for'];
			const key = `${String(event.payload['website'])}|${String(forwarded)}|${String(headerUa)}`;
			if (!sessions.has(key)) {
				if (creating.has(key)) return {status: 500, body: 'websiteId is missing'};
				creating.add(key);
				await new Promise((resolve) => setTimeout(resolve, sessionCreateMs));
				creating.delete(key);
				sessions.add(key);
			}
		}
		store(event, '/api/send');
		return {status: 200, body: version === '3' ? {cache: 'token', sessionId: 's', visitId: 'v'} : 'token'};
	};

	const answerDefault = async (
		ctx: Context,
		parsed: unknown,
		fail?: (event: StoredEvent['event'], index: number) => unknown,
	) => {
		const {path} = ctx.request;
		if (path === '/api/heartbeat') return {status: 200, body: 'ok'};
		if (path === '/api/send' && ctx.request.method === 'POST') {
			return defaultSend(ctx, parsed as StoredEvent['event']);
		}
		if (path === '/api/batch' && ctx.request.method === 'POST' && version === '3') {
			if (!Array.isArray(parsed)) {
				return {status: 400, body: {error: {message: 'Bad request', code: 'bad-request', status: 400}}};
			}
			const details: {index: number; response: unknown}[] = [];
			for (const [index, event] of (parsed as StoredEvent['event'][]).entries()) {
				const failure = fail?.(event, index);
				if (failure !== undefined) {
					details.push({index, response: failure});
					continue;
				}
				const one = await defaultSend(ctx, event);
				if (one.status >= 300) details.push({index, response: one.body});
			}
			return {
				status: 200,
				body: {
					size: parsed.length,
					processed: parsed.length - details.length,
					errors: details.length,
					details,
				},
			};
		}
		return {status: 404, body: {error: {message: 'Not found', code: 'not-found', status: 404}}};
	};

	const respond = async (ctx: Context, action: FaultAction): Promise<void> => {
		const parsed = parse(ctx.request.body);
		switch (action.type) {
			case 'json': {
				writeJson(ctx, action.status ?? 200, action.body, action.headers);
				return;
			}
			case 'text': {
				write(ctx, action.status ?? 200, action.body, action.headers);
				return;
			}
			case 'status': {
				write(ctx, action.status, action.body ?? '', action.headers);
				return;
			}
			case 'reset': {
				ctx.socket.destroy();
				return;
			}
			case 'hang': {
				return;
			}
			case 'partial':
			case 'default': {
				const answer = await answerDefault(ctx, parsed, action.type === 'partial' ? action.fail : undefined);
				if (typeof answer.body === 'string') write(ctx, answer.status, answer.body);
				else writeJson(ctx, answer.status, answer.body);
				return;
			}
			case 'delay': {
				const answer = await answerDefault(ctx, parsed);
				await new Promise((resolve) => setTimeout(resolve, action.ms));
				if (typeof answer.body === 'string') write(ctx, answer.status, answer.body);
				else writeJson(ctx, answer.status, answer.body);
				return;
			}
			case 'trickle': {
				const answer = await answerDefault(ctx, parsed);
				const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
				const bytes = Buffer.from(body);
				ctx.res.writeHead(answer.status, {
					'content-type': 'application/json',
					'content-length': bytes.length,
				});
				let sentBytes = 0;
				const timer = setInterval(() => {
					if (ctx.socket.destroyed || sentBytes >= bytes.length) {
						clearInterval(timer);
						if (!ctx.socket.destroyed) ctx.res.end();
						return;
					}
					ctx.res.write(bytes.subarray(sentBytes, sentBytes + 1));
					sentBytes++;
				}, action.intervalMs);
				ctx.socket.once('close', () => clearInterval(timer));
				return;
			}
		}
	};

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		peak = Math.max(peak, ++open);
		res.once('close', () => open--);
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const socket = req.socket;
			const request: RecordedRequest = {
				method: req.method ?? 'GET',
				path: (req.url ?? '/').split('?')[0] ?? '/',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				socket: socketIds.get(socket) ?? 0,
				at: Date.now(),
			};
			requests.push(request);
			const action = script.shift() ?? handler?.(request) ?? {type: 'default'};
			respond({request, res, socket}, action).catch(() => {
				if (!res.headersSent) socket.destroy();
			});
		});
	});
	server.keepAliveTimeout = 60_000;
	server.on('connection', (socket: Socket) => {
		socketCount++;
		socketIds.set(socket, socketCount);
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	const listen = (port: number): Promise<void> =>
		new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				listening = true;
				resolve();
			});
		});

	const stop = (): Promise<void> =>
		new Promise((resolve) => {
			if (!listening) {
				resolve();
				return;
			}
			listening = false;
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
			server.closeAllConnections();
		});

	await listen(0);
	const port = (server.address() as AddressInfo).port;

	const counts = (): Map<number, number> => {
		const result = new Map<number, number>();
		for (const {index} of stored) if (index !== undefined) result.set(index, (result.get(index) ?? 0) + 1);
		return result;
	};

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		stored,
		connections: () => socketCount,
		peakOpen: () => peak,
		next: (...actions) => {
			script.push(...actions);
		},
		setHandler: (next) => {
			handler = next;
		},
		down: stop,
		up: () => listen(port),
		counts,
		tally: (expected) => {
			const seen = counts();
			const missing: number[] = [];
			const duplicated: number[] = [];
			for (let index = 0; index < expected; index++) {
				const count = seen.get(index) ?? 0;
				if (count === 0) missing.push(index);
				else if (count > 1) duplicated.push(index);
			}
			return {stored: stored.length, missing, duplicated};
		},
		reset: () => {
			requests.length = 0;
			stored.length = 0;
			sessions.clear();
			peak = open;
		},
		close: stop,
	};
}
