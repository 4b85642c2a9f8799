/**
 * A PRIVATE real Umami v2.10 + PostgreSQL instance for fault tests that stop and start servers. Never the
 * shared one (other engineers' tests use it concurrently): each caller names its own state dir, and
 * scripts/umami/common.sh gives each state dir its own pair of free ports (recorded in its `ports` file). Started with scripts/umami/start.sh (warm start ≈ 5 s, build cache shared), stopped
 * with scripts/umami/stop.sh; PostgreSQL alone is stopped and started with pg_ctl exactly as start.sh does it
 * (same data dir, socket dir, port and OS user, resolved by common.sh).
 *
 * Also used by scripts/soak.ts (plain Node, no vitest).
 */
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Where an own instance lives. The state dir must match `.umami-e2e-*` (git-ignored). */
export interface OwnUmamiSpec {
	/** Directory name under the repo, e.g. `.umami-e2e-faults`. */
	readonly stateDir: string;
}

export const FAULTS_INSTANCE: OwnUmamiSpec = {stateDir: '.umami-e2e-faults'};
export const SOAK_INSTANCE: OwnUmamiSpec = {stateDir: '.umami-e2e-soak'};

export interface OwnUmami {
	readonly url: string;
	readonly websiteId: string;
	readonly spec: OwnUmamiSpec;
	query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
	/** Stops the Umami process only (SIGTERM to its process group; PostgreSQL keeps running). */
	stopUmami(): Promise<void>;
	/** Starts Umami again (start.sh: PostgreSQL already up, build cached, schema current). */
	startUmami(): Promise<void>;
	/** `pg_ctl stop -m fast` on this instance's cluster: Umami stays up and answers 5xx. */
	stopPostgres(): Promise<void>;
	/** `pg_ctl start` with the options start.sh uses. */
	startPostgres(): Promise<void>;
	/** Closes the SQL pool and stops Umami and PostgreSQL. */
	stop(): Promise<void>;
}

function envOf(spec: OwnUmamiSpec): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		UMAMI_GUARD_STATE: `${repoRoot}${spec.stateDir}`,
	};
	// An inherited pointer at the shared instance (or its ports) must not leak into ours.
	delete env['UMAMI_PORT'];
	delete env['UMAMI_PG_PORT'];
	delete env['UMAMI_E2E_URL'];
	delete env['UMAMI_E2E_DATABASE_URL'];
	delete env['UMAMI_PG_DIR'];
	return env;
}

async function script(spec: OwnUmamiSpec, name: string, ...args: string[]): Promise<void> {
	await run('bash', [`${repoRoot}scripts/umami/${name}`, ...args], {
		env: envOf(spec),
		timeout: 600_000,
		maxBuffer: 16 * 1024 * 1024,
	});
}

/** Runs pg_ctl for this instance's cluster, resolving dirs with common.sh like start.sh/stop.sh do. */
async function pgCtl(spec: OwnUmamiSpec, action: 'start' | 'stop'): Promise<void> {
	const body =
		action === 'stop'
			? 'as_pg "$PG_BIN/pg_ctl" stop -D "$UMAMI_PG_DATA" -m fast -w -t 60 >/dev/null'
			: 'as_pg "$PG_BIN/pg_ctl" start -D "$UMAMI_PG_DATA" -l "$UMAMI_PG_LOG" -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $UMAMI_PG_PORT -k $UMAMI_PG_SOCKET_DIR" >/dev/null';
	const code = `set -euo pipefail; source "${repoRoot}scripts/umami/common.sh"; resolve_pg_dirs; PG_BIN="$(find_pg_bin)"; ${body}`;
	await run('bash', ['-c', code], {env: envOf(spec), timeout: 120_000});
}

/** Starts (or reuses) the own instance. start.sh is retried once: its first DB round trip can time out cold. */
export async function startOwnUmami(spec: OwnUmamiSpec): Promise<OwnUmami> {
	try {
		await script(spec, 'start.sh');
	} catch {
		await script(spec, 'start.sh');
	}
	const env: Record<string, string> = {};
	for (const line of readFileSync(`${repoRoot}${spec.stateDir}/env`, 'utf8').split('\n')) {
		const equals = line.indexOf('=');
		if (equals > 0) env[line.slice(0, equals)] = line.slice(equals + 1).trim();
	}
	const url = env['UMAMI_E2E_URL']!;
	const pool = new pg.Pool({connectionString: env['UMAMI_E2E_DATABASE_URL'], max: 2});
	// PostgreSQL is stopped on purpose by some scenarios: idle clients then error, which must not crash us.
	pool.on('error', () => undefined);
	return {
		url,
		websiteId: env['UMAMI_E2E_WEBSITE_ID']!,
		spec,
		async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
			const result = await pool.query(sql, params);
			return result.rows as Row[];
		},
		stopUmami: () => script(spec, 'stop.sh', '--umami-only'),
		startUmami: async () => {
			try {
				await script(spec, 'start.sh');
			} catch {
				await script(spec, 'start.sh');
			}
		},
		stopPostgres: () => pgCtl(spec, 'stop'),
		startPostgres: () => pgCtl(spec, 'start'),
		stop: async () => {
			await pool.end().catch(() => undefined);
			await script(spec, 'stop.sh');
		},
	};
}

/** Waits until `predicate` holds, polling every `everyMs`, at most `timeoutMs`. Returns whether it held. */
export async function waitFor(
	predicate: () => boolean | Promise<boolean>,
	timeoutMs: number,
	everyMs = 100,
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await predicate()) return true;
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
	return predicate();
}
