/**
 * Inline-cache misses per request of the middleware scenario's server (`scenarios/http-server.ts`), bare
 * against tracked, by site: each server runs with V8's `--log-ic`, autocannon drives it, and every IC state
 * change in the log is counted by kind, property name and source position. Express 5 gives every request and
 * response a hidden class of its own (it swaps their prototypes per request), so each property that code reads
 * on them misses its inline cache and is looked up in V8's runtime, through the prototype chain for a getter or
 * a method: a count of those misses says what a middleware costs inside Express, deterministically, where time
 * on a shared machine does not. The log gives line and column but not the file: the report names the
 * property, and the site's position tells Node's, Express's and umami-guard's apart. Asserts nothing.
 *
 *   npm run build && npx tsx bench/server-ic-misses.ts [--framework express] [--stage delivered]
 *     [--requests 3000] [--top 30]
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import autocannon from 'autocannon';
import {ask} from './lib.js';
import {startSinkProcess} from './sink.js';
import type {Framework, Stage, Variant} from './scenarios/http-server.js';

const {values} = parseArgs({
	options: {
		framework: {type: 'string', default: 'express'},
		stage: {type: 'string', default: 'delivered'},
		requests: {type: 'string', default: '3000'},
		top: {type: 'string', default: '30'},
	},
});
const requests = Number(values.requests);
const dir = mkdtempSync(join(tmpdir(), 'umami-guard-ic-'));
const serverFile = fileURLToPath(new URL('scenarios/http-server.ts', import.meta.url));
const sink = await startSinkProcess();

/** IC state changes of one server over all its requests, by `kind name line:column`, and how many answered. */
async function misses(variant: Variant): Promise<{counts: Map<string, number>; answered: number}> {
	const log = join(dir, `${variant}.log`);
	const input = {
		framework: values.framework as Framework,
		variant,
		sinkUrl: sink.url,
		stage: values.stage as Stage,
	};
	const child = spawn(
		process.execPath,
		[
			'--log-ic',
			`--logfile=${log}`,
			'--no-logfile-per-isolate',
			'--import',
			'tsx',
			serverFile,
			JSON.stringify(input),
		],
		{stdio: ['ignore', 'ignore', 'inherit', 'ipc']},
	);
	const {port} = await ask<{port: number}>(child, '', 'ready');
	const result = await autocannon({url: `http://127.0.0.1:${port}/`, connections: 4, amount: requests});
	child.kill('SIGTERM');
	await new Promise((resolve) => child.once('exit', resolve));
	const counts = new Map<string, number>();
	// LoadIC,pc,time,line,column,old state,new state,map,key,modifier,slow stub reason
	for (const line of readFileSync(log, 'utf8').split('\n')) {
		const fields = line.split(',');
		if (fields.length < 9 || !fields[0]!.endsWith('IC')) continue;
		const key = `${fields[0]} ${fields[8]} ${fields[3]}:${fields[4]}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return {counts, answered: result.requests.total};
}

const bare = await misses('none');
const tracked = await misses('umami-guard');
await sink.close();
rmSync(dir, {recursive: true, force: true});

const perRequest = (n: number, answered: number): number => n / Math.max(1, answered);
const sum = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
console.log(
	`${values.framework}, ${values.stage}: IC state changes per request, bare ${perRequest(sum(bare.counts), bare.answered).toFixed(1)}, tracked ${perRequest(sum(tracked.counts), tracked.answered).toFixed(1)} (start-up included; ${requests} requests each)\n`,
);
const keys = new Set([...bare.counts.keys(), ...tracked.counts.keys()]);
const added = [...keys]
	.map((key) => ({
		key,
		added:
			perRequest(tracked.counts.get(key) ?? 0, tracked.answered) -
			perRequest(bare.counts.get(key) ?? 0, bare.answered),
	}))
	.sort((a, b) => b.added - a.added)
	.slice(0, Number(values.top));
console.log('| added per request | IC, property, line:column |\n| ---: | --- |');
for (const {key, added: n} of added) console.log(`| ${n.toFixed(2)} | ${key} |`);
process.exit(0);
