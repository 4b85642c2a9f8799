/**
 * `outbox status|replay` against the real outbox module: a journal written by `createOutbox` is listed,
 * then replayed into the fault server and emptied.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {createOutbox} from '../../src/outbox/index.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {cli, envFor, WEBSITE_ID} from './harness.js';

let server: FaultServer;
beforeAll(async () => {
	server = await startFaultServer();
});
afterAll(() => server.close());

function journal(events: number): string {
	const dir = mkdtempSync(join(tmpdir(), 'umami-guard-cli-outbox-'));
	const box = createOutbox({path: join(dir, 'outbox'), appName: 'default', maxBytes: 1024 * 1024})!;
	for (let index = 0; index < events; index++) {
		box.append({type: 'event', payload: {website: WEBSITE_ID, url: '/', name: 'queued', data: {i: index}}});
	}
	box.close();
	const file = join(dir, 'config.yaml');
	writeFileSync(file, `umami:\n  outbox:\n    enabled: true\n    path: ${join(dir, 'outbox')}\n`);
	return file;
}

describe('outbox with the real module', () => {
	test('status lists the journal; replay sends it and empties it', async () => {
		const file = journal(25);
		const env = envFor(server.url);
		const status = await cli(['outbox', 'status', '--json', '--config', file], {env});
		expect(status.code).toBe(0);
		expect(JSON.parse(status.stdout)).toMatchObject({enabled: true, events: 25});
		const human = await cli(['outbox', 'status', '--config', file], {env});
		expect(human.stdout).toContain('25 events waiting');

		const replay = await cli(['outbox', 'replay', '--config', file], {env, tty: true});
		expect(replay.code).toBe(0);
		expect(replay.stdout).toContain('25 sent, 0 failed, 0 still waiting');
		expect(replay.stderr).toContain('25/25');
		expect(server.tally(25)).toMatchObject({missing: [], duplicated: []});

		const after = await cli(['outbox', 'status', '--json', '--config', file], {env});
		expect(JSON.parse(after.stdout)).toMatchObject({events: 0});
	});

	test('replay with the server down: exit 3, nothing lost', async () => {
		const file = journal(3);
		const down = await startFaultServer();
		await down.close();
		const replay = await cli(['outbox', 'replay', '--json', '--config', file], {env: envFor(down.url)});
		expect(replay.code).toBe(3);
		const status = await cli(['outbox', 'status', '--json', '--config', file], {env: envFor(down.url)});
		expect(JSON.parse(status.stdout)).toMatchObject({events: 3});
	});
});
