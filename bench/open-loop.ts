/**
 * An open-loop paced load generator for scenario 6 (`bench/scenarios/middleware.ts` starts it in its own
 * process, pinned to the CPU the server does not use). It answers one question: what does a single request's
 * latency look like when the server is far from saturated?
 *
 * - **Schedule.** Requests arrive as a Poisson process at `rate` per second (exponential gaps from a seeded
 *   generator, so bare and instrumented servers get the same arrival pattern). Poisson rather than evenly
 *   spaced: Poisson arrivals see time averages, so the share of requests that meet a busy event loop (a batch
 *   flush, a GC pause) is the share of time the loop is busy; evenly spaced arrivals can lock in phase with
 *   periodic work in the server (timers, flush intervals) and then hit it always or never.
 * - **Open loop.** A request is sent at its scheduled time whether or not earlier ones were answered, over a
 *   pool of keep-alive connections (raw sockets, one request in flight per connection: never queued behind
 *   another). When every pooled connection is busy a new one is opened and counted.
 * - **Latency** runs from the *scheduled* send time to the last byte of the response (µs, `process.hrtime`),
 *   so a late send or a stalled server is charged to the requests it delays (no coordinated omission).
 * - **Pacing.** Node's timers have 1 ms resolution, so a worker thread sleeps to each scheduled time
 *   (`Atomics.wait`, a futex with a sub-millisecond timeout) and wakes the main thread with a message. How late
 *   the main thread sent each request is recorded and reported, so a reader can judge the generator itself.
 *
 * Input (JSON argv): `{url, rate, seconds, warmupSeconds, connections?, seed?, realtime?}`. Over IPC it sends
 * `{cmd: 'measuring'}` when the first measured request is sent and `{cmd: 'result', ...}` once every measured request has been
 * answered (or given up on after a timeout); without IPC it prints the result as a `RESULT` line.
 */
import {spawnSync} from 'node:child_process';
import {connect, type Socket} from 'node:net';
import {createHistogram} from 'node:perf_hooks';
import {Worker} from 'node:worker_threads';
import {emit, input} from './lib.js';

interface Args {
	readonly url: string;
	/** Mean requests per second. */
	readonly rate: number;
	/** Length of the measured window. */
	readonly seconds: number;
	/** Paced load before the measured window (requests in it are not recorded). */
	readonly warmupSeconds: number;
	/** Connections opened before the first request. @default 16 */
	readonly connections?: number;
	/** Seed of the arrival schedule. @default 1 */
	readonly seed?: number;
	/**
	 * Run the sending thread and the pacing thread SCHED_FIFO (`chrt`; Linux, with the right to), so that other
	 * work on the machine does not make the generator late.
	 */
	readonly realtime?: boolean;
}

/** What one paced run measured; latencies and lateness in µs. */
export interface OpenLoopResult {
	readonly rate: number;
	readonly seconds: number;
	/** Requests scheduled in the measured window. */
	readonly sent: number;
	/** Of those, answered with a 2xx (only these have a latency). */
	readonly ok: number;
	/** Answered with another status, or their connection failed or closed. */
	readonly errors: number;
	/** Not answered within the time allowed after the window. */
	readonly unanswered: number;
	readonly p50Us: number;
	readonly p99Us: number;
	readonly p999Us: number;
	readonly maxUs: number;
	/** Requests the generator sent more than 1 ms after their scheduled time. */
	readonly lateOver1ms: number;
	readonly lateP99Us: number;
	readonly lateMaxUs: number;
	/** Connections opened before the run, and during it because every pooled one was busy. */
	readonly poolConnections: number;
	readonly openedWhenBusy: number;
	/** Whether both of the generator's threads ran SCHED_FIFO. */
	readonly realtime: boolean;
}

const nowUs = (): number => Number(process.hrtime.bigint()) / 1000;

/**
 * The pacing thread: sleeps to each exponential-gap arrival and posts its scheduled time (µs, hrtime clock).
 * Plain JavaScript, so that it needs no loader.
 */
