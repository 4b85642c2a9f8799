/**
 * `npm run demo` end to end: the README's first command must work with nothing configured, show what is
 * sent and what was redacted by class, end with stats(), and never print a personal value of its traffic.
 */
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {PII_VALUES, TRAFFIC} from '../../demo/traffic.js';
import {startFaultServer} from '../helpers/fault-server.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function runDemo(env: Record<string, string> = {}): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['--import', 'tsx', 'demo/run.ts'],
			{cwd: repoRoot, env: {PATH: process.env['PATH'] ?? '', ...env}, timeout: 30_000},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({code, stdout, stderr});
			},
		);
	});
}

function expectNoPii(text: string): void {
	for (const value of PII_VALUES) expect(text, `output contains "${value}"`).not.toContain(value);
}

describe('demo', () => {
	test('with nothing configured: exits 0, shows events, redaction classes and stats, no PII', async () => {
		const result = await runDemo();
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const out = result.stdout;
		expect(out).toContain('in-process Umami');
		for (const [index] of TRAFFIC.entries()) expect(out).toContain(`${String(index + 1).padStart(2)}. `);
		expect(out).toContain('sent event "signup"');
		expect(out).toContain('[REDACTED_EMAIL]');
		expect(out).toContain('[REDACTED_CARD]');
		for (const cls of ['email', 'phone', 'card', 'iban', 'api_key'])
			expect(out).toMatch(new RegExp(`redacted .*${cls} ×\\d`));
		expect(out).toContain('query keys dropped token, email');
		expect(out).toContain('path sent as its route template');
		expect(out).toContain('stats()');
		expect(out).toMatch(/tracked \d+, sent \d+, dropped 0/);
		expect(out).not.toContain('\u001B[');
		expectNoPii(out + result.stderr);
	});

	test('with UMAMI_API_URL and UMAMI_WEBSITE_ID: sends for real', async () => {
		const server = await startFaultServer();
		try {
			const result = await runDemo({
				UMAMI_API_URL: server.url,
				UMAMI_WEBSITE_ID: '11111111-2222-4333-8444-555555555555',
				FORCE_COLOR: '1',
				NO_COLOR: '1',
			});
			expect(result.code).toBe(0);
			expect(result.stdout).toContain(`Umami at ${server.url}`);
			expect(result.stdout).not.toContain('\u001B[');
			const sent = JSON.stringify(server.stored.map((stored) => stored.event));
			expect(server.stored.length).toBeGreaterThanOrEqual(TRAFFIC.length);
			expect(sent).toContain('"name":"checkout"');
			expectNoPii(sent);
			expectNoPii(result.stdout + result.stderr);
		} finally {
			await server.close();
		}
	});
});
