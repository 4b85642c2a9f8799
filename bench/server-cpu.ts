/**
 * Server CPU per request, bare against tracked, for one framework: the middleware scenario's app
 * (`scenarios/http-server.ts`) runs bare, with this build's integration and (with `BENCH_BASELINE=DIR`) with
 * another build's, each in its own process and all at once; autocannon drives a fixed number of requests at
 * each in turn, several rounds in rotating order, and each server reports the CPU time (user + system) it used
 * over its turn. CPU time per request, unlike requests/s, barely moves with other load on a shared machine,
 * and alternating rounds cancel most of what drift remains. Prints each round's figures and the median added
 * CPU per request (tracked − bare, paired round by round). `--split` adds this build's integration with the
 * instance's send calls made no-ops, so that the integration's own share and the event's (sanitize, queue,
 * delivery) can be told apart. Asserts nothing.
 *
 *   npm run build && npx tsx bench/server-cpu.ts --framework express [--route hello|orders] [--rounds 7] [--split]
 *     [--requests 20000] [--connections 10] [--profile DIR]
 */
import {fork, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import autocannon from 'autocannon';
import {BASELINE, BASELINE_DIR} from './baseline.js';
import {ask, median} from './lib.js';
import {startSinkProcess} from './sink.js';
import type {Framework, Variant} from './scenarios/http-server.js';

const {values} = parseArgs({
	options: {
		framework: {type: 'string', default: 'express'},
		route: {type: 'string', default: 'hello'},
		rounds: {type: 'string', default: '7'},
		requests: {type: 'string', default: '20000'},
		connections: {type: 'string', default: '10'},
		profile: {type: 'string'},
		split: {type: 'boolean', default: false},
	},
});
const framework = values.framework as Framework;
const path = values.route === 'orders' ? '/orders/7' : '/';
const requests = Number(values.requests);
const connections = Number(values.connections);

interface Server {
	readonly variant: Variant;
	readonly url: string;
	readonly child: ChildProcess;
}

const sink = await startSinkProcess();
const serverFile = fileURLToPath(new URL('scenarios/http-server.ts', import.meta.url));
const execArgv = [
	...(values.profile === undefined
		? []
		: ['--cpu-prof', `--cpu-prof-dir=${values.profile}`, '--cpu-prof-interval=100']),
	'--import',
	'tsx',
];

async function start(variant: Variant): Promise<Server> {
	const child = fork(serverFile, [JSON.stringify({framework, variant, sinkUrl: sink.url})], {
		execArgv,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const exited = new Promise<never>((_, reject) => {
		child.once('exit', (code) =>
			reject(new Error(`the ${variant} server exited (${code}) before it was ready`)),
		);
	});
	const {port} = await Promise.race([ask<{port: number}>(child, '', 'ready'), exited]);
	return {variant, url: `http://127.0.0.1:${port}${path}`, child};
}

const variants: Variant[] = [
	'none',
	'umami-guard',
	...(values.split ? (['umami-guard (no delivery)'] as const) : []),
	...(BASELINE_DIR === undefined ? [] : [BASELINE as Variant]),
];
const servers: Server[] = [];
for (const variant of variants) servers.push(await start(variant));

/** CPU µs per request the server used over `amount` requests. */
async function measure(server: Server, amount: number): Promise<number> {
	await ask(server.child, 'cpu-start', 'cpu-started');
	const result = await autocannon({url: server.url, connections, amount});
	const {us} = await ask<{us: number}>(server.child, 'cpu-stop', 'cpu');
	return us / Math.max(1, result.requests.total);
}

for (const server of servers) await measure(server, Math.max(2000, requests / 2));
const perRound: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v, []]));
for (let round = 0; round < Number(values.rounds); round++) {
	const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
	for (const server of order) perRound[server.variant]!.push(await measure(server, requests));
	console.log(
		`round ${round + 1}: ${variants.map((v) => `${v} ${perRound[v]!.at(-1)!.toFixed(1)}`).join(', ')} µs/req`,
	);
}
const bare = perRound['none']!;
for (const variant of variants.slice(1)) {
	const added = perRound[variant]!.map((us, i) => us - bare[i]!);
	console.log(
		`${framework} ${values.route}: ${variant} adds ${median(added).toFixed(1)} µs/req (median of ${added.length} paired rounds; bare ${median(bare).toFixed(1)}, tracked ${median(perRound[variant]!).toFixed(1)}; per round ${added.map((a) => a.toFixed(1)).join(' ')})`,
	);
}
for (const server of servers) server.child.kill('SIGTERM');
await sink.close();
process.exit(0);
