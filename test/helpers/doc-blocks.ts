/**
 * The code blocks of README.md and docs/*.md, and a scratch project where they run or type-check as a user
 * would write them: `umami-guard` resolves to this checkout's built package (its `exports` and `dist/`
 * declarations), every other import to this checkout's node_modules.
 */
import {execFile} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** One fenced code block. */
export interface DocBlock {
	/** Repository-relative Markdown file. */
	readonly file: string;
	/** 1-based line of the opening fence. */
	readonly line: number;
	readonly lang: string;
	readonly code: string;
	/** Why it is exempt from the compile check (`<!-- docs-check: skip REASON -->` just above the fence). */
	readonly skip?: string;
}

const SKIP = '<!-- docs-check: skip ';

/** Every fenced block of `file` (repository-relative). */
export function docBlocks(file: string): DocBlock[] {
	const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
	const blocks: DocBlock[] = [];
	for (let index = 0; index < lines.length; index++) {
		const fence = lines[index]!;
		if (!fence.startsWith('```') || fence.length === 3) continue;
		const end = lines.findIndex((line, at) => at > index && line.trimEnd() === '```');
		if (end === -1) break;
		const previous = lines[index - 1]?.trim() ?? '';
		const skip = previous.startsWith(SKIP) ? previous.slice(SKIP.length, -' -->'.length).trim() : undefined;
		blocks.push({
			file,
			line: index + 1,
			lang: fence.slice(3).trim(),
			code: lines.slice(index + 1, end).join('\n') + '\n',
			...(skip === undefined ? {} : {skip}),
		});
		index = end;
	}
	return blocks;
}

/** The Markdown files whose code must compile: the README and every page of docs/. */
export function documentationFiles(): string[] {
	const docs = readdirSync(join(repoRoot, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.sort()
		.map((name) => `docs/${name}`);
	return ['README.md', ...docs];
}

/** The TypeScript/JavaScript blocks of every documentation file. */
export function scriptBlocks(): DocBlock[] {
	return documentationFiles()
		.flatMap(docBlocks)
		.filter((block) => ['ts', 'typescript', 'js', 'javascript', 'mjs', 'cjs'].includes(block.lang));
}

/** The README's quick start: the first `ts` block under "## Quick start". */
export function quickStart(): string {
	const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
	const heading = readme.split('\n').indexOf('## Quick start') + 1;
	const block = docBlocks('README.md').find(
		(candidate) => candidate.line > heading && candidate.lang === 'ts',
	);
	if (heading === 0 || block === undefined) throw new Error('README.md has no "## Quick start" ts block');
	return block.code;
}

/**
 * Makes `dir` a project whose `node_modules` links every package of this checkout's and `umami-guard` to
 * the checkout itself (with `linkSelf`; a test that installs the packed tarball passes false).
 */
export function linkedProject(dir: string, packageJson: object, linkSelf = true): void {
	mkdirSync(join(dir, 'node_modules'), {recursive: true});
	writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
	const modules = join(repoRoot, 'node_modules');
	for (const name of readdirSync(modules)) {
		if (name.startsWith('.') || name === 'umami-guard') continue;
		symlinkSync(join(modules, name), join(dir, 'node_modules', name));
	}
	if (linkSelf) symlinkSync(repoRoot, join(dir, 'node_modules', 'umami-guard'));
}

/** What a child process did. */
export interface ChildResult {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
}

/** A running app started with {@link startApp}. */
export interface RunningApp {
	readonly url: string;
	/** Sends `signal` and resolves when the process has ended. */
	stop(signal?: NodeJS.Signals): Promise<ChildResult>;
	/** Resolves when the process ends by itself. */
	readonly exited: Promise<ChildResult>;
}

/**
 * Starts `node [...nodeArgs] file` in `cwd` with `env` and a free `PORT`, and waits until the app answers
 * a HEAD request (any status) on it.
 */
export async function startApp(
	cwd: string,
	file: string,
	env: Record<string, string>,
	nodeArgs: string[] = [],
): Promise<RunningApp> {
	const port = await freePort();
	const child = execFile(process.execPath, [...nodeArgs, file], {
		cwd,
		env: {PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env, PORT: String(port)},
		timeout: 60_000,
	});
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: string) => (stdout += chunk));
	child.stderr?.on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<ChildResult>((done) => {
		child.on('exit', (code, signal) => done({code, signal, stdout, stderr}));
	});
	const url = `http://127.0.0.1:${port}`;
	let ended = false;
	void exited.then(() => (ended = true));
	for (;;) {
		if (ended) throw new Error(`${file} ended before listening: ${stderr || stdout}`);
		try {
			// HEAD: the integrations ignore it, so the probe is never tracked.
			await fetch(url, {method: 'HEAD', signal: AbortSignal.timeout(1000)});
			break;
		} catch {
			await new Promise((done) => setTimeout(done, 100));
		}
	}
	return {
		url,
		exited,
		stop(signal = 'SIGTERM') {
			child.kill(signal);
			return exited;
		},
	};
}

async function freePort(): Promise<number> {
	const {createServer} = await import('node:net');
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => done(typeof address === 'object' && address !== null ? address.port : 0));
		});
	});
}
