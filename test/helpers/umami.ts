/**
 * The real Umami server of the test suite (v2.10.0 + PostgreSQL on 127.0.0.1), started on demand by
 * scripts/umami/start.sh in this checkout's state dir (UMAMI_GUARD_STATE, default `.umami-e2e`, ports of
 * its own) — or taken from UMAMI_E2E_URL / UMAMI_E2E_WEBSITE_ID / UMAMI_E2E_DATABASE_URL when they are set
 * (`.ci/run`, or a server someone else runs). Rows are read back with SQL. A server the test run started
 * is stopped at its end (test/helpers/umami-global-setup.ts).
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import pg from 'pg';
import {afterAll, beforeAll} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {resolveConfig} from '../../src/config/resolve.js';

export interface UmamiE2E {
	readonly url: string;
	readonly websiteId: string;
	/** Runs SQL against Umami's database. */
	query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
	/** Closes the SQL pool. */
	close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The state dir start.sh uses: the same default as scripts/umami/common.sh. */
export function umamiStateDir(env: NodeJS.ProcessEnv = process.env): string {
	return env['UMAMI_GUARD_STATE'] || `${repoRoot}.umami-e2e`;
}

function readEnv(): Record<string, string> {
	if (
		process.env['UMAMI_E2E_URL'] &&
		process.env['UMAMI_E2E_WEBSITE_ID'] &&
		process.env['UMAMI_E2E_DATABASE_URL']
	) {
		return {
			UMAMI_E2E_URL: process.env['UMAMI_E2E_URL'],
			UMAMI_E2E_WEBSITE_ID: process.env['UMAMI_E2E_WEBSITE_ID'],
			UMAMI_E2E_DATABASE_URL: process.env['UMAMI_E2E_DATABASE_URL'],
		};
	}
	execFileSync('bash', [`${repoRoot}scripts/umami/start.sh`], {
		stdio: ['ignore', 'ignore', 'inherit'],
		timeout: 600_000,
	});
	const env: Record<string, string> = {};
	for (const line of readFileSync(`${umamiStateDir()}/env`, 'utf8').split('\n')) {
		const equals = line.indexOf('=');
		if (equals > 0) env[line.slice(0, equals)] = line.slice(equals + 1).trim();
	}
	return env;
}

/** Starts (or reuses) the real Umami and connects to its database. Call in `beforeAll` with a long timeout. */
export async function startUmami(): Promise<UmamiE2E> {
	const env = readEnv();
	const pool = new pg.Pool({connectionString: env['UMAMI_E2E_DATABASE_URL'], max: 2});
	const url = env['UMAMI_E2E_URL']!;
	const response = await fetch(`${url}/api/heartbeat`);
	if (!response.ok) throw new Error(`Umami at ${url} is not healthy: ${response.status}`);
	return {
		url,
		websiteId: env['UMAMI_E2E_WEBSITE_ID']!,
		async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
			const result = await pool.query(sql, params);
			return result.rows as Row[];
		},
		close: () => pool.end(),
	};
}

/** A short random tag (letters only, so the sanitizer keeps it) that marks one test's rows. */
export function runTag(): string {
	let tag = '';
	for (let index = 0; index < 8; index++) tag += String.fromCharCode(97 + Math.floor(Math.random() * 26));
	return tag;
}

/** A browser User-Agent that Umami's isbot does not filter. */
export const BROWSER_UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/**
 * Starts (or reuses) the real Umami for the whole file and hands it to `use`; closes its SQL pool after all.
 *
 * @example
 * ```ts
 * let umami: UmamiE2E;
 * useUmami((started) => (umami = started));
 * ```
 */
export function useUmami(use: (umami: UmamiE2E) => void): void {
	let umami: UmamiE2E | undefined;
	beforeAll(async () => {
		umami = await startUmami();
		use(umami);
	}, 600_000);
	afterAll(async () => {
		await umami?.close();
	});
}

/** An instance that sends to the real Umami, app `e2e-<tag>`, nothing read from the environment or a file. */
export function e2eAnalytics(umami: UmamiE2E, tag: string): UmamiAnalytics {
	return new UmamiAnalytics(
		resolveConfig(`e2e-${tag}`, {websiteId: umami.websiteId, apiUrl: umami.url, configFile: false, env: {}}),
	);
}
