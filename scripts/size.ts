/**
 * Bundle size of umami-guard's entries, and of posthog-node and @segment/analytics-node for comparison.
 *
 *   npx tsx scripts/size.ts [--json]
 *
 * Each entry is bundled on its own with esbuild (minified, ESM, tree-shaken, everything it imports
 * included): umami-guard's entries for the `neutral` platform (what a browser-like or edge bundler would
 * ship; `node:*` stays external), the Workers/fetch entry once more as a Worker bundler builds it (`browser`
 * platform with the `workerd`, `worker` and `browser` conditions, as wrangler resolves them), the other SDKs from their package entry for the `node` platform (Node
 * built-ins external). Sizes are of the minified output and of that output gzipped (level 9), in KB of
 * 1024 bytes. For the integrations and the test helper, the last column is what they add to an app that
 * already imports the core (both in one bundle, minus the core alone). Below the table: the size decision
 * ("smaller than every peer") judged for each entry point, then the folders and files that dominate the
 * core bundle (esbuild's metafile).
 *
 * Not counted: the `yaml` parser, which the core loads at run time through `createRequire` only when a
 * configuration file is read (Node), so it never enters a bundle.
 */
import {gzipSync} from 'node:zlib';
import {fileURLToPath} from 'node:url';
import {build, type Metafile} from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Entry {
	/** Row label. */
	readonly name: string;
	/** A source file (relative to the repository) or, with `module: true`, a package to re-export. */
	readonly input: string;
	readonly module?: boolean;
	/** `worker`: esbuild's `browser` platform with the conditions a Workers bundler resolves. */
	readonly platform: 'neutral' | 'node' | 'worker';
	/** An integration: also measured bundled together with the core, to report what it adds. */
	readonly integration?: boolean;
}

export const ENTRIES: readonly Entry[] = [
	{name: 'umami-guard (core + sanitizer)', input: 'src/index.ts', platform: 'neutral'},
	{name: 'umami-guard/sanitize', input: 'src/sanitize/index.ts', platform: 'neutral'},
	{name: 'umami-guard/express', input: 'src/integrations/express.ts', platform: 'neutral', integration: true},
	{name: 'umami-guard/fastify', input: 'src/integrations/fastify.ts', platform: 'neutral', integration: true},
	{name: 'umami-guard/hono', input: 'src/integrations/hono.ts', platform: 'neutral', integration: true},
	{name: 'umami-guard/koa', input: 'src/integrations/koa.ts', platform: 'neutral', integration: true},
	{name: 'umami-guard/nestjs', input: 'src/integrations/nestjs.ts', platform: 'neutral', integration: true},
	{name: 'umami-guard/next', input: 'src/integrations/next.ts', platform: 'neutral', integration: true},
	{name: 'umami-guard/fetch', input: 'src/integrations/fetch.ts', platform: 'neutral', integration: true},
	// What a Cloudflare Worker ships: the fetch entry alone (it pulls in the core it needs), built for a Worker.
	{name: 'umami-guard/fetch (Worker bundle)', input: 'src/integrations/fetch.ts', platform: 'worker'},
	{
		name: 'umami-guard/track-route',
		input: 'src/integrations/track-route.ts',
		platform: 'neutral',
		integration: true,
	},
	{name: 'umami-guard/testing', input: 'src/testing/index.ts', platform: 'neutral', integration: true},
	{name: 'posthog-node', input: 'posthog-node', module: true, platform: 'node'},
	{name: '@segment/analytics-node', input: '@segment/analytics-node', module: true, platform: 'node'},
	{name: '@umami/node', input: '@umami/node', module: true, platform: 'node'},
];

/** The peers of the size decision ("smaller than every peer"). */
const PEERS = ['posthog-node', '@segment/analytics-node'];

export interface Size {
	readonly name: string;
	readonly min: number;
	readonly gzip: number;
	/** Integrations: min+gzip of the core and this entry in one bundle, minus the core's. */
	readonly overCore?: number;
	readonly metafile: Metafile;
}

async function measure(entry: Entry, core?: Size): Promise<Size> {
	const size = await bundle(
		entry.module
			? {stdin: {contents: `export * from '${entry.input}';`, resolveDir: root, loader: 'js'}}
			: {entryPoints: [`${root}${entry.input}`]},
		entry.platform,
	);
	if (!entry.integration || !core) return {name: entry.name, ...size};
	const both = await bundle(
		{
			stdin: {
				contents: `export * from './src/index.ts';\nexport * as integration from './${entry.input}';`,
				resolveDir: root,
				loader: 'ts',
			},
		},
		entry.platform,
	);
	return {name: entry.name, ...size, overCore: both.gzip - core.gzip};
}

