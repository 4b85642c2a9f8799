/**
 * Cold start: what a serverless user feels. Each run is a fresh `node` process (no tsx loader, no flags) whose
 * only script imports one client, constructs it as its README shows and makes the first track call; it reports
 * `performance.now()` and `process.cpuUsage()` at the top of the script and right after that first call
 * returns, then exits before any delivery (the api URL is a closed port on 127.0.0.1; only @umami/node,
 * which sends from inside its track call, even starts a request).
 *
 *   npx tsx bench/cold-start.ts [--runs 30]
 *
 * Subjects run round-robin (one process at a time, the order rotated each round), so that a slow phase of a
 * shared machine hits every subject alike; the ratio to posthog-node is taken within each round and the
 * median of those ratios is reported.
 */
import {spawn} from 'node:child_process';
import {pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {median, ROOT} from './lib.js';

export const COLD_START_SUBJECTS = ['umami-guard', 'posthog-node', 'segment', '@umami/node'] as const;
type Subject = (typeof COLD_START_SUBJECTS)[number];

const URL_ = 'http://127.0.0.1:9';
const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

/** Import + construct + first call of each subject, as its README writes them. */
const SETUP: Record<Subject, string> = {
	'umami-guard': `const {getAnalytics} = await import('./dist/index.js');
		const analytics = getAnalytics('my_app', {websiteId: '${ID}', apiUrl: '${URL_}', configFile: false, env: {}});
		analytics.trackEvent('signup', {plan: 'pro'});`,
	'posthog-node': `const {PostHog} = await import('posthog-node');
		const client = new PostHog('phc_bench', {host: '${URL_}'});
		client.capture({distinctId: 'user-1', event: 'signup', properties: {plan: 'pro'}});`,
	segment: `const {Analytics} = await import('@segment/analytics-node');
		const analytics = new Analytics({writeKey: 'bench', host: '${URL_}'});
		analytics.on('error', () => {});
		analytics.track({userId: 'user-1', event: 'signup', properties: {plan: 'pro'}});`,
	'@umami/node': `const {Umami} = await import('@umami/node');
		const umami = new Umami();
		umami.init({websiteId: '${ID}', hostUrl: '${URL_}'});
		umami.track({url: '/', name: 'signup', data: {plan: 'pro'}}).catch(() => {});`,
};

/** The child's script: both clocks at the top, the subject, both clocks again, then exit at once. */
const script = (subject: Subject): string => `
	const t0 = performance.now(), c0 = process.cpuUsage();
	${SETUP[subject]}
	const t1 = performance.now(), c1 = process.cpuUsage();
	process.stdout.write(JSON.stringify({top: t0, end: t1, cpu: (c1.user + c1.system - c0.user - c0.system) / 1000,
		cpuTotal: (c1.user + c1.system) / 1000}));
	process.exit(0);`;

/** One child's figures, in ms: `top`/`end` from process start (`performance.timeOrigin`). */
interface Sample {
	readonly top: number;
	readonly end: number;
	readonly cpu: number;
	readonly cpuTotal: number;
}

function runOnce(subject: Subject): Promise<Sample> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--input-type=module', '-e', script(subject)], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('close', (code) => {
			try {
				resolve(JSON.parse(out) as Sample);
			} catch {
				reject(
					new Error(`cold start ${subject}: exit ${code} ${err.trim().split('\n').slice(-2).join(' | ')}`),
				);
			}
		});
	});
}

const p90 = (xs: readonly number[]): number => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)] ?? Number.NaN;
};

/** One subject's row: medians and p90s over its runs, in ms; ratios to posthog-node per round, medians. */
export interface ColdStartRow {
	readonly subject: Subject;
	readonly runs: number;
	/** Top of the script → first call returned (import + construct + first call). */
	readonly wallMs: number;
	readonly wallP90Ms: number;
	/** Process start → first call returned (adds Node's own start-up, the same for every subject). */
	readonly fromStartMs: number;
	readonly cpuMs: number;
	readonly cpuP90Ms: number;
	readonly wallVsPosthog: number;
	readonly cpuVsPosthog: number;
}

/** Runs `runs` rounds of every subject; `progress` hears about each round. */
export async function measureColdStart(
	runs: number,
	progress: (line: string) => void = () => {},
): Promise<ColdStartRow[]> {
	const samples = new Map<Subject, Sample[]>(COLD_START_SUBJECTS.map((s) => [s, []]));
	const ratios = new Map<Subject, {wall: number[]; cpu: number[]}>(
		COLD_START_SUBJECTS.map((s) => [s, {wall: [], cpu: []}]),
	);
	for (let round = 0; round < runs; round++) {
		const got = new Map<Subject, Sample>();
		for (let k = 0; k < COLD_START_SUBJECTS.length; k++) {
			const subject = COLD_START_SUBJECTS[(round + k) % COLD_START_SUBJECTS.length]!;
			got.set(subject, await runOnce(subject));
		}
		const ph = got.get('posthog-node')!;
		for (const [subject, s] of got) {
			samples.get(subject)!.push(s);
			ratios.get(subject)!.wall.push((s.end - s.top) / (ph.end - ph.top));
			ratios.get(subject)!.cpu.push(s.cpu / ph.cpu);
		}
		progress(`cold start round ${round + 1}/${runs}`);
	}
	return COLD_START_SUBJECTS.map((subject) => {
		const xs = samples.get(subject)!;
		const wall = xs.map((s) => s.end - s.top);
		const cpu = xs.map((s) => s.cpu);
		return {
			subject,
			runs: xs.length,
			wallMs: median(wall),
			wallP90Ms: p90(wall),
			fromStartMs: median(xs.map((s) => s.end)),
			cpuMs: median(cpu),
			cpuP90Ms: p90(cpu),
			wallVsPosthog: median(ratios.get(subject)!.wall),
			cpuVsPosthog: median(ratios.get(subject)!.cpu),
		};
	});
}

/** The markdown table of {@link measureColdStart}'s rows. */
export function coldStartTable(rows: readonly ColdStartRow[]): string[] {
	// Rows of a failed run (the runner's `{error}` row) print n/a rather than throw.
	const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
	const ratio = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : 'n/a');
	return [
		'| client | runs | wall ms (p90) | from process start ms | CPU ms (p90) | wall vs posthog-node | CPU vs posthog-node |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows.map(
			(r) =>
				`| ${r.subject} | ${r.runs} | ${ms(r.wallMs)} (${ms(r.wallP90Ms)}) | ${ms(r.fromStartMs)} | ${ms(r.cpuMs)} (${ms(r.cpuP90Ms)}) | ${ratio(r.wallVsPosthog)} | ${ratio(r.cpuVsPosthog)} |`,
		),
	];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const {values} = parseArgs({options: {runs: {type: 'string', default: '30'}}});
	const rows = await measureColdStart(Math.max(1, Number(values.runs)), (l) =>
		process.stderr.write(`${l}\n`),
	);
	console.log(coldStartTable(rows).join('\n'));
}