const PACER = `
const {parentPort, workerData} = require('node:worker_threads');
const {readlinkSync} = require('node:fs');
// This thread's id (/proc/thread-self names it), so that the main thread can make it real-time.
let tid = 0;
try {
	tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
} catch {}
parentPort.postMessage({tid});
const go = new Int32Array(workerData.go);
Atomics.wait(go, 0, 0);
const {warmupUs, measureUs, rate, seed} = workerData;
let s = seed >>> 0;
const random = () => {
	s = (s + 0x6d2b79f5) >>> 0;
	let t = s;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const cell = new Int32Array(new SharedArrayBuffer(4));
const now = () => Number(process.hrtime.bigint()) / 1000;
const startUs = now() + 1000;
const endUs = startUs + warmupUs + measureUs;
parentPort.postMessage({startUs});
let due = startUs;
while (due < endUs) {
	const wait = due - now();
	if (wait > 0) Atomics.wait(cell, 0, 0, wait / 1000);
	parentPort.postMessage(due);
	due += (-Math.log(1 - random()) / rate) * 1e6;
}
parentPort.postMessage(-1);
`;

/** One pooled connection and the response it is reading. */
interface Conn {
	readonly socket: Socket;
	/** Scheduled time of the request in flight, or -1 when idle. */
	dueUs: number;
	measured: boolean;
	/** Bytes of the response head read so far (until its end is found). */
	head: Buffer | undefined;
	/** Body bytes still expected (Content-Length), or -1 for a chunked body. */
	bodyLeft: number;
	status: number;
	/** The last bytes of a chunked body, to find its terminating chunk. */
	tail: string;
}

const args = input<Args>();
const target = new URL(args.url);
const port = Number(target.port);
const request = Buffer.from(
	`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\n\r\n`,
	'latin1',
);
const latency = createHistogram();
const lateness = createHistogram();
const idle: Conn[] = [];
const counts = {sent: 0, errors: 0, lateOver1ms: 0, openedWhenBusy: 0, inFlight: 0};
let measureFromUs = Number.POSITIVE_INFINITY;
let measureToUs = Number.POSITIVE_INFINITY;
let onIdle: (() => void) | undefined;
let announced = false;
/** Tells the parent the measured window has begun (once): the first measured request's time has come. */
function announce(): void {
	if (announced) return;
	announced = true;
	process.send?.({cmd: 'measuring'});
}

/** Ends the request in flight on `conn`: records it, and returns the connection to the pool. */
function finish(conn: Conn, ok: boolean): void {
	if (conn.measured) {
		if (ok) latency.record(Math.max(1, Math.round(nowUs() - conn.dueUs)));
		else counts.errors++;
	}
	conn.dueUs = -1;
	conn.head = undefined;
	counts.inFlight--;
	if (!conn.socket.destroyed) idle.push(conn);
	if (counts.inFlight === 0) onIdle?.();
}

/** Reads response bytes: the head (status, Content-Length or chunked), then the body to its end. */
function onData(conn: Conn, chunk: Buffer): void {
	if (conn.dueUs < 0) return;
	let body = chunk;
	if (conn.head !== undefined || conn.bodyLeft === -2) {
		const head = conn.head === undefined ? chunk : Buffer.concat([conn.head, chunk]);
		const end = head.indexOf('\r\n\r\n', 0, 'latin1');
		if (end < 0) {
			conn.head = head;
			return;
		}
		const text = head.toString('latin1', 0, end).toLowerCase();
		conn.status = Number(text.slice(9, 12));
		conn.head = undefined;
		const lengthAt = text.indexOf('\r\ncontent-length:');
		conn.bodyLeft =
			lengthAt >= 0 ? Number.parseInt(text.slice(lengthAt + 17), 10) : text.includes('chunked') ? -1 : 0;
		conn.tail = '';
		body = head.subarray(end + 4);
	}
	if (conn.bodyLeft >= 0) {
		conn.bodyLeft -= body.length;
		if (conn.bodyLeft <= 0) finish(conn, conn.status >= 200 && conn.status < 300);
		return;
	}
	conn.tail = (conn.tail + body.toString('latin1')).slice(-7);
	if (conn.tail.endsWith('\r\n0\r\n\r\n') || conn.tail === '0\r\n\r\n')
		finish(conn, conn.status >= 200 && conn.status < 300);
}

