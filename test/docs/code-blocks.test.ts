/**
 * The documentation's code as users copy it: every TypeScript/JavaScript block of README.md and docs/*.md
 * type-checks against the built package's declarations (`umami-guard` resolved through its `exports` to
 * `dist/`), and the README's quick start runs — a real Express app, a local stand-in for Umami, a request
 * with a browser User-Agent, then SIGTERM through the handler the quick start shows. Needs `dist/`.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	linkedProject,
	quickStart,
	repoRoot,
	scriptBlocks,
	startApp,
	type DocBlock,
} from '../helpers/doc-blocks.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE_ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

/**
 * A user's tsconfig: strict; bundler resolution (what Next.js projects use, and `exports` is still read with
 * the `import` condition); legacy decorators as NestJS needs them.
 */
const TSCONFIG = {
	compilerOptions: {
		target: 'ES2022',
		module: 'ESNext',
		moduleResolution: 'Bundler',
		moduleDetection: 'force',
		lib: ['ES2023', 'DOM'],
		types: ['node'],
		strict: true,
		experimentalDecorators: true,
		skipLibCheck: true,
		allowJs: true,
		checkJs: true,
		noEmit: true,
	},
	include: ['*.ts', '*.js'],
};

function fileName(block: DocBlock): string {
	const extension = block.lang === 'ts' || block.lang === 'typescript' ? 'ts' : 'js';
	return `${block.file.replaceAll(/\W/g, '_')}_L${block.line}.${extension}`;
}

describe('documentation code blocks', () => {
	const blocks = scriptBlocks();

	it('finds the blocks, and exempts only a few deliberately partial ones, each with a reason', () => {
		expect(blocks.length).toBeGreaterThanOrEqual(15);
		const skipped = blocks.filter((block) => block.skip !== undefined);
		expect(skipped.length).toBeLessThanOrEqual(2);
		for (const block of skipped) expect(block.skip, `${block.file}:${block.line}`).toMatch(/\w{3}/);
	});

	it('every TypeScript/JavaScript block of README.md and docs/*.md type-checks against the built package', () => {
		const dir = mkdtempSync(join(tmpdir(), 'umami-guard-docs-'));
		linkedProject(dir, {name: 'docs-check', private: true, type: 'module'});
		writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
		const byFile = new Map<string, DocBlock>();
		for (const block of blocks.filter((candidate) => candidate.skip === undefined)) {
			byFile.set(fileName(block), block);
			writeFileSync(join(dir, fileName(block)), block.code);
		}
		let output = '';
		try {
			execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], {
				cwd: dir,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			});
		} catch (error) {
			output = String((error as {stdout?: unknown}).stdout ?? error);
		}
		// Each error at the Markdown line it comes from.
		const errors = output
			.split('\n')
			.filter((line) => line.includes(': error TS'))
			.map((line) => {
				const match = /^([\w.]+)\((\d+),\d+\): (.*)$/.exec(line);
				const block = match ? byFile.get(match[1]!) : undefined;
				return block ? `${block.file}:${block.line + Number(match![2])} ${match![3]}` : line;
			});
		expect(errors).toEqual([]);
	}, 120_000);
});

describe('the README quick start, run as written', () => {
	let umami: FaultServer;
	let dir: string;

	beforeAll(async () => {
		umami = await startFaultServer();
		dir = mkdtempSync(join(tmpdir(), 'umami-guard-quickstart-'));
		linkedProject(dir, {name: 'quick-start', private: true, type: 'module'});
		writeFileSync(join(dir, 'app.ts'), quickStart());
	});

	afterAll(async () => {
		await umami.close();
	});

	it('a browser request is tracked, and SIGTERM through the shown handler delivers it and exits 0', async () => {
		const app = await startApp(dir, 'app.ts', {UMAMI_WEBSITE_ID: WEBSITE_ID, UMAMI_API_URL: umami.url}, [
			'--import',
			'tsx',
		]);
		const headers = {'user-agent': BROWSER_UA};
		expect(await (await fetch(`${app.url}/users/4815162342`, {headers})).json()).toEqual({id: '4815162342'});
		expect((await fetch(`${app.url}/signup`, {method: 'POST', headers})).status).toBe(201);
		const result = await app.stop('SIGTERM');
		expect({code: result.code, signal: result.signal, stderr: result.stderr}).toEqual({
			code: 0,
			signal: null,
			stderr: '',
		});
		const payloads = umami.stored.map((stored) => stored.event.payload ?? {});
		expect(payloads).toEqual(
			expect.arrayContaining([
				expect.objectContaining({url: '/users/:id'}),
				// The handler passes the request's context: the event carries its path and the end user's UA.
				expect.objectContaining({
					name: 'signup',
					data: {plan: 'pro', email: '[REDACTED_EMAIL]'},
					url: '/signup',
					userAgent: BROWSER_UA,
				}),
				expect.objectContaining({url: '/user/[REDACTED_EMAIL]/welcome', userAgent: BROWSER_UA}),
				expect.objectContaining({name: 'signup.form'}),
			]),
		);
		expect(JSON.stringify(umami.requests.map((request) => request.body))).not.toMatch(/4815162342|jane/);
	}, 60_000);
});
