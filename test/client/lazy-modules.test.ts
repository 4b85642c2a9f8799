/**
 * What a cold start loads (issue 16 §3): importing the package, constructing an instance and tracking do not
 * load `node:http`/`node:https` (with them `net`, `tls`, `crypto` and streams); the first delivery does, and
 * delivers. A fresh Node process runs the build as a user's script would, against a local server on 127.0.0.1,
 * and reports `process.moduleLoadList` at each step.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {FaultServer} from '../helpers/fault-server.js';
import {runtime} from '../helpers/runtime.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

let server: FaultServer;
useFaultServer((started) => (server = started));

/**
 * The child: which of the watched built-ins are loaded after each step, as one JSON line; with `cjs`, the
 * CommonJS build through `require`, and also whether the chunk of the sending stages (`dist/sending-*.cjs`,
 * loaded with `import()` on the first delivery) is loaded yet.
 */
const script = (apiUrl: string, cjs = false): string => `
const watched = ['http', 'https', 'net', 'tls', 'crypto'];
const loaded = () => watched.filter((name) => process.moduleLoadList.includes('NativeModule ' + name))
	.concat(${cjs} && Object.keys(require.cache).some((file) => /[\\/]sending-[^\\/]*\\.cjs$/.test(file)) ? ['sending chunk'] : []);
(async () => {
const steps = {};
const {getAnalytics} = ${cjs ? "require('./dist/index.cjs')" : "await import('./dist/index.js')"};
steps.imported = loaded();
const analytics = getAnalytics('lazy', {
	websiteId: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01', apiUrl: ${JSON.stringify(apiUrl)}, configFile: false, env: {},
});
steps.constructed = loaded();
analytics.trackEvent('signup', {i: 0, plan: 'pro'});
steps.tracked = loaded();
const result = await analytics.flush();
steps.flushed = loaded();
process.stdout.write(JSON.stringify({steps, sent: analytics.stats().sent}) + '\\n');
process.exit(0);
})();`;

function runChild(apiUrl: string, cjs = false): Promise<{steps: Record<string, string[]>; sent: number}> {
	return new Promise((resolve, reject) => {
		// `process.moduleLoadList` is Node's: under Bun or Deno (test/runtimes) the child is still Node.
		const child = spawn(
			runtime === 'node' ? process.execPath : 'node',
			[`--input-type=${cjs ? 'commonjs' : 'module'}`, '-e', script(apiUrl, cjs)],
			{
				cwd: root,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			try {
				resolve(JSON.parse(out) as {steps: Record<string, string[]>; sent: number});
			} catch {
				reject(new Error(`child exited ${code}: ${err}`));
			}
		});
	});
}

describe('cold start: built-ins loaded only when needed (fresh Node process, the build)', () => {
	it('node:http and node:https load at the first delivery, not at import, construction or tracking', async () => {
		if (!existsSync(`${root}dist/index.js`)) throw new Error('build the package first (npm run build)');
		const {steps, sent} = await runChild(server.url);
		expect(steps['imported']).toEqual([]);
		expect(steps['constructed']).toEqual([]);
		expect(steps['tracked']).toEqual([]);
		expect(steps['flushed']).toEqual(expect.arrayContaining(['http', 'https']));
		expect(sent).toBe(1);
		expect(server.tally(1)).toEqual({stored: 1, missing: [], duplicated: []});
	}, 30_000);

	it('the CommonJS build loads the sending stages on the first delivery too, and delivers', async () => {
		if (!existsSync(`${root}dist/index.cjs`)) throw new Error('build the package first (npm run build)');
		const {steps, sent} = await runChild(server.url, true);
		// (`crypto` is not asked about here: the CommonJS build's own shims may load it.)
		for (const step of ['imported', 'constructed', 'tracked']) {
			expect(steps[step], step).not.toContain('http');
			expect(steps[step], step).not.toContain('https');
			expect(steps[step], step).not.toContain('sending chunk');
		}
		expect(steps['flushed']).toEqual(expect.arrayContaining(['http', 'https', 'sending chunk']));
		expect(sent).toBe(1);
		expect(server.tally(1)).toEqual({stored: 1, missing: [], duplicated: []});
	}, 30_000);
});
