/**
 * The benchmark's delivery sink: one HTTP server on 127.0.0.1 that accepts the wire format of every peer and
 * counts each event by its index, so lost and duplicated events are exact.
 *
 * - Umami: `POST /api/batch` (JSON array of `{type, payload}`; answered like Umami v3) and `POST /api/send`
 *   (one `{type, payload}`); the index is `payload.data.i`.
 * - PostHog: `POST /batch/` with `{api_key, batch: [{event, properties}]}`, gzip-compressed by default; the
 *   index is `properties.i`.
 * - Segment: `POST /v1/batch` with `{batch: [{type, event, properties}], writeKey, sentAt}`; the index is
 *   `properties.i`.
 *
 * It runs in its own process ({@link startSinkProcess}) so that its CPU and memory never count against the
 * client under test; `down()` refuses connections (listener closed, sockets destroyed) and `up()` listens on
 * the same port again.
 */
import {fork, spawnSync, type ChildProcess} from 'node:child_process';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {gunzipSync} from 'node:zlib';

/** Counters of the sink since the last reset. */
export interface SinkStats {
	/** HTTP requests that carried events (any endpoint). */
	readonly requests: number;
	/** TCP connections accepted. */
	readonly connections: number;
	/** Most connections open at the same time. */
	readonly peakOpen: number;
	/** Events stored, duplicates included. */
	readonly stored: number;
	/** `Date.now()` of the last stored event (0: none). */
	readonly lastAt: number;
}

/** Exact delivery over indices `0 … expected-1`. */
export interface SinkTally {
	readonly stored: number;
	readonly unique: number;
	readonly missing: number;
	readonly duplicated: number;
}

/** A sink running in its own process. */
export interface Sink {
	readonly url: string;
	/** The sink's process id (the benchmark reads its CPU affinity). */
	readonly pid: number;
	stats(): Promise<SinkStats>;
	tally(expected: number): Promise<SinkTally>;
	/** Latest first-arrival time (`Date.now()`) over indices `from … to-1`, and how many of them never arrived. */
	arrival(from: number, to: number): Promise<{last: number; missing: number}>;
	reset(): Promise<void>;
	down(): Promise<void>;
	up(): Promise<void>;
	close(): Promise<void>;
}

type Command = 'stats' | 'tally' | 'arrival' | 'reset' | 'down' | 'up';
interface Request {
	readonly id: number;
	readonly cmd: Command;
	readonly args: number[];
}

function indexOf(value: unknown, field: 'payload' | 'properties'): number | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	let holder = (value as Record<string, unknown>)[field];
	if (field === 'payload' && typeof holder === 'object' && holder !== null)
		holder = (holder as Record<string, unknown>)['data'];
	if (typeof holder !== 'object' || holder === null) return undefined;
	const i = (holder as Record<string, unknown>)['i'];
	return typeof i === 'number' ? i : undefined;
}

