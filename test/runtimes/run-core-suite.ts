/**
 * Runs the core test suite (config, queue, transport, sanitizer, client) with vitest started by another
 * runtime binary, and reads vitest's JSON report: Node 22/24 (node-versions.test.ts), Bun and Deno
 * (bun-deno.test.ts). Vitest's workers are forked from the same binary, so the test files run on it.
 */
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import type {Runtime} from '../helpers/runtime.js';

/** The repository root. */
export const root = join(import.meta.dirname, '../..');

/** The folders of the core test suite. */
export const CORE_SUITE = ['test/config', 'test/queue', 'test/transport', 'test/sanitize', 'test/client'];

/** How long one run of the core suite may take (2 loaded cores; about 30 s on an idle machine). */
export const CORE_SUITE_TIMEOUT_MS = 480_000;

/** What one run of the core suite reported. */
export interface CoreSuiteResult {
	passed: number;
	failed: number;
	/** Skipped and todo tests, by full name. */
	skipped: string[];
	/** Files that did not pass, each with vitest's message (a file fails when it cannot even load). */
	failedFiles: string[];
	/** Failed tests with the start of their failure message. */
	failedTests: string[];
	/** The end of the runtime's output, for when no report was written at all. */
	output: string;
}

const SKIPPED = new Set(['skipped', 'pending', 'todo']);

interface JsonReport {
	numPassedTests: number;
	numFailedTests: number;
	testResults: {
		name: string;
		status: string;
		message?: string;
		assertionResults: {fullName: string; status: string; failureMessages?: string[]}[];
	}[];
}

/**
 * Runs `command ...args node_modules/vitest/vitest.mjs run <core suite>` and returns the report.
 * `expected` reaches the suite as `CORE_SUITE_RUNTIME`: test/helpers/runtime.ts refuses to load in a worker
 * that runs on another runtime, so a vitest that forked its workers on Node would fail here.
 */
export async function runCoreSuite(
	name: string,
	command: string,
	args: readonly string[],
	expected: Runtime,
	env: Readonly<Record<string, string>> = {},
): Promise<CoreSuiteResult> {
	const report = join(root, `.tmp/core-suite-${name}.json`);
	mkdirSync(join(root, '.tmp'), {recursive: true});
	rmSync(report, {force: true});
	const vitest = [
		join(root, 'node_modules/vitest/vitest.mjs'),
		'run',
		...CORE_SUITE,
		'--typecheck.enabled=false',
		'--reporter=json',
		`--outputFile.json=${report}`,
	];
	const outcome = await promisify(execFile)(command, [...args, ...vitest], {
		cwd: root,
		env: {...process.env, NO_COLOR: '1', CORE_SUITE_RUNTIME: expected, ...env},
		maxBuffer: 64 * 1024 * 1024,
		timeout: CORE_SUITE_TIMEOUT_MS,
	}).catch((error: {stdout?: string; stderr?: string; message: string}) => ({
		stdout: error.stdout ?? '',
		stderr: `${error.stderr ?? ''}\n${error.message}`,
	}));
	const output = `${outcome.stdout}\n${outcome.stderr}`.slice(-4000);
	if (!existsSync(report))
		return {passed: 0, failed: 0, skipped: [], failedFiles: [], failedTests: [], output};
	const result = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
	const tests = result.testResults.flatMap((file) => file.assertionResults);
	return {
		passed: result.numPassedTests,
		failed: result.numFailedTests,
		skipped: tests.filter((test) => SKIPPED.has(test.status)).map((test) => test.fullName),
		failedFiles: result.testResults
			.filter((file) => file.status === 'failed')
			.map((file) => `${file.name}: ${file.message ?? ''}`),
		failedTests: tests
			.filter((test) => test.status === 'failed')
			.map((test) => `${test.fullName}: ${(test.failureMessages ?? []).join('\n').slice(0, 500)}`),
		output,
	};
}
