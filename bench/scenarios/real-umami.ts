/**
 * Scenario 7 — `n` custom events into the REAL local Umami (v2.10.0 + PostgreSQL, test/helpers/umami.ts),
 * counted afterwards in SQL (rows in `website_event`, distinct indices in `event_data`). Variants:
 * - `direct`: the server's own ceiling — `/api/send` posted straight from this process by `concurrency`
 *   workers with a browser User-Agent (v2.10 has no `/api/batch`); the session's first request goes alone,
 *   because v2.10 loses concurrent first requests of a new session.
 * - `umami-guard`: default settings, the end user's browser UA in the event context; `shutdown()` to drain.
 * - `@umami/node`: the README's `umami.track(...)` per event, fire and forget (the harness awaits the
 *   returned promises at the end); with its default User-Agent, or with its `userAgent` option.
 */
import {BROWSER_UA, runTag, startUmami} from '../../test/helpers/umami.js';
import {emit, input} from '../lib.js';

interface Args {
	readonly variant: 'direct' | 'umami-guard' | '@umami/node' | '@umami/node+ua';
	readonly n: number;
	readonly concurrency?: number;
}
const {variant, n, concurrency = 8} = input<Args>();
const umami = await startUmami();
const tag = runTag();
const name = `bench_${tag}`;
const data = (i: number): Record<string, string | number> => ({i, plan: 'pro_monthly', step: 3});

let answers500 = 0;
let failures = 0;
let droppedByClient = 0;
const started = Date.now();
if (variant === 'direct') {
	const post = async (i: number): Promise<void> => {
		try {
			const response = await fetch(`${umami.url}/api/send`, {
				method: 'POST',
				headers: {'content-type': 'application/json', 'user-agent': BROWSER_UA},
				body: JSON.stringify({
					type: 'event',
					payload: {website: umami.websiteId, url: '/bench', hostname: 'bench.local', name, data: data(i)},
				}),
			});
			await response.arrayBuffer();
			if (response.status >= 500) answers500++;
		} catch {
			failures++;
		}
	};
	await post(0);
	let next = 1;
	await Promise.all(
		Array.from({length: concurrency}, async () => {
			while (next < n) await post(next++);
		}),
	);
} else if (variant === 'umami-guard') {
	const {resolveConfig, UmamiAnalytics} = await import('../../dist/index.js');
	const options = {websiteId: umami.websiteId, apiUrl: umami.url, configFile: false as const, env: {}};
	const analytics = new UmamiAnalytics(resolveConfig('bench', options));
	for (let i = 0; i < n; i++)
		analytics.trackEvent(name, data(i), {url: '/bench', hostname: 'bench.local', userAgent: BROWSER_UA});
	const result = await analytics.shutdown(300_000);
	droppedByClient = result.dropped;
	failures = result.failed;
} else {
	const {Umami} = await import('@umami/node');
	const direct = new Umami();
	direct.init({
		websiteId: umami.websiteId,
		hostUrl: umami.url,
		...(variant === '@umami/node+ua' ? {userAgent: BROWSER_UA} : {}),
	});
	const pending: Promise<void>[] = [];
	for (let i = 0; i < n; i++)
		pending.push(
			direct.track({url: '/bench', hostname: 'bench.local', name, data: data(i)}).then(
				async (response) => {
					await response.arrayBuffer();
					if (response.status >= 500) answers500++;
				},
				() => {
					failures++;
				},
			),
		);
	await Promise.all(pending);
}
const seconds = (Date.now() - started) / 1000;

const [rows] = await umami.query<{rows: number}>(
	'select count(*)::int as rows from website_event where website_id = $1 and event_name = $2',
	[umami.websiteId, name],
);
const [distinct] = await umami.query<{unique: number}>(
	`select count(distinct d.number_value)::int as unique from event_data d
	 join website_event e on e.event_id = d.website_event_id
	 where e.website_id = $1 and e.event_name = $2 and d.event_key = 'i'`,
	[umami.websiteId, name],
);
await umami.close();
const stored = rows?.rows ?? 0;
emit({
	variant,
	concurrency: variant === 'direct' ? concurrency : undefined,
	n,
	stored,
	unique: distinct?.unique ?? 0,
	seconds,
	storedPerSecond: stored / seconds,
	answers500,
	failures,
	droppedByClient,
});
process.exit(0);
