/**
 * Bundle size of umami-guard's entries, and of posthog-node and @segment/analytics-node for comparison.
 *
 *   npx tsx scripts/size.ts [--json]
 *
 * Each entry is bundled on its own with esbuild (minified, ESM, tree-shaken, code splitting as tsup builds
 * the package): umami-guard's entries for the `neutral` platform (what a browser-like or edge bundler would
 * ship; `node:*` stays external), the Workers/fetch entry once more as a Worker bundler builds it (`browser`
 * platform with the `workerd`, `worker` and `browser` conditions, as wrangler resolves them, and no
 * splitting: a Worker is one script), the other SDKs from their package entry for the `node` platform (Node
 * built-ins external). An entry's size is what an app loads when it imports the entry: its own file and the
 * chunks it imports statically. What it loads only on first use of a feature (a dynamic `import()`) has a row
 * of its own, "on first use: <the files it holds>", so that a feature's cost shows where it is paid. Sizes
 * are of the minified output and of that output gzipped (level 9, each file on its own), in KB of 1024
 * bytes. The peers are measured the same way (today each bundles to one file). For the integrations and the
 * test helper, the last column is what they add to an app that already imports the core (both in one
 * bundle, minus the core alone). Below the table: the size decision ("smaller than every peer") judged for
 * each entry point, then the folders and files that dominate what the core loads at start (esbuild's
 * metafile).
 *
 * Not counted: the `yaml` parser, which the core loads at run time through `createRequire` only when a
 * configuration file is read (Node), so it never enters a bundle.
 */
import {gzipSync} from 'node:zlib';
import {relative} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
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
export const PEERS: readonly string[] = ['posthog-node', '@segment/analytics-node'];

/** The entry of the sanitizer alone, which the core includes whole (it runs inside every track call). */
export const SANITIZER_ENTRY = 'umami-guard/sanitize';

/**
 * The core entry's budget, min+gzip bytes: above @segment/analytics-node, which carries no PII scrubbing, by
 * about the sanitizer; the size test fails past it. Raise it only with the reason in docs/dependencies.md.
 */
export const CORE_BUDGET_BYTES = 62 * 1024;

/** One output file of a bundle (the entry's own, a shared chunk, or a chunk loaded on first use). */
export interface Chunk {
	/** Label: for a lazy chunk, the source files it holds, largest first. */
	readonly name: string;
	readonly min: number;
	readonly gzip: number;
}

export interface Size {
	readonly name: string;
	/** What an app loads with the entry: the entry's file and the chunks it imports statically. */
	readonly min: number;
	/** Min+gzip of the same, each file gzipped on its own (as each is loaded on its own). */
	readonly gzip: number;
	/** Integrations: min+gzip of the core and this entry in one bundle, minus the core's. */
	readonly overCore?: number;
	/** Chunks loaded only on first use of a feature (dynamic `import()`), each with its own size. */
	readonly lazy: readonly Chunk[];
	/** esbuild's metafile, with `loaded`: the outputs counted in `min` and `gzip`. */
	readonly metafile: Metafile;
	readonly loaded: ReadonlySet<string>;
}

