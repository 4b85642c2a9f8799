/**
 * Scenario 6 — one hello-world app (Express or Fastify), bare or with request tracking, in its own process;
 * autocannon drives it from this process on 127.0.0.1 and the sink runs in a third. First a saturating run
 * (`connections` connections for `seconds`): requests/s and latency percentiles. Then a fixed-rate run
 * (autocannon `overallRate`) during which the server measures its event-loop delay.
 */
import {fork} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import autocannon from 'autocannon';
import {emit, input} from '../lib.js';
import {startSinkProcess} from '../sink.js';
import type {Framework, Variant} from './http-server.js';

interface Args {
	readonly framework: Framework;
	readonly variant: Variant;
	readonly seconds: number;
	readonly connections: number;
	readonly rate: number;
	readonly rateSeconds: number;
	readonly warmupSeconds: number;
}
const args = input<Args>();
const sink = await startSinkProcess();
const server = fork(
	fileURLToPath(new URL('http-server.ts', import.meta.url)),
	[JSON.stringify({framework: args.framework, variant: args.variant, sinkUrl: sink.url})],
	{execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc']},
);
const ask = <T>(cmd: string, answer: string): Promise<T> =>
	new Promise((resolve) => {
		const on = (message: {cmd: string}): void => {
			if (message.cmd !== answer) return;
			server.off('message', on);
			resolve(message as T);
		};
		server.on('message', on);
		if (cmd !== '') server.send({cmd});
	});
const {port} = await ask<{port: number}>('', 'ready');
const url = `http://127.0.0.1:${port}/`;

await autocannon({url, connections: args.connections, duration: args.warmupSeconds});
const load = await autocannon({url, connections: args.connections, duration: args.seconds});
await ask('eld-start', 'eld-started');
const paced = await autocannon({
	url,
	connections: args.connections,
	duration: args.rateSeconds,
	overallRate: args.rate,
});
const eld = await ask<{p99Ms: number; meanMs: number; maxMs: number}>('eld-stop', 'eld');
const {tracked} = await ask<{tracked: number}>('stats', 'stats');
const delivered = (await sink.stats()).stored;

emit({
	framework: args.framework,
	variant: args.variant,
	rps: load.requests.average,
	p50Ms: load.latency.p50,
	p99Ms: load.latency.p99,
	errors: load.errors + load.timeouts + load.non2xx,
	pacedRps: paced.requests.average,
	pacedP99Ms: paced.latency.p99,
	eldP99Ms: eld.p99Ms,
	eldMeanMs: eld.meanMs,
	eldMaxMs: eld.maxMs,
	tracked,
	delivered,
});
server.disconnect();
server.kill();
await sink.close();
process.exit(0);
