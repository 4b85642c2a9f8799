/**
 * The two webhook examples (examples/webhook-express, examples/webhook-hono) run as a user runs them, in
 * their own process, importing umami-guard by its package name, with the fake Umami as the server. The
 * test signs webhooks over real HTTP and checks what Umami stored: one revenue event per accepted webhook,
 * nothing for a bad signature, one for a webhook delivered twice.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createHmac} from 'node:crypto';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const SECRET = 'whsec_test_only_0123456789';

interface Running {
	readonly child: ChildProcess;
	readonly url: string;
	readonly stdout: () => string;
}

/** Starts an example (`node --import tsx`, so SIGINT reaches it) and waits for its URL. */
function startExample(file: string, umami: string): Promise<Running> {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('UMAMI_')));
	const child = spawn(process.execPath, ['--import', 'tsx', file], {
		cwd: root,
		env: {...env, UMAMI_API_URL: umami, UMAMI_WEBSITE_ID: WEBSITE, WEBHOOK_SECRET: SECRET, PORT: '0'},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
			if (url !== undefined) resolve({child, url, stdout: () => stdout});
		});
		child.once('exit', (code) => reject(new Error(`${file} exited with ${code}: ${stderr}`)));
	});
}

/** SIGINT: the example shuts its analytics down (delivering what is queued) and prints its stats. */
async function stop(running: Running): Promise<{stats: {sent: number; dropped: Record<string, number>}}> {
	const exited = new Promise((resolve) => running.child.once('exit', resolve));
	running.child.kill('SIGINT');
	await exited;
	const last = running.stdout().trim().split('\n').at(-1)!;
	return JSON.parse(last) as {stats: {sent: number; dropped: Record<string, number>}};
}

function sign(body: string, secret = SECRET): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function deliver(url: string, body: string, signature: string): Promise<number> {
	const response = await fetch(`${url}/webhooks/payments`, {
		method: 'POST',
		headers: {'content-type': 'application/json', 'x-signature': signature},
		body,
	});
	await response.arrayBuffer();
	return response.status;
}

const payment = (id: string, amount: number, currency: string): string =>
	JSON.stringify({id, type: 'payment.succeeded', amount, currency, plan: 'pro'});

describe.each([
	{name: 'express', file: 'examples/webhook-express/server.ts'},
	{name: 'hono', file: 'examples/webhook-hono/server.ts'},
])('webhook example: $name', {timeout: 60_000}, ({file}) => {
	let umami: FaultServer;
	let running: Running;
	const statuses: Record<string, number[]> = {};
	let stats: {sent: number; dropped: Record<string, number>};

	beforeAll(async () => {
		if (!existsSync(`${root}dist/index.js`)) throw new Error('build the package first (npm run build)');
		umami = await startFaultServer();
		running = await startExample(file, umami.url);
		const first = payment('evt_1', 1999, 'eur');
		statuses['valid'] = [await deliver(running.url, first, sign(first))];
		const forged = payment('evt_2', 999_999, 'usd');
		statuses['bad'] = [
			await deliver(running.url, forged, sign(forged, 'another secret')),
			await deliver(running.url, forged, 'sha256=00'),
			await deliver(running.url, forged, ''),
			await deliver(running.url, `${first} `, sign(first)), // a body changed after signing
		];
		const yen = payment('evt_3', 500, 'jpy');
		statuses['twice'] = [
			await deliver(running.url, yen, sign(yen)),
			await deliver(running.url, yen, sign(yen)),
		];
		({stats} = await stop(running));
	}, 60_000);

	afterAll(async () => {
		running?.child.kill('SIGKILL');
		await umami?.close();
	});

	it('a valid signature: 200 and one revenue event, amount in major units, currency upper-cased', () => {
		expect(statuses['valid']).toEqual([200]);
		expect(umami.stored.map((stored) => stored.event.payload)).toContainEqual(
			expect.objectContaining({name: 'purchase', data: {plan: 'pro', revenue: 19.99, currency: 'EUR'}}),
		);
	});

	it('a bad, missing or stale signature: 401 and nothing tracked', () => {
		expect(statuses['bad']).toEqual([401, 401, 401, 401]);
		const amounts = umami.stored.map((stored) => stored.event.payload?.['data']);
		expect(amounts).not.toContainEqual(expect.objectContaining({currency: 'USD'}));
	});

	it('the same webhook twice: 200 both times, one event (the repeat dropped as duplicate)', () => {
		expect(statuses['twice']).toEqual([200, 200]);
		const yen = umami.stored.filter(
			(stored) => stored.event.payload?.['data']?.['currency' as never] === 'JPY',
		);
		expect(yen.map((stored) => stored.event.payload?.['data'])).toEqual([
			{plan: 'pro', revenue: 500, currency: 'JPY'},
		]);
		expect(umami.stored).toHaveLength(2);
		expect(stats.sent).toBe(2);
		expect(stats.dropped['duplicate']).toBe(1);
	});
});
