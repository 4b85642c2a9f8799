import {describe, expect, test} from 'vitest';
import {colorsFor, maskSecret} from '../../src/cli/io.js';
import type {CliOutbox, OutboxLoader} from '../../src/cli/outbox.js';
import {cli, WEBSITE_ID} from './harness.js';

const ESC = '\u001B[';
const PII = 'a@b.co\n';

describe('colour', () => {
	test('only on a TTY, never with NO_COLOR', async () => {
		const tty = await cli(['sanitize', '--detect'], {stdin: PII, tty: true, env: {}});
		expect(tty.stdout).toContain(ESC);
		const pipe = await cli(['sanitize', '--detect'], {stdin: PII, tty: false, env: {}});
		expect(pipe.stdout).not.toContain(ESC);
		const noColor = await cli(['sanitize', '--detect'], {stdin: PII, tty: true, env: {NO_COLOR: '1'}});
		expect(noColor.stdout).not.toContain(ESC);
		const forcedButNo = await cli(['sanitize', '--detect'], {
			stdin: PII,
			env: {FORCE_COLOR: '1', NO_COLOR: '1'},
		});
		expect(forcedButNo.stdout).not.toContain(ESC);
		const errors = await cli(['nope'], {tty: true, env: {NO_COLOR: 'yes'}});
		expect(errors.stderr).not.toContain(ESC);
	});

	test('colorsFor: empty NO_COLOR does not disable, TERM=dumb does', () => {
		expect(colorsFor({write() {}, isTTY: true}, {NO_COLOR: ''}).enabled).toBe(true);
		expect(colorsFor({write() {}, isTTY: true}, {TERM: 'dumb'}).enabled).toBe(false);
	});

	test('maskSecret shows at most the last four characters', () => {
		expect(maskSecret('abcdefghijklmnop')).toBe('****mnop');
		expect(maskSecret('short')).toBe('****');
	});
});

describe('outbox', () => {
	const env = {UMAMI_WEBSITE_ID: WEBSITE_ID, UMAMI_API_URL: 'http://127.0.0.1:59999'};

	test('not enabled by configuration: exit 2 with a clear message', async () => {
		const result = await cli(['outbox', 'status'], {env});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('outbox not enabled');
		const json = await cli(['outbox', 'status', '--json'], {env});
		expect(JSON.parse(json.stdout)).toMatchObject({enabled: false});
	});

	function fakeOutbox(total: number, failEvery = 0): {loader: OutboxLoader; left: () => number} {
		let events = total;
		const box: CliOutbox = {
			status: () => ({events, bytes: events * 200, path: '/var/lib/app/.umami-guard/outbox'}),
			async replay(onProgress) {
				let sent = 0;
				let failed = 0;
				for (let index = 0; index < total; index++) {
					if (failEvery > 0 && index % failEvery === 0) failed++;
					else sent++;
					events--;
					onProgress({sent, failed, total});
					if (index % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
				}
				events += failed;
				return {sent, failed};
			},
		};
		return {loader: async () => box, left: () => events};
	}

	test('status and replay through the outbox interface, progress bar on a TTY', async () => {
		const fake = fakeOutbox(300);
		const withOutbox = {...env, UMAMI_CONFIG: ''};
		// The outbox is enabled by the file; a loader stands in for the module.
		const {mkdtempSync, writeFileSync} = await import('node:fs');
		const {join} = await import('node:path');
		const {tmpdir} = await import('node:os');
		const file = join(mkdtempSync(join(tmpdir(), 'umami-guard-outbox-')), 'config.yaml');
		writeFileSync(file, 'umami:\n  outbox:\n    enabled: true\n');
		const status = await cli(['outbox', 'status', '--json', '--config', file], {
			env: withOutbox,
			options: {loadOutbox: fake.loader},
		});
		expect(status.code).toBe(0);
		expect(JSON.parse(status.stdout)).toMatchObject({enabled: true, events: 300, bytes: 60_000});
		const heartbeat: typeof fetch = async () => new Response('ok');
		const replay = await cli(['outbox', 'replay', '--config', file], {
			env: withOutbox,
			tty: true,
			options: {loadOutbox: fake.loader},
			fetch: heartbeat,
		});
		expect(replay.code).toBe(0);
		expect(replay.stderr).toContain('100% 300/300');
		expect(replay.stdout).toContain('300 sent, 0 failed, 0 still waiting');

		const failing = fakeOutbox(10, 5);
		const partial = await cli(['outbox', 'replay', '--json', '--config', file], {
			env: withOutbox,
			options: {loadOutbox: failing.loader},
			fetch: heartbeat,
		});
		expect(partial.code).toBe(1);
		expect(JSON.parse(partial.stdout)).toMatchObject({sent: 8, failed: 2, remaining: 2});
		expect(partial.stderr).toBe('');
	});

	test('enabled but no outbox module in this build: "outbox not enabled"', async () => {
		const {mkdtempSync, writeFileSync} = await import('node:fs');
		const {join} = await import('node:path');
		const {tmpdir} = await import('node:os');
		const file = join(mkdtempSync(join(tmpdir(), 'umami-guard-outbox-')), 'config.yaml');
		writeFileSync(file, 'umami:\n  outbox:\n    enabled: true\n');
		const result = await cli(['outbox', 'status', '--config', file], {
			env,
			options: {loadOutbox: async () => undefined},
		});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('outbox not enabled');
	});
});
