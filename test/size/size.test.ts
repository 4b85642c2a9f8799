/**
 * `scripts/size.ts` runs and reports a row for every entry (sizes themselves are reported, not asserted:
 * see the script's output for the figures and what dominates them).
 */
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

const ENTRIES = [
	'umami-guard (core + sanitizer)',
	'umami-guard/sanitize',
	'umami-guard/express',
	'umami-guard/fastify',
	'umami-guard/hono',
	'umami-guard/koa',
	'umami-guard/nestjs',
	'umami-guard/next',
	'umami-guard/fetch',
	'umami-guard/fetch (Worker bundle)',
	'umami-guard/track-route',
	'posthog-node',
	'@segment/analytics-node',
];

describe('scripts/size.ts', () => {
	it(
		'prints a markdown table with min and min+gzip sizes for every entry, and the size decision per entry point',
		{timeout: 120_000},
		async () => {
			const {stdout} = await run('npx', ['tsx', 'scripts/size.ts'], {cwd: root, timeout: 110_000});
			// The first table names every entry; the verdict table names umami-guard's entries again.
			const rows = new Map<string, string[]>();
			const verdicts = new Map<string, string[]>();
			for (const line of stdout.split('\n')) {
				const cells = line.split('|').map((cell) => cell.trim());
				if (cells.length < 4) continue;
				(rows.has(cells[1]!) ? verdicts : rows).set(cells[1]!, cells.slice(2));
			}
			for (const entry of ENTRIES) {
				const row = rows.get(entry);
				expect(row, `row for ${entry}`).toBeDefined();
				expect(row![0], `min size of ${entry}`).toMatch(/^\d+\.\d$/);
				expect(row![1], `min+gzip size of ${entry}`).toMatch(/^\d+\.\d$/);
			}
			for (const entry of ENTRIES.filter((name) => name.startsWith('umami-guard'))) {
				const verdict = verdicts.get(entry);
				expect(verdict, `size decision for ${entry}`).toBeDefined();
				expect(verdict![0], `min+gzip of ${entry}`).toBe(rows.get(entry)![1]);
				expect(verdict![2], `verdict of ${entry}`).toMatch(/^(yes|\*\*no\*\*)$/);
			}
			expect(stdout).toMatch(/Target for core \+ sanitizer: ≤ 8 KB min\+gzip; measured \d+\.\d KB\./);
			expect(stdout).toMatch(
				/Size decision \(issue 16\): smaller than every peer, min\+gzip: core \+ sanitizer \d+\.\d KB against posthog-node \d+\.\d KB, @segment\/analytics-node \d+\.\d KB: \*\*(met|missed)\*\*\./,
			);
		},
	);
});