/** Opens a keep-alive connection; resolves once it is connected. */
function open(): Promise<Conn> {
	return new Promise((resolve, reject) => {
		const socket = connect({port, host: target.hostname, noDelay: true});
		const conn: Conn = {
			socket,
			dueUs: -1,
			measured: false,
			head: undefined,
			bodyLeft: -2,
			status: 0,
			tail: '',
		};
		socket.on('data', (chunk: Buffer) => onData(conn, chunk));
		const lost = (): void => {
			const at = idle.indexOf(conn);
			if (at >= 0) idle.splice(at, 1);
			if (conn.dueUs >= 0) finish(conn, false);
		};
		socket.on('error', lost);
		socket.on('close', lost);
		socket.once('connect', () => resolve(conn));
		socket.once('error', reject);
	});
}

/** Sends the request scheduled at `dueUs` on an idle connection, or on a new one if all are busy. */
function send(dueUs: number): void {
	const late = nowUs() - dueUs;
	const measured = dueUs >= measureFromUs && dueUs < measureToUs;
	if (measured) {
		announce();
		counts.sent++;
		lateness.record(Math.max(1, Math.round(late)));
		if (late > 1000) counts.lateOver1ms++;
	}
	counts.inFlight++;
	const start = (conn: Conn): void => {
		conn.dueUs = dueUs;
		conn.measured = measured;
		conn.bodyLeft = -2;
		conn.socket.write(request);
	};
	const conn = idle.shift();
	if (conn !== undefined) return start(conn);
	if (measured) counts.openedWhenBusy++;
	open().then(start, () => {
		counts.inFlight--;
		if (measured) counts.errors++;
	});
}

const poolConnections = args.connections ?? 16;
idle.push(...(await Promise.all(Array.from({length: poolConnections}, open))));
// The schedule starts once the pacer runs (a worker takes a while to start), from its first message.
const go = new SharedArrayBuffer(4);
const pacer = new Worker(PACER, {
	eval: true,
	execArgv: [],
	workerData: {
		go,
		warmupUs: args.warmupSeconds * 1e6,
		measureUs: args.seconds * 1e6,
		rate: args.rate,
		seed: args.seed ?? 1,
	},
});
let realtime = false;
/** Only these two threads: Node's helper threads may spin on each other, which under SCHED_FIFO never ends. */
const makeRealtime = (tid: number): boolean =>
	tid > 0 && spawnSync('chrt', ['-f', '-p', '1', String(tid)], {stdio: 'ignore'}).status === 0;
await new Promise<void>((resolve) => {
	pacer.on('message', (due: number | {startUs: number} | {tid: number}) => {
		if (typeof due === 'object' && 'tid' in due) {
			realtime = args.realtime === true && makeRealtime(due.tid) && makeRealtime(process.pid);
			Atomics.store(new Int32Array(go), 0, 1);
			Atomics.notify(new Int32Array(go), 0);
		} else if (typeof due === 'object') {
			measureFromUs = due.startUs + args.warmupSeconds * 1e6;
			measureToUs = measureFromUs + args.seconds * 1e6;
		} else if (due >= 0) send(due);
		else resolve();
	});
});
announce();
await pacer.terminate();
// Every measured request has been sent: wait for the last answers, then give up on the rest.
await new Promise<void>((resolve) => {
	onIdle = resolve;
	if (counts.inFlight === 0) resolve();
	setTimeout(resolve, 5_000).unref();
});
const us = (h: typeof latency, p: number): number => (h.count === 0 ? Number.NaN : h.percentile(p));
const result: OpenLoopResult = {
	rate: args.rate,
	seconds: args.seconds,
	sent: counts.sent,
	ok: latency.count,
	errors: counts.errors,
	unanswered: counts.sent - latency.count - counts.errors,
	p50Us: us(latency, 50),
	p99Us: us(latency, 99),
	p999Us: us(latency, 99.9),
	maxUs: latency.count === 0 ? Number.NaN : latency.max,
	lateOver1ms: counts.lateOver1ms,
	lateP99Us: us(lateness, 99),
	lateMaxUs: lateness.count === 0 ? Number.NaN : lateness.max,
	poolConnections,
	openedWhenBusy: counts.openedWhenBusy,
	realtime,
};
if (process.send) process.send({cmd: 'result', ...result}, () => process.exit(0));
else {
	emit(result);
	process.exit(0);
}