/** Measures one entry as an app ships it; integrations also together with the core (`core` given). */
export async function measure(entry: Entry, core?: Size): Promise<Size> {
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

/** Where esbuild would write (nothing is written: `write: false`). */
const OUT = `${root}.size-out`;

async function bundle(
	input: {entryPoints: string[]} | {stdin: {contents: string; resolveDir: string; loader: 'js' | 'ts'}},
	platform: Entry['platform'],
): Promise<Omit<Size, 'name'>> {
	const result = await build({
		...input,
		bundle: true,
		minify: true,
		treeShaking: true,
		// Code splitting, as tsup builds the package: a dynamic `import()` becomes a chunk loaded on first use.
		// Not for a Worker: wrangler ships one script, with what `import()` loads inlined.
		splitting: platform !== 'worker',
		outdir: OUT,
		absWorkingDir: root,
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
	const files = new Map<string, Chunk>();
	for (const file of result.outputFiles) {
		const key = relative(root, file.path);
		const code = file.contents;
		files.set(key, {name: key, min: code.byteLength, gzip: gzipSync(code, {level: 9}).byteLength});
	}
	const {outputs} = result.metafile;
	const entryOutput = Object.keys(outputs).find((key) => outputs[key]!.entryPoint !== undefined)!;
	const loaded = reach([entryOutput], outputs, false);
	const lazy = [...reach([entryOutput], outputs, true)]
		.filter((key) => !loaded.has(key) && key.endsWith('.js'))
		.map((key) => ({...files.get(key)!, name: chunkName(outputs[key]!)}));
	const sum = (pick: 'min' | 'gzip'): number =>
		[...loaded].reduce((total, key) => total + files.get(key)![pick], 0);
	return {min: sum('min'), gzip: sum('gzip'), lazy, metafile: result.metafile, loaded};
}

/** The outputs reached from `from` by static imports (and dynamic ones with `dynamic`). */
function reach(from: readonly string[], outputs: Metafile['outputs'], dynamic: boolean): Set<string> {
	const seen = new Set(from);
	const todo = [...from];
	for (let key = todo.pop(); key !== undefined; key = todo.pop()) {
		for (const {path, kind, external} of outputs[key]!.imports) {
			if (external || seen.has(path) || (kind === 'dynamic-import' && !dynamic)) continue;
			seen.add(path);
			todo.push(path);
		}
	}
	return seen;
}

/** A lazy chunk named for its largest source files. */
function chunkName(output: Metafile['outputs'][string]): string {
	const inputs = Object.entries(output.inputs)
		.filter(([, {bytesInOutput}]) => bytesInOutput > 0)
		.sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
		.map(([input]) => input.replace(/^src\//, ''));
	return inputs.length > 3 ? `${inputs.slice(0, 3).join(', ')} +${inputs.length - 3}` : inputs.join(', ');
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

/**
 * The inputs of what an entry loads by bytes in the output, largest first (lazy chunks left out): per file,
 * or per folder of `src/` with `byFolder`; a package in node_modules counts as one input.
 */
export function dominating(size: Size, top = 10, byFolder = false): {input: string; bytes: number}[] {
	const bytes = new Map<string, number>();
	for (const [key, output] of Object.entries(size.metafile.outputs)) {
		if (!size.loaded.has(key)) continue;
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

/** The size of the smallest peer, min+gzip: what every entry point must stay under. */
export function smallestPeer(sizes: readonly Size[]): Size {
	const peers = sizes.filter((size) => PEERS.includes(size.name));
	return peers.reduce((smallest, peer) => (peer.gzip < smallest.gzip ? peer : smallest));
}

/**
 * The size decision per entry point: each of umami-guard's entries as an app ships it (the entry bundled on
 * its own, the core it imports included, the chunks loaded on first use left out: they have their own rows)
 * against every peer, min+gzip; the margin is to the smallest peer.
 */
export function verdicts(sizes: readonly Size[]): string[] {
	const smallest = smallestPeer(sizes).gzip;
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

/**
 * Rows of the chunks loaded on first use: the core's, then any another entry adds (an entry that shares the
 * core's lazy chunks does not repeat them).
 */
function lazyRows(sizes: readonly Size[]): string[] {
	const seen = new Set<string>();
	const rows: string[] = [];
	for (const size of sizes) {
		for (const chunk of size.lazy) {
			if (seen.has(chunk.name)) continue;
			seen.add(chunk.name);
			rows.push(`| ${size.name}, on first use: ${chunk.name} | ${kb(chunk.min)} | ${kb(chunk.gzip)} |  |`);
		}
	}
	return rows;
}

/** Every entry measured: the core first, then the others (integrations also with the core). */
export async function measureAll(): Promise<Size[]> {
	const core = await measure(ENTRIES[0]!);
	const sizes: Size[] = [core];
	for (const entry of ENTRIES.slice(1)) sizes.push(await measure(entry, core));
	return sizes;
}

async function main(): Promise<void> {
	const sizes = await measureAll();
	const core = sizes[0]!;
	if (process.argv.includes('--json')) {
		const rows = sizes.map(({name, min, gzip, overCore, lazy}) => ({name, min, gzip, overCore, lazy}));
		console.log(JSON.stringify(rows));
		return;
	}
	console.log('| entry | min (KB) | min+gzip (KB) | added to core, min+gzip (KB) |');
	console.log('| --- | ---: | ---: | ---: |');
	for (const size of sizes) {
		const over = size.overCore === undefined ? '' : `+${kb(size.overCore)}`;
		console.log(`| ${size.name} | ${kb(size.min)} | ${kb(size.gzip)} | ${over} |`);
	}
	for (const row of lazyRows(sizes)) console.log(row);
	const peers = sizes.filter((s) => PEERS.includes(s.name));
	const smaller = peers.every((peer) => core.gzip < peer.gzip);
	console.log(
		`Size decision (issue 16): smaller than every peer, min+gzip: core + sanitizer ${kb(core.gzip)} KB against ${peers.map((p) => `${p.name} ${kb(p.gzip)} KB`).join(', ')}: **${smaller ? 'met' : 'missed'}**.`,
	);
	// The transport chunk loads with the first delivery: what a sending app carries is the core and its chunks.
	const withChunks = core.gzip + core.lazy.reduce((total, chunk) => total + chunk.gzip, 0);
	console.log(
		`With every chunk the core loads on first use (the transport loads with the first delivery): ${kb(withChunks)} KB.`,
	);
	const sanitizer = sizes.find((s) => s.name === SANITIZER_ENTRY)!;
	console.log(
		`Without the sanitizer (core − ${SANITIZER_ENTRY}): ${kb(core.gzip - sanitizer.gzip)} KB; core budget ${kb(CORE_BUDGET_BYTES)} KB.`,
	);
	console.log(`\n${verdicts(sizes).join('\n')}`);
	for (const byFolder of [true, false]) {
		const what = byFolder ? 'folders' : 'files';
		console.log(`\nLargest ${what} of ${core.name} at start (bytes in the minified output, before gzip):\n`);
		console.log('| input | bytes | share |');
		console.log('| --- | ---: | ---: |');
		for (const {input, bytes} of dominating(core, byFolder ? 12 : 15, byFolder)) {
			console.log(`| ${input} | ${bytes} | ${((bytes / core.min) * 100).toFixed(1)}% |`);
		}
	}
}

// Run as a script; imported (by the size test), only the functions.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
