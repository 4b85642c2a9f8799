/**
 * CLI messages a new user's trial found confusing: `outbox status` without `--app` showed only
 * default.jsonl while another app's journal in the same folder held 5 events; `check`'s read API error did
 * not name the host it tried; a `--website-id` error was labelled `(options.websiteId)`, a name the user
 * never typed.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {createOutbox} from '../../src/outbox/index.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {cli, envFor, WEBSITE_ID} from './harness.js';

const API_KEY = 'api_KEY_0123456789abcdefXYZ9';
let server: FaultServer;
beforeAll(async () => {
	server = await startFaultServer();
});
afterAll(() => server.close());

/** An outbox folder with `events` per app, and a config file enabling it. */
function outboxes(events: Readonly<Record<string, number>>): {file: string; dir: string} {
	const root = mkdtempSync(join(tmpdir(), 'umami-guard-cli-messages-'));
	const dir = join(root, 'outbox');
	for (const [appName, count] of Object.entries(events)) {
		const box = createOutbox({path: dir, appName, maxBytes: 1024 * 1024})!;
		for (let index = 0; index < count; index++)
			box.append({type: 'event', payload: {website: WEBSITE_ID, url: '/', name: 'queued', data: {i: index}}});
		box.close();
	}
	const file = join(root, 'config.yaml');
	writeFileSync(file, `umami:\n  outbox:\n    enabled: true\n    path: ${dir}\n`);
	return {file, dir};
}

describe('outbox status without --app', () => {
	test('lists every app’s journal in the folder, and ends with a newline', async () => {
		const {file, dir} = outboxes({default: 0, checkout: 5});
		const env = envFor(server.url);
		const human = await cli(['outbox', 'status', '--config', file], {env});
		expect(human.code).toBe(0);
		expect(human.stdout).toContain('0 events waiting');
		expect(human.stdout).toContain(`every app in ${dir} (no --app)`);
		expect(human.stdout).toMatch(/\n {2}checkout {2}5 events waiting \([\d.]+ [KB]+\)\n/);
		expect(human.stdout).toMatch(/\n {2}default {3}0 events waiting/);
		expect(human.stdout.endsWith('\n')).toBe(true);
		const json = JSON.parse((await cli(['outbox', 'status', '--json', '--config', file], {env})).stdout);
		expect(json.apps).toEqual([
			expect.objectContaining({app: 'checkout', events: 5}),
			expect.objectContaining({app: 'default', events: 0}),
		]);
	});

	test('with --app: that app’s journal only, as before', async () => {
		const {file} = outboxes({default: 0, checkout: 5});
		const result = await cli(['outbox', 'status', '--app', 'checkout', '--json', '--config', file], {
			env: envFor(server.url),
		});
		const json = JSON.parse(result.stdout);
		expect(json).toMatchObject({events: 5});
		expect(json.apps).toBeUndefined();
	});
});

describe('check names what it tried', () => {
	test('a read API that cannot be reached: the error names its host and path, not the key', async () => {
		const readApi = await startFaultServer();
		const readApiUrl = `${readApi.url}/v1`;
		await readApi.close();
		const result = await cli(['check', '--read-api-url', readApiUrl], {
			env: envFor(server.url, {UMAMI_API_KEY: API_KEY}),
		});
		const all = result.stdout + result.stderr;
		expect(all).toContain(`read API unreachable at ${readApiUrl}/websites/${WEBSITE_ID}/metrics (`);
		expect(all).not.toContain(API_KEY);
	}, 30_000);

	test('a wrong --website-id is labelled with the flag', async () => {
		const result = await cli(['check', '--website-id', 'nope'], {env: envFor(server.url)});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(
			'Invalid configuration "umami.website_id" (flag --website-id): got "nope"',
		);
		expect(result.stderr).not.toContain('options.websiteId');
	});
});
