/**
 * `scripts/size.ts` runs and reports a row for every entry and for the chunks loaded on first use; the core
 * entry is held to the size decision (smaller than every peer, min+gzip, measured by the same function).
 */
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CORE_BUDGET_BYTES, ENTRIES as MEASURED, measure, PEERS, SANITIZER_ENTRY} from '../../scripts/size.js';

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
			expect(stdout).toMatch(
				/Without the sanitizer \(core − umami-guard\/sanitize\): \d+\.\d KB; core budget \d+\.\d KB\./,
			);
			expect(stdout).toMatch(
				/Size decision \(issue 16\): smaller than every peer, min\+gzip: core \+ sanitizer \d+\.\d KB against posthog-node \d+\.\d KB, @segment\/analytics-node \d+\.\d KB: \*\*(met|missed)\*\*\./,
			);
		},
	);

	it(
		'the core stays in its budget and under posthog-node; without the sanitizer, and the sanitizer alone, under every peer; the sending stages load on first use',
		{timeout: 120_000},
		async () => {
			const core = await measure(MEASURED[0]!);
			const sanitizer = await measure(MEASURED.find((entry) => entry.name === SANITIZER_ENTRY)!);
			const peers = await Promise.all(
				MEASURED.filter((entry) => PEERS.includes(entry.name)).map((entry) => measure(entry)),
			);
			const smallest = Math.min(...peers.map((peer) => peer.gzip));
			const largest = Math.max(...peers.map((peer) => peer.gzip));
			expect(core.gzip, 'core entry, min+gzip bytes').toBeLessThan(CORE_BUDGET_BYTES);
			expect(core.gzip, 'core entry against the largest peer').toBeLessThan(largest);
			expect(core.gzip - sanitizer.gzip, 'core without the sanitizer').toBeLessThan(smallest);
			expect(sanitizer.gzip, 'the sanitizer alone').toBeLessThan(smallest);
			// What loads on the first delivery is reported in a row of its own, not left out.
			const sending = core.lazy.find((chunk) => chunk.name.includes('transport/'));
			expect(sending, 'a lazy chunk with the transport').toBeDefined();
			expect(sending!.gzip).toBeGreaterThan(0);
		},
	);
});
