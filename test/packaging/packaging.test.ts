/**
 * The package as users get it: `npm pack`, then the tarball installed into fresh ESM, CommonJS and
 * TypeScript (node10, node16 and bundler resolution) projects that call the public API for real; plus
 * publint and @arethetypeswrong/cli on the same tarball, the packed file list, and a pack from a fresh
 * clone (no `dist/`). Needs `dist/` (the test command builds it first); packs with `--ignore-scripts` so
 * that `prepack` does not rebuild the `dist/` other test files are importing.
 */
import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, posix, resolve} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';

const root = resolve(import.meta.dirname, '../..');
const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const work = mkdtempSync(join(tmpdir(), 'umami-guard-pack-'));
let tarball = '';
let server: FaultServer;

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
	return execFileSync(command, args, {
		cwd,
		env: {...process.env, ...env},
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 240_000,
	});
}

function consumer(name: string): string {
	const dir = join(work, name);
	cpSync(join(root, 'test/fixtures/consumers', name), dir, {recursive: true});
	run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], dir);
	return dir;
}

beforeAll(async () => {
	if (!existsSync(join(root, 'dist/index.js'))) run('npx', ['tsup'], root);
	const name = run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], root)
		.trim()
		.split('\n')
		.pop()!;
	tarball = join(work, name);
	server = await startFaultServer();
}, 300_000);

afterAll(async () => {
	await server.close();
});

describe('the packed tarball', () => {
	it('contains dist, the README, the example config and no sources or tests', () => {
		const listing = run('tar', ['-tzf', tarball], work);
		expect(listing).toContain('package/dist/index.js');
		expect(listing).toContain('package/dist/index.cjs');
		expect(listing).toContain('package/dist/index.d.ts');
		expect(listing).toContain('package/config.example.yaml');
		expect(listing).not.toMatch(/package\/(src|test|bench)\//);
	});

	// Node decodes an all-ASCII file on a fast path, and a module minified of whitespace compiles sooner: both
	// are paid at every cold start (bench/cold-start.ts). One stray character (a literal `ł` in a pattern)
	// puts a whole chunk on the slow path.
	it('ships the library entries ASCII-only and without comments', () => {
		const files = readdirSync(join(root, 'dist')).filter((f) => /\.c?js$/.test(f) && f !== 'cli.js');
		expect(files.length).toBeGreaterThan(10);
		for (const file of files) {
			const text = readFileSync(join(root, 'dist', file), 'utf8');
			expect([...text.matchAll(/[^\t\n\r\x20-\x7e]/g)].map((m) => `${file}:${m.index}`)).toEqual([]);
			expect(text.includes('/**'), `${file} keeps doc comments`).toBe(false);
		}
	});

	it('passes publint', () => {
		const output = run('npx', ['publint', '--strict', tarball], root);
		expect(output).not.toMatch(/error|warning/i);
	}, 120_000);

	it('passes @arethetypeswrong/cli for node10, node16 (CJS and ESM) and bundlers', () => {
		// attw exits non-zero on any problem. node10 (TypeScript's `moduleResolution: node`) resolves the
		// subpaths through `typesVersions`.
		const output = run('npx', ['attw', tarball, '--format', 'ascii'], root);
		expect(output).toContain('node16 (from ESM): 🟢 (ESM)');
		expect(output.match(/node10: 🟢/gu)?.length).toBe(Object.keys(manifest().exports).length);
		const problems = output.split('\n').filter((line) => /❌|💀|⚠️/u.test(line));
		expect(problems).toEqual([]);
	}, 120_000);
});

interface Manifest {
	main: string;
	module: string;
	types: string;
	bin: Record<string, string>;
	exports: Record<string, string | Record<string, Record<string, string>>>;
	typesVersions: Record<string, Record<string, string[]>>;
	scripts: Record<string, string>;
	license: string;
}

function manifest(): Manifest {
	return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
}

/** The files `npm pack` would ship from `dir`, as package-relative paths. */
function packedFiles(dir: string, scripts: boolean): string[] {
	const args = ['pack', '--dry-run', '--json', ...(scripts ? [] : ['--ignore-scripts'])];
	const [report] = JSON.parse(run('npm', args, dir)) as [{files: {path: string}[]}];
	return report.files.map((file) => file.path);
}

/** Every file the package.json points to: entry points, declarations, the binary. */
function entryPoints(pkg: Manifest): string[] {
	const targets = [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin)];
	for (const entry of Object.values(pkg.exports)) {
		if (typeof entry === 'string') targets.push(entry);
		else for (const condition of Object.values(entry)) targets.push(...Object.values(condition));
	}
	for (const paths of Object.values(pkg.typesVersions)) targets.push(...Object.values(paths).flat());
	return [...new Set(targets.map((target) => posix.normalize(target)))];
}

