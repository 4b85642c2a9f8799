/**
 * The core inside Next.js's Edge runtime sandbox, as `next start` runs middleware: the sandbox of the
 * installed `next` (its compiled `edge-runtime`, which defines `EdgeRuntime`), with the `process` stand-in
 * Next gives it, whose every function throws "A Node.js API is used (process.X) which is not supported in
 * the Edge Runtime". A new user's trial on Next 16 saw every matched page answer 500: constructing the
 * instance called `process.on`. A typo in the website id's variable said nothing at all there.
 */
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const require = createRequire(import.meta.url);
const {EdgeRuntime} = require('next/dist/compiled/edge-runtime') as {
	EdgeRuntime: new (options: {extend: (context: Record<string, unknown>) => Record<string, unknown>}) => {
		evaluate(code: string): unknown;
	};
};

const WEBSITE = '0b6a5d3e-8a1f-4c57-9e2d-3f4a5b6c7d8e';
let umami: FaultServer;
let bundle = '';

/**
 * Next's `createProcessPolyfill` (next/dist/server/web/sandbox/context.js): `env` as given, every other own key
 * of Node's `process` a getter that answers undefined, or a function that throws when the key is a function.
 * Under `next start` the event methods are own keys too: Next's server patches `process.on`, `once`,
 * `addListener`… (next/dist/server/node-environment-extensions/unhandled-rejection.external.js).
 */
function nextProcessStandIn(env: Record<string, string>): object {
	const standIn: Record<string, unknown> = {env: {...env, NEXT_RUNTIME: 'edge'}};
	const patched = ['on', 'once', 'off', 'addListener', 'removeListener', 'prependListener', 'listenerCount'];
	for (const key of new Set([...Object.keys(process), ...patched])) {
		if (key === 'env') continue;
		Object.defineProperty(standIn, key, {
			get: () =>
				typeof (process as unknown as Record<string, unknown>)[key] === 'function'
					? () => {
							throw new Error(
								`A Node.js API is used (process.${key}) which is not supported in the Edge Runtime.`,
							);
						}
					: undefined,
			enumerable: false,
		});
	}
	return standIn;
}

/** Runs the bundled middleware once in a fresh sandbox; what it answered and what it logged. */
async function runMiddleware(env: Record<string, string>): Promise<{sent: unknown; logged: string[]}> {
	const logged: string[] = [];
	const line = (...args: unknown[]): void => void logged.push(args.map(String).join(' '));
	const runtime = new EdgeRuntime({
		extend: (context) => {
			context['process'] = nextProcessStandIn(env);
			context['console'] = {log: line, info: line, warn: line, error: line, debug: line};
			return context;
		},
	});
	runtime.evaluate(bundle);
	const request = runtime.evaluate(
		`new Request('http://shop.example.com/pricing', {headers: {'user-agent': ${JSON.stringify(BROWSER_UA)}}})`,
	);
	const middleware = runtime.evaluate('globalThis.middleware') as (request: unknown) => Promise<unknown>;
	return {sent: await middleware(request), logged};
}

beforeAll(async () => {
	umami = await startFaultServer();
	const result = await build({
		entryPoints: [fileURLToPath(new URL('fixtures/next-edge.ts', import.meta.url))],
		bundle: true,
		write: false,
		format: 'iife',
		platform: 'browser',
		conditions: ['edge-light', 'worker', 'browser'],
		target: 'es2022',
		logLevel: 'warning',
	});
	bundle = result.outputFiles[0]!.text;
}, 60_000);

afterAll(async () => {
	await umami.close();
});

describe("Next.js's Edge runtime sandbox", () => {
	it('constructs, tracks and delivers without calling a throwing process function', async () => {
		umami.reset();
		const {sent, logged} = await runMiddleware({UMAMI_WEBSITE_ID: WEBSITE, UMAMI_API_URL: umami.url});
		expect(logged.filter((l) => /Node\.js API|Error/.test(l))).toEqual([]);
		expect(sent).toBe(1);
		expect(umami.stored.map((s) => s.event.payload?.['url'])).toEqual(['/pricing']);
		expect(umami.stored[0]!.event.payload?.['hostname']).toBe('shop.example.com');
	});

	it('says why nothing is tracked when the website id variable is misspelt, through the console', async () => {
		umami.reset();
		const {sent, logged} = await runMiddleware({UMAMI_WEBSITEID: WEBSITE, UMAMI_API_URL: umami.url});
		expect(sent).toBe(0);
		expect(umami.stored).toEqual([]);
		const warnings = logged.filter((l) => l.startsWith('UmamiGuardWarning:'));
		expect(warnings.length).toBeGreaterThan(0);
		expect(warnings.join('\n')).toMatch(/UMAMI_WEBSITE_ID/);
		expect(warnings.join('\n')).not.toContain(WEBSITE);
	});
});
