/**
 * Smoke check of the benchmark: `tsx bench/run.ts --quick` runs every scenario end to end and reports a row
 * for each. No timing is asserted — the machine is shared and the figures are only meaningful from a full run.
 * Needs the build (`dist/`) and the real Umami of the e2e suite (started on demand by test/helpers/umami.ts).
 */
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'umami-guard-bench-'));
afterAll(() => rmSync(out, {recursive: true, force: true}));

interface Report {
	problems: string[];
	results: Record<string, Record<string, unknown>[]>;
}

describe('npm run bench -- --quick', () => {
	it('runs every scenario and reports a result row for each', {timeout: 420_000}, async () => {
		await new Promise<void>((resolve, reject) => {
			execFile(
				'npx',
				['tsx', 'bench/run.ts', '--quick', '--out', out],
				{cwd: root, timeout: 418_000, maxBuffer: 16 * 2 ** 20},
				(error, _stdout, stderr) =>
					error ? reject(new Error(`${error.message}\n${stderr.slice(-2000)}`)) : resolve(),
			);
		});
		const report = JSON.parse(readFileSync(join(out, 'bench', 'results.json'), 'utf8')) as Report;
		const expected: Record<string, string[]> = {
			cost: ['umami-guard', '@umami/node', 'posthog-node', 'segment'],
			delivery: ['umami-guard', '@umami/node', 'posthog-node', 'segment'],
			outage: ['umami-guard', '@umami/node', 'posthog-node', 'segment'],
			crash: ['umami-guard', '@umami/node', 'posthog-node', 'segment'],
		};
		for (const [scenario, peers] of Object.entries(expected)) {
			const rows = report.results[scenario] ?? [];
			for (const peer of peers) {
				const row = rows.find((r) => r['peer'] === peer);
				expect(row, `${scenario}: ${peer}`).toBeDefined();
				expect(row?.['error'], `${scenario}: ${peer}`).toBeUndefined();
			}
		}
		expect(report.results['sanitizer']?.map((r) => r['sanitizer'])).toContain('umami-guard');
		const middleware = report.results['middleware'] ?? [];
		// Express, Fastify, Koa and Hono, bare and tracked, on hello-world and the orders route; @umami/node on
		// Express's hello-world.
		expect(middleware).toHaveLength(17);
		for (const row of middleware)
			expect(
				row['rps'],
				`${String(row['framework'])} ${String(row['route'])} ${String(row['variant'])}`,
			).toBeTypeOf('number');
		const umami = report.results['umami'] ?? [];
		expect(umami.map((r) => r['variant'])).toEqual(['direct', 'direct', 'umami-guard', '@umami/node']);
		for (const row of umami) expect(row['stored'], String(row['variant'])).toBeTypeOf('number');
		const coldStart = report.results['cold-start'] ?? [];
		expect(coldStart.map((r) => r['subject'])).toEqual([
			'umami-guard',
			'posthog-node',
			'segment',
			'@umami/node',
		]);
		for (const row of coldStart) {
			expect(row['wallMs'], String(row['subject'])).toBeTypeOf('number');
			expect(row['cpuMs'], String(row['subject'])).toBeTypeOf('number');
			expect(row['wallVsPosthog'], String(row['subject'])).toBeTypeOf('number');
		}
		const doc = readFileSync(join(out, 'benchmarks.md'), 'utf8');
		expect(doc).toContain('## Targets');
		expect(doc).toMatch(/\| cold start ≤ ⅓ of posthog-node \| [\d.]+ % of its wall time/);
	});
});
