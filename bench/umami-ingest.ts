/**
 * How fast one real Umami (+ PostgreSQL) stores what umami-guard sends, for a queue setting: `--events`
 * custom events (8 properties, paths `/ingest/<tag>/<i>`) are tracked at once, then `shutdown()` delivers
 * them; events/s counts from the first call to the last answer. SQL then counts the rows (every event once
 * is the expectation; more means a request timed out after Umami stored it). Also prints the HTTP requests
 * per 10k events and the client's CPU per event. One line of JSON per setting. It writes rows to the website,
 * so point it at a test server only.
 *
 *   npm run build && npx tsx bench/umami-ingest.ts --url http://127.0.0.1:3931 --website <uuid> \
 *     --database postgres://umami:umami@127.0.0.1:5432/<db> [--events 1000] [--settings 100x2,10x2,10x1]
 *
 * A setting is `<batchSize>x<maxInFlight>`. On Umami < 2.17 the client falls back to `/api/send` (one request
 * per event, `maxInFlight` at a time), so the batch size only changes how many events go per round.
 */
import {parseArgs} from 'node:util';
import {runTag, target, TARGET_OPTIONS} from './real-umami-target.js';

const {values} = parseArgs({
	options: {
		...TARGET_OPTIONS,
		events: {type: 'string', default: '1000'},
		settings: {type: 'string', default: '100x2,10x2'},
		'timeout-ms': {type: 'string', default: '60000'},
	},
});
const {url, website, pool} = target(values);
const events = Number(values.events);
const timeoutMs = Number(values['timeout-ms']);
const {resolveConfig, UmamiAnalytics} = (await import(
	new URL('../dist/index.js', import.meta.url).href
)) as typeof import('../dist/index.js');

const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

async function measure(batchSize: number, maxInFlight: number): Promise<Record<string, unknown>> {
	const tag = runTag();
	let requests = 0;
	const options = {
		env: {},
		configFile: false as const,
		websiteId: website,
		apiUrl: url,
		batchSize,
		maxInFlight,
		timeoutMs,
		queueSize: Math.max(10_000, events),
		fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
			requests++;
			return fetch(input, init);
		},
		logger: {warn: (line: string) => process.stderr.write(`${line}\n`)},
	};
	const analytics = new UmamiAnalytics(resolveConfig('ingest', options), options);
	const cpu = process.cpuUsage();
	const started = performance.now();
	for (let index = 0; index < events; index++) {
		analytics.trackEvent(
			'ingest',
			{i: index, plan: 'pro_monthly', step: 3, cart: 42.5, currency: 'EUR', source: 'bench', ok: true, n: 7},
			{url: `/ingest/${tag}/${index}`, userAgent: UA},
		);
	}
	const result = await analytics.shutdown(600_000);
	const seconds = (performance.now() - started) / 1000;
	const used = process.cpuUsage(cpu);
	const [row] = (
		await pool.query<{total: string; distinct: string}>(
			'select count(*) as total, count(distinct url_path) as distinct from website_event where website_id = $1 and url_path like $2',
			[website, `/ingest/${tag}/%`],
		)
	).rows;
	const stats = analytics.stats();
	return {
		url,
		batchSize,
		maxInFlight,
		events,
		sent: result.sent,
		retried: stats.retried,
		endpoint: stats.endpoint,
		seconds: Math.round(seconds * 10) / 10,
		eventsPerSecond: Math.round(events / seconds),
		requests,
		requestsPer10k: Math.round((requests / events) * 10_000),
		clientCpuUsPerEvent: Math.round((used.user + used.system) / events),
		rows: Number(row!.total),
		distinct: Number(row!.distinct),
	};
}

for (const setting of values.settings.split(',')) {
	const [batch, inFlight] = setting.split('x').map(Number);
	process.stdout.write(`${JSON.stringify(await measure(batch!, inFlight!))}\n`);
}
await pool.end();
