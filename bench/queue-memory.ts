/**
 * Memory a queued event costs, with the outbox off and on: `--events` custom events (8 properties, about
 * 200 bytes of JSON) are tracked while Umami is unreachable (a closed port on 127.0.0.1, so everything stays
 * queued), and the V8 heap growth after a full GC is divided by the events held. With the outbox on, the
 * journal's bytes per event too. Deterministic enough to need no repeats; no timing is involved.
 *
 *   npm run build && node --expose-gc --import tsx bench/queue-memory.ts [--events 10000]
 */
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';

const {values} = parseArgs({options: {events: {type: 'string', default: '10000'}}});
const events = Number(values.events);
const gc = (globalThis as {gc?: () => void}).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (see the doc comment)');
const {resolveConfig, UmamiAnalytics} = (await import(
	new URL('../dist/index.js', import.meta.url).href
)) as typeof import('../dist/index.js');

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const {port} = server.address() as {port: number};
await new Promise((resolve) => server.close(resolve));

const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

async function measure(outbox: boolean): Promise<Record<string, unknown>> {
	const dir = mkdtempSync(join(tmpdir(), 'umami-guard-queue-memory-'));
	const options = {
		env: {},
		configFile: false as const,
		websiteId: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01',
		apiUrl: `http://127.0.0.1:${port}`,
		queueSize: events,
		outbox: {enabled: outbox, path: dir, maxBytes: 1024 ** 3},
		logger: {warn: () => undefined},
	};
	const analytics = new UmamiAnalytics(resolveConfig(`memory-${String(outbox)}`, options), options);
	gc!();
	const before = process.memoryUsage().heapUsed;
	for (let index = 0; index < events; index++) {
		analytics.trackEvent(
			'checkout',
			{i: index, plan: 'pro_monthly', step: 3, cart: 42.5, currency: 'EUR', source: 'ads', ok: true, n: 7},
			{url: `/shop/checkout/${index}?ref=campaign`, userAgent: UA},
		);
	}
	gc!();
	const heap = process.memoryUsage().heapUsed - before;
	const held = analytics.stats().queued;
	// The journal file of the app (docs/outbox.md, Files).
	const journal = outbox ? statSync(join(dir, `memory-${String(outbox)}.jsonl`)).size : undefined;
	await analytics.shutdown(10);
	rmSync(dir, {recursive: true, force: true});
	return {
		outbox,
		events,
		held,
		heapBytesPerEvent: Math.round(heap / held),
		...(journal === undefined ? {} : {journalBytesPerEvent: Math.round(journal / held)}),
	};
}

process.stdout.write(`${JSON.stringify(await measure(false))}\n`);
process.stdout.write(`${JSON.stringify(await measure(true))}\n`);