/** Serves the sink in this process; the parent drives it over IPC. */
async function serve(): Promise<void> {
	let counts = new Map<number, number>();
	let firstAt = new Map<number, number>();
	let requests = 0;
	let connections = 0;
	let peakOpen = 0;
	let stored = 0;
	let lastAt = 0;
	const sockets = new Set<Socket>();
	let listening = false;

	const store = (index: number | undefined, at: number): void => {
		stored++;
		lastAt = at;
		if (index === undefined) return;
		counts.set(index, (counts.get(index) ?? 0) + 1);
		if (!firstAt.has(index)) firstAt.set(index, at);
	};

	const reply = (res: ServerResponse, status: number, body: unknown): void => {
		const text = JSON.stringify(body);
		res.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)});
		res.end(text);
	};

	const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer): void => {
		const path = (req.url ?? '/').split('?')[0];
		if (req.method !== 'POST') {
			reply(res, path === '/api/heartbeat' ? 200 : 404, {});
			return;
		}
		let parsed: unknown;
		try {
			const bytes = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
			parsed = JSON.parse(bytes.toString('utf8')) as unknown;
		} catch {
			reply(res, 400, {error: 'bad json'});
			return;
		}
		requests++;
		const at = Date.now();
		if (path === '/api/batch' && Array.isArray(parsed)) {
			for (const event of parsed) store(indexOf(event, 'payload'), at);
			reply(res, 200, {size: parsed.length, processed: parsed.length, errors: 0, details: []});
		} else if (path === '/api/send') {
			store(indexOf(parsed, 'payload'), at);
			reply(res, 200, {cache: 'c', sessionId: 's', visitId: 'v'});
		} else if (
			(path === '/batch/' || path === '/batch' || path === '/v1/batch') &&
			typeof parsed === 'object'
		) {
			const batch = (parsed as {batch?: unknown}).batch;
			const items = Array.isArray(batch) ? batch : [];
			for (const event of items) store(indexOf(event, 'properties'), at);
			reply(res, 200, {status: 1});
		} else {
			reply(res, 404, {error: 'not found'});
		}
	};

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => handle(req, res, Buffer.concat(chunks)));
	});
	server.keepAliveTimeout = 60_000;
	server.on('connection', (socket: Socket) => {
		connections++;
		sockets.add(socket);
		if (sockets.size > peakOpen) peakOpen = sockets.size;
		socket.on('close', () => sockets.delete(socket));
	});
	const listen = (port: number): Promise<void> =>
		new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen({port, host: '127.0.0.1', backlog: 4096}, () => {
				server.off('error', reject);
				listening = true;
				resolve();
			});
		});
	const stop = (): Promise<void> =>
		new Promise((resolve) => {
			if (!listening) return resolve();
			listening = false;
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
			server.closeAllConnections();
		});

	await listen(0);
	const port = (server.address() as AddressInfo).port;

	const run = async ({cmd, args}: Request): Promise<unknown> => {
		switch (cmd) {
			case 'stats':
				return {requests, connections, peakOpen, stored, lastAt} satisfies SinkStats;
			case 'tally': {
				const expected = args[0] ?? 0;
				let missing = 0;
				let duplicated = 0;
				for (let i = 0; i < expected; i++) {
					const count = counts.get(i) ?? 0;
					if (count === 0) missing++;
					else if (count > 1) duplicated += count - 1;
				}
				return {stored, unique: counts.size, missing, duplicated} satisfies SinkTally;
			}
			case 'arrival': {
				const [from = 0, to = 0] = args;
				let last = 0;
				let missing = 0;
				for (let i = from; i < to; i++) {
					const at = firstAt.get(i);
					if (at === undefined) missing++;
					else if (at > last) last = at;
				}
				return {last, missing};
			}
			case 'reset':
				counts = new Map();
				firstAt = new Map();
				requests = 0;
				connections = 0;
				peakOpen = sockets.size;
				stored = 0;
				lastAt = 0;
				return null;
			case 'down':
				await stop();
				return null;
			case 'up':
				await listen(port);
				return null;
		}
	};

	process.on('message', (message: Request) => {
		void run(message).then((result) => process.send?.({id: message.id, result}));
	});
	process.on('disconnect', () => process.exit(0));
	process.send?.({ready: `http://127.0.0.1:${port}`});
}

/** Forks a sink process and resolves once it listens. */
export async function startSinkProcess(): Promise<Sink> {
	const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
		execArgv: ['--import', 'tsx'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let nextId = 0;
	const pending = new Map<number, (value: unknown) => void>();
	const url = await new Promise<string>((resolve, reject) => {
		const onExit = (code: number | null): void => reject(new Error(`sink exited early (${code})`));
		child.once('exit', onExit);
		child.on('message', (message: {id?: number; result?: unknown; ready?: string}) => {
			if (message.ready !== undefined) {
				child.off('exit', onExit);
				resolve(message.ready);
				return;
			}
			const done = message.id === undefined ? undefined : pending.get(message.id);
			if (done && message.id !== undefined) {
				pending.delete(message.id);
				done(message.result);
			}
		});
	});
	const call = <T>(cmd: Command, ...args: number[]): Promise<T> =>
		new Promise<T>((resolve) => {
			const id = nextId++;
			pending.set(id, resolve as (value: unknown) => void);
			child.send({id, cmd, args} satisfies Request);
		});
	return {
		url,
		pid: child.pid ?? 0,
		stats: () => call<SinkStats>('stats'),
		tally: (expected) => call<SinkTally>('tally', expected),
		arrival: (from, to) => call<{last: number; missing: number}>('arrival', from, to),
		reset: async () => {
			await call<null>('reset');
		},
		down: async () => {
			await call<null>('down');
		},
		up: async () => {
			await call<null>('up');
		},
		close: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.disconnect();
			}),
	};
}

if (process.argv.includes('--serve') && process.send !== undefined) void serve();

/**
 * A sink on CPU 1 and this process on CPU 0 (where there are 2 cores and `taskset`), for the benchmarks that
 * measure this process's own CPU time: the sink's work is never charged to it.
 */
export async function startPinnedSink(): Promise<{sink: Sink; pinned: boolean}> {
	const pin = (cpu: string): boolean =>
		spawnSync('taskset', ['-a', '-cp', cpu, String(process.pid)], {stdio: 'ignore'}).status === 0;
	// The sink inherits this process's affinity when it is forked.
	const pinned = availableParallelism() >= 2 && pin('1');
	const sink = await startSinkProcess();
	if (pinned) pin('0');
	return {sink, pinned};
}