/** Relative links of a Markdown file (no URLs, no pure anchors), as package-relative paths. */
function localLinks(file: string): string[] {
	const text = readFileSync(join(root, file), 'utf8');
	const links: string[] = [];
	for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
		const target = match[1]!.split('#')[0]!;
		if (target === '' || /^[a-z]+:/i.test(target)) continue;
		links.push(posix.normalize(posix.join(posix.dirname(file), target)));
	}
	return links;
}

describe('the packed file list (npm pack --dry-run --json)', () => {
	it('ships every entry point, nothing from src/test/bench, and every file the README, docs or --help names', () => {
		const files = packedFiles(root, false);
		const pkg = manifest();
		for (const target of entryPoints(pkg)) expect(files, target).toContain(target);
		expect(files.filter((file) => /^(?:src|test|bench|scripts|demo|examples|\.ci)\//.test(file))).toEqual([]);
		const docs = files.filter((file) => file.endsWith('.md'));
		expect(docs).toContain('README.md');
		// The README says MIT; the text of the licence ships with the code it covers.
		expect(files).toContain('LICENSE');
		expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
		expect(pkg.license).toBe('MIT');
		for (const doc of docs) {
			for (const link of localLinks(doc)) expect(files, `${doc} links to ${link}`).toContain(link);
		}
		const help = run('node', [join(root, 'dist/cli.js'), '--help'], root);
		const named = [...help.matchAll(/\bdocs\/[\w-]+\.md\b/g)].map((match) => match[0]);
		expect(named).toContain('docs/cli.md');
		for (const doc of named) expect(files).toContain(doc);
	}, 60_000);

	it('a fresh clone (no dist/) packs the built code: prepack builds it', () => {
		expect(manifest().scripts['prepack']).toMatch(/\bnpm run build\b/);
		const clone = join(work, 'clone');
		const tracked = run('git', ['ls-files', '--cached', '--others', '--exclude-standard'], root);
		for (const file of tracked.split('\n')) {
			if (file === '' || !existsSync(join(root, file))) continue;
			mkdirSync(dirname(join(clone, file)), {recursive: true});
			cpSync(join(root, file), join(clone, file));
		}
		symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
		expect(existsSync(join(clone, 'dist'))).toBe(false);
		const files = packedFiles(clone, true);
		for (const target of entryPoints(manifest())) expect(files, target).toContain(target);
	}, 300_000);
});

describe('fresh consumer projects', () => {
	for (const name of ['esm', 'cjs']) {
		it(`${name}: getAnalytics('x').trackEvent('signup', {plan: 'pro'}) reaches the server, sanitized`, async () => {
			server.reset();
			const dir = consumer(name);
			const file = readdirSync(dir).find((entry) => entry.startsWith('index.'))!;
			// Asynchronous: the fault server lives in this process and must keep answering.
			const {stdout} = await promisify(execFile)('node', [file], {
				cwd: dir,
				env: {...process.env, WEBSITE_ID: ID, API_URL: server.url},
			});
			const output = JSON.parse(stdout.trim().split('\n').pop()!) as {
				result: {sent: number};
				url: string;
				text: string;
				configError?: boolean;
				expressMiddleware?: string;
			};
			expect(output.result.sent).toBe(1);
			expect(output.url).toBe('/u/[REDACTED_EMAIL]');
			expect(output.text).toBe('call [REDACTED_PHONE]');
			if (name === 'cjs') expect(output.configError).toBe(true);
			if (name === 'esm') expect(output.expressMiddleware).toBe('function');
			expect(server.stored[0]?.event.payload).toMatchObject({
				name: 'signup',
				data: {plan: 'pro', email: '[REDACTED_EMAIL]'},
			});
		}, 240_000);
	}

	for (const name of ['ts-node10', 'ts-node16', 'ts-bundler']) {
		it(`${name}: type-checks against the published declarations (typed event catalogue included)`, () => {
			const dir = consumer(name);
			expect(() => run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir)).not.toThrow();
		}, 240_000);
	}
});
