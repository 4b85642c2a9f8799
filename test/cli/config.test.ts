import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {cli, spawnCli, WEBSITE_ID} from './harness.js';

describe('configuration and usage errors: exit 2', () => {
	test.each(['check', 'send'])('%s: malformed website id names the key and the env var', async (command) => {
		const args = command === 'send' ? ['send', 'signup'] : ['check'];
		const result = await cli(args, {env: {UMAMI_WEBSITE_ID: 'not-a-uuid'}});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('"umami.website_id"');
		expect(result.stderr).toContain('env UMAMI_WEBSITE_ID');
		expect(result.stderr).toContain('expected a website id');
	});

	test('invalid URL from env', async () => {
		const result = await cli(['check', '--json'], {
			env: {UMAMI_WEBSITE_ID: WEBSITE_ID, UMAMI_API_URL: 'ftp://x'},
		});
		expect(result.code).toBe(2);
		const report = JSON.parse(result.stdout) as {error: {kind: string; key: string; message: string}};
		expect(report.error).toMatchObject({kind: 'config', key: 'umami.api_url'});
		expect(report.error.message).toContain('env UMAMI_API_URL');
	});

	test('config file error names file:line and suggests the key', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'umami-guard-cli-'));
		const file = join(dir, 'config.yaml');
		writeFileSync(file, `umami:\n  website_id: ${WEBSITE_ID}\n  async:\n    batch_sise: 5\n`);
		const result = await cli(['check', '--config', file], {env: {}});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`${file}:4`);
		expect(result.stderr).toContain('batch_size');
	});

	test('no website id: exit 2, nothing sent', async () => {
		const result = await cli(['check'], {env: {UMAMI_API_URL: 'http://127.0.0.1:59999'}});
		expect(result.code).toBe(2);
		expect(result.stdout).toContain('UMAMI_WEBSITE_ID');
	});

	test('unknown flag and unknown command', async () => {
		expect((await cli(['check', '--nope'], {env: {}})).code).toBe(2);
		const unknown = await cli(['frobnicate'], {env: {}});
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('unknown command');
		expect((await cli([], {env: {}})).code).toBe(2);
	});

	test('--help for every command', async () => {
		for (const command of ['check', 'sanitize', 'send', 'outbox']) {
			const result = await cli([command, '--help'], {env: {}});
			expect(result.code).toBe(0);
			expect(result.stdout).toContain(`Usage: umami-guard ${command}`);
			expect(result.stdout).toContain('Exit codes');
		}
		const main = await cli(['--help'], {env: {}});
		expect(main.code).toBe(0);
		expect(main.stdout).toContain('Commands:');
	});

	test('the real binary entry: exit code and message through the process', async () => {
		const result = await spawnCli(['check'], {env: {UMAMI_WEBSITE_ID: 'nope'}});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('env UMAMI_WEBSITE_ID');
		const help = await spawnCli(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('umami-guard <command>');
	});
});