async function bundle(
	input: {entryPoints: string[]} | {stdin: {contents: string; resolveDir: string; loader: 'js' | 'ts'}},
	platform: Entry['platform'],
): Promise<Omit<Size, 'name'>> {
	const result = await build({
		...input,
		bundle: true,
		minify: true,
		treeShaking: true,
		format: 'esm',
		target: 'es2022',
		platform: platform === 'worker' ? 'browser' : platform,
		// `neutral` resolves no package fields by default: take what a bundler for the web would.
		...(platform === 'neutral'
			? {mainFields: ['module', 'main'], conditions: ['import', 'module', 'default']}
			: platform === 'worker'
				? {conditions: ['workerd', 'worker', 'browser']}
				: {}),
		external: ['node:*'],
		write: false,
		metafile: true,
		logLevel: 'silent',
	});
	const code = result.outputFiles[0]!.contents;
	return {min: code.byteLength, gzip: gzipSync(code, {level: 9}).byteLength, metafile: result.metafile};
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

/**
 * The inputs of a bundle by bytes in the output, largest first: per file, or per folder of `src/` with
 * `byFolder`; a package in node_modules counts as one input.
 */
export function dominating(metafile: Metafile, top = 10, byFolder = false): {input: string; bytes: number}[] {
	const bytes = new Map<string, number>();
	for (const output of Object.values(metafile.outputs)) {
		for (const [input, {bytesInOutput}] of Object.entries(output.inputs)) {
			const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
			const key = pkg ? `${pkg[1]} (package)` : byFolder ? input.replace(/\/[^/]*$/, '/') : input;
			bytes.set(key, (bytes.get(key) ?? 0) + bytesInOutput);
		}
	}
	return [...bytes]
		.map(([input, size]) => ({input, bytes: size}))
		.sort((a, b) => b.bytes - a.bytes)
		.slice(0, top);
}

/**
 * The size decision per entry point: each of umami-guard's entries as an app ships it (the entry bundled on
 * its own, the core it imports included) against every peer, min+gzip; the margin is to the smallest peer.
 */
export function verdicts(sizes: readonly Size[], peers: readonly Size[]): string[] {
	const smallest = Math.min(...peers.map((peer) => peer.gzip));
	const ours = sizes.filter((size) => size.name.startsWith('umami-guard'));
	return [
		'| entry point | min+gzip (KB) | margin to the smallest peer (KB) | smaller than every peer |',
		'| --- | ---: | ---: | --- |',
		...ours.map(
			(size) =>
				`| ${size.name} | ${kb(size.gzip)} | ${kb(smallest - size.gzip)} | ${size.gzip < smallest ? 'yes' : '**no**'} |`,
		),
	];
}

async function main(): Promise<void> {
	const core = await measure(ENTRIES[0]!);
	const sizes: Size[] = [core];
	for (const entry of ENTRIES.slice(1)) sizes.push(await measure(entry, core));
	if (process.argv.includes('--json')) {
		console.log(JSON.stringify(sizes.map(({name, min, gzip, overCore}) => ({name, min, gzip, overCore}))));
		return;
	}
	console.log('| entry | min (KB) | min+gzip (KB) | added to core, min+gzip (KB) |');
	console.log('| --- | ---: | ---: | ---: |');
	for (const size of sizes) {
		const over = size.overCore === undefined ? '' : `+${kb(size.overCore)}`;
		console.log(`| ${size.name} | ${kb(size.min)} | ${kb(size.gzip)} | ${over} |`);
	}
	console.log(`\nTarget for core + sanitizer: ≤ 8 KB min+gzip; measured ${kb(core.gzip)} KB.`);
	const peers = sizes.filter((s) => PEERS.includes(s.name));
	const smaller = peers.every((peer) => core.gzip < peer.gzip);
	console.log(
		`Size decision (issue 16): smaller than every peer, min+gzip: core + sanitizer ${kb(core.gzip)} KB against ${peers.map((p) => `${p.name} ${kb(p.gzip)} KB`).join(', ')}: **${smaller ? 'met' : 'missed'}**.`,
	);
	console.log(`\n${verdicts(sizes, peers).join('\n')}`);
	for (const byFolder of [true, false]) {
		const what = byFolder ? 'folders' : 'files';
		console.log(`\nLargest ${what} of ${core.name} (bytes in the minified output, before gzip):\n`);
		console.log('| input | bytes | share |');
		console.log('| --- | ---: | ---: |');
		for (const {input, bytes} of dominating(core.metafile, byFolder ? 12 : 15, byFolder)) {
			console.log(`| ${input} | ${bytes} | ${((bytes / core.min) * 100).toFixed(1)}% |`);
		}
	}
}

await main();
