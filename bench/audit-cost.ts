/**
 * CPU cost of `umami-guard audit` over 100,000 distinct values (60,000 paths, 20,000 query strings, 20,000
 * titles; one in 20 carries personal data), served by the fake Umami 3.1 read API of the tests in a child
 * process, so only the audit's own CPU is measured:
 *
 *   npx tsx bench/audit-cost.ts [distinct=100000]
 *
 * Prints the CPU seconds (user + system, `process.cpuUsage()`) of the audit process and the peak RSS. Wall
 * time is not reported: on a shared machine it measures the neighbours.
 */
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {Readable} from 'node:stream';
import type {CliIo} from '../src/cli/io.js';
import {run} from '../src/cli/run.js';
import type {FakeMetric} from '../test/helpers/fake-read-api.js';

const WEBSITE_ID = '11111111-2222-4333-8444-555555555555';

function values(count: number, make: (index: number) => string): FakeMetric[] {
	const rows: FakeMetric[] = [];
	for (let index = 0; index < count; index++) rows.push({x: make(index), y: 1 + (index % 7)});
	return rows.sort((a, b) => b.y - a.y);
}

async function serve(total: number): Promise<void> {
	const {startFakeReadApi} = await import('../test/helpers/fake-read-api.js');
	const paths = Math.round(total * 0.6);
	const rest = Math.round(total * 0.2);
	const api = await startFakeReadApi({
		version: '3.1',
		metrics: {
			path: values(paths, (i) =>
				i % 20 === 0 ? `/reset/user${i}@example.com/confirm` : `/docs/section-${i % 97}/page-${i}`,
			),
			query: values(rest, (i) =>
				i % 20 === 0 ? `email=user${i}%40example.com&step=2` : `page=${i}&sort=asc`,
			),
			title: values(rest, (i) => (i % 20 === 0 ? `Inbox of user${i}@example.com` : `Article number ${i}`)),
		},
	});
	process.stdout.write(`${api.url}\n`);
}

async function measure(total: number): Promise<void> {
	const self = fileURLToPath(import.meta.url);
	const child = spawn(process.execPath, ['--import', 'tsx', self, 'serve', String(total)], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise<string>((resolve) => {
		child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
	});
	let stdout = '';
	const io: CliIo = {
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: () => true},
		stdin: Readable.from([]),
		env: {
			UMAMI_API_URL: url,
			UMAMI_WEBSITE_ID: WEBSITE_ID,
			UMAMI_CONFIG: '',
			UMAMI_USERNAME: 'admin',
			UMAMI_PASSWORD: 'umami',
		},
	};
	const before = process.cpuUsage();
	const code = await run(['audit', '--json', '--since', '30d', '--rate', '1000000'], io);
	const cpu = process.cpuUsage(before);
	child.kill();
	const report = JSON.parse(stdout) as {
		fields: Array<{field: string; distinct: number; flaggedDistinct: number}>;
		readApi: {requests: number};
	};
	const distinct = report.fields.reduce((sum, field) => sum + field.distinct, 0);
	const flagged = report.fields.reduce((sum, field) => sum + field.flaggedDistinct, 0);
	const seconds = (cpu.user + cpu.system) / 1e6;
	console.log(
		`audit of ${distinct.toLocaleString('en-US')} distinct values (${flagged.toLocaleString('en-US')} with personal data), ${report.readApi.requests} requests, exit ${code}: ` +
			`${seconds.toFixed(2)} s CPU (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
	);
}

const total = Number(process.argv[3] ?? process.argv[2] ?? 100_000) || 100_000;
if (process.argv[2] === 'serve') await serve(total);
else await measure(total);
