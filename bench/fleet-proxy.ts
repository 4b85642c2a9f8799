/**
 * A counting HTTP proxy on 127.0.0.1 in front of Umami, for `bench/fleet.ts` and its bounded test: it
 * forwards every request, counts the requests open at once (and their peak), bins arrivals over time, and
 * injects faults for the whole fleet at once:
 * - `pass`: forward as is;
 * - `fail`: answer 503 without forwarding (an outage that still answers);
 * - `slow`: forward at once (Umami stores the event), then hold the answer `minMs`…`maxMs` (uniform), as a
 *   queueing Umami would. A client that times out meanwhile leaves a stored event it will send again.
 */
import {Agent, createServer, request, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/** What the proxy does with the next requests. */
export type ProxyMode =
	| {readonly type: 'pass'}
	| {readonly type: 'fail'}
	| {readonly type: 'slow'; readonly minMs: number; readonly maxMs: number};

/** One bin of the timeline. */
export interface ProxyBin {
	/** Requests that arrived in the bin. */
	readonly arrived: number;
	/** Most requests open at once during the bin. */
	readonly peakOpen: number;
}

/** What the proxy saw. */
export interface ProxyFigures {
	readonly requests: number;
	/** Requests whose client went away before the answer (a timeout or an abort). */
	readonly abandoned: number;
	readonly answered503: number;
	readonly peakOpen: number;
	/** `Date.now()` of the last request that arrived. */
	readonly lastArrival: number;
	/** Arrivals and peak open per `binMs`, from `since`. */
	readonly bins: readonly ProxyBin[];
	readonly binMs: number;
	readonly since: number;
}

/** A running proxy. */
export interface CountingProxy {
	/** `http://127.0.0.1:PORT`. */
	readonly url: string;
	setMode(mode: ProxyMode): void;
	/** Starts counting afresh (peak, bins, totals) from now. */
	reset(): void;
	figures(): ProxyFigures;
	close(): Promise<void>;
}

/** Starts a {@link CountingProxy} forwarding to `target` (`http://127.0.0.1:PORT`). */
export async function startCountingProxy(target: string, binMs = 250): Promise<CountingProxy> {
	const upstream = new URL(target);
	const agent = new Agent({keepAlive: true, maxSockets: Number.POSITIVE_INFINITY});
	let mode: ProxyMode = {type: 'pass'};
	let since = Date.now();
	let open = 0;
	let peakOpen = 0;
	let requests = 0;
	let abandoned = 0;
	let answered503 = 0;
	let lastArrival = 0;
	let bins: {arrived: number; peakOpen: number}[] = [];

	const bin = (at: number): {arrived: number; peakOpen: number} => {
		const index = Math.max(0, Math.floor((at - since) / binMs));
		while (bins.length <= index) bins.push({arrived: 0, peakOpen: 0});
		return bins[index]!;
	};

	const handle = (req: IncomingMessage, res: ServerResponse): void => {
		const arrival = Date.now();
		requests++;
		lastArrival = arrival;
		open++;
		peakOpen = Math.max(peakOpen, open);
		const current = bin(arrival);
		current.arrived++;
		current.peakOpen = Math.max(current.peakOpen, open);
		let closed = false;
		const done = (): void => {
			if (closed) return;
			closed = true;
			open--;
		};
		res.on('close', () => {
			if (!res.writableFinished) abandoned++;
			done();
		});
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const now = mode;
			if (now.type === 'fail') {
				answered503++;
				res.writeHead(503, {'content-type': 'text/plain'}).end('unavailable');
				return;
			}
			const body = Buffer.concat(chunks);
			const headers = {...req.headers, host: upstream.host};
			const forward = request(
				{host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent},
				(answer) => {
					const parts: Buffer[] = [];
					answer.on('data', (chunk: Buffer) => parts.push(chunk));
					answer.on('end', () => {
						const reply = (): void => {
							if (res.destroyed) return;
							res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(parts));
						};
						if (now.type === 'slow') setTimeout(reply, now.minMs + Math.random() * (now.maxMs - now.minMs));
						else reply();
					});
				},
			);
			forward.on('error', () => {
				if (!res.destroyed) res.writeHead(502).end();
			});
			forward.end(body);
		});
	};

	const server = createServer({keepAliveTimeout: 30_000}, handle);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		setMode: (next) => {
			mode = next;
		},
		reset: () => {
			since = Date.now();
			peakOpen = open;
			requests = 0;
			abandoned = 0;
			answered503 = 0;
			bins = [];
		},
		figures: () => ({
			requests,
			abandoned,
			answered503,
			peakOpen,
			lastArrival,
			bins: bins.map((entry) => ({...entry})),
			binMs,
			since,
		}),
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			agent.destroy();
		},
	};
}
