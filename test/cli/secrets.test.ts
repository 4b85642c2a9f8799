import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {cli, envFor} from './harness.js';

const KEY = 'umami_cloud_key_Q7w2E9r4T6y1U3i5';
const FILE_KEY = 'file_api_key_Z9x8C7v6B5n4M3a2';

let server: FaultServer;
beforeAll(async () => {
	server = await startFaultServer();
});
afterAll(() => server.close());

describe('the API key is never printed', () => {
	test('in any output of any command, success or failure', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'umami-guard-secrets-'));
		const file = join(dir, 'config.yaml');
		writeFileSync(file, `umami:\n  api_key: ${FILE_KEY}\n  outbox:\n    enabled: true\n`);
		const env = envFor(server.url, {UMAMI_API_KEY: KEY});
		const closed = await startFaultServer();
		await closed.close();
		const runs = [
			cli(['check'], {env}),
			cli(['check', '--json'], {env}),
			cli(['check', '--read-api-url', `${server.url}/v1`], {env}),
			cli(['check', '--config', file, '--json'], {env: envFor(server.url)}),
			cli(['check', '--config', file], {env: envFor(server.url)}),
			cli(['check'], {env: envFor(closed.url, {UMAMI_API_KEY: KEY})}),
			cli(['check'], {env: {...env, UMAMI_WEBSITE_ID: 'bad'}}),
			cli(['send', 'hello', '--data', `{"key":"${KEY}"}`], {env}),
			cli(['send', 'hello', '--json'], {env}),
			cli(['sanitize', '--detect'], {env, stdin: `key=${KEY}\n`}),
			cli(['sanitize'], {env, stdin: `api_key=${KEY}\n`}),
			cli(['outbox', 'status', '--config', file], {env}),
			cli(['outbox', 'status', '--json'], {env}),
			cli(['nope'], {env}),
		];
		const all = (await Promise.all(runs)).map((result) => result.stdout + result.stderr).join('\n');
		expect(all).toContain('****');
		for (const secret of [KEY, FILE_KEY]) {
			expect(all).not.toContain(secret);
			expect(all).not.toContain(secret.slice(0, -4));
		}
	});
});
