/**
 * `umami-guard outbox status|replay`: inspects or replays the durable outbox (events persisted to disk
 * while Umami was unreachable). The outbox module is loaded on demand, so the CLI works — and says
 * "outbox not enabled" — in builds and configurations without it.
 */
import {createReplaySender} from '../client/replay-sender.js';
import type {ResolvedConfig} from '../config/resolve.js';
import type {AppJournalStatus} from '../outbox/index.js';
import {createOutput, EXIT, type CliIo, type ExitCode, type Output} from './io.js';
import {
	CONFIG_FLAGS,
	CONFIG_HELP,
	loadConfig,
	networkCode,
	parse,
	reportSetupError,
	UsageError,
} from './shared.js';

/** Help of `umami-guard outbox`. */
export const OUTBOX_HELP = `Usage: umami-guard outbox <status|replay> [options]

  status    events and bytes waiting in the durable outbox, and its path
  replay    send what the outbox holds to Umami now (progress bar on a terminal)

The outbox is enabled by umami.outbox.enabled: true (path: umami.outbox.path). status works while the
app runs; replay takes the journal's lock, so it refuses while the app holds it (the app replays by itself).

${CONFIG_HELP}

Exit codes: 0 ok (replay: everything sent), 1 replay left events unsent or could not run (journal in use),
2 outbox not enabled or configuration / usage error, 3 server unreachable (replay checks /api/heartbeat first).`;

/** What `outbox status` shows. */
export interface OutboxStatus {
	/** Events waiting. */
	readonly events: number;
	/** Bytes on disk. */
	readonly bytes: number;
	/** Directory or file of the outbox. */
	readonly path: string;
	/** Corrupt journals moved aside when it was opened. */
	readonly corrupt?: number;
	/** Torn last lines ignored (a crash in the middle of a write). */
	readonly torn?: number;
}

/** Progress of a replay, as reported to the callback. */
export interface ReplayProgress {
	readonly sent: number;
	readonly failed: number;
	/** Events to replay in all, when known. */
	readonly total?: number;
}

/** The part of the outbox the CLI uses. */
export interface CliOutbox {
	status(): OutboxStatus | Promise<OutboxStatus>;
	replay(onProgress: (progress: ReplayProgress) => void): Promise<{sent: number; failed: number}>;
}

/** Opens the outbox of a configuration; `undefined` when the outbox module is not part of this build. */
export type OutboxLoader = (
	config: ResolvedConfig,
	fetchImpl: typeof fetch,
	onWarn: (message: string) => void,
) => Promise<CliOutbox | undefined>;

/**
 * Default loader: imports the outbox module (`src/outbox/`, a separate chunk loaded only by this command)
 * and opens it with the replay sender the client builds from the configuration.
 */
export const loadOutboxModule: OutboxLoader = async (config, fetchImpl, onWarn) => {
	let module: typeof import('../outbox/index.js');
	try {
		module = await import('../outbox/index.js');
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
		throw error;
	}
	const open: (options: Parameters<typeof module.openOutbox>[0]) => CliOutbox = module.openOutbox;
	return open({
		...config.outbox,
		appName: config.appName,
		maxKeys: config.idempotency.maxKeys,
		batchSize: config.queue.batchSize,
		send: createReplaySender(config, fetchImpl),
		onWarn,
	});
};

/** Runs `umami-guard outbox`; resolves with the exit code. */
export async function outbox(
	args: readonly string[],
	io: CliIo,
	load: OutboxLoader = loadOutboxModule,
): Promise<ExitCode> {
	const output = createOutput(io);
	let json = args.includes('--json');
	let config: ResolvedConfig;
	let action: 'status' | 'replay';
	// Without --app (or UMAMI_APP_NAME), status lists every app's journal in the folder too.
	let everyApp = false;
	try {
		const {values, positionals} = parse({
			args: [...args],
			options: CONFIG_FLAGS,
			allowPositionals: true,
			strict: true,
		});
		json = values.json === true;
		if (values.help) {
			output.out(OUTBOX_HELP);
			return EXIT.ok;
		}
		const [first, ...more] = positionals;
		if ((first !== 'status' && first !== 'replay') || more.length > 0) {
			throw new UsageError('outbox takes one action: status or replay');
		}
		action = first;
		everyApp = values.app === undefined && !io.env['UMAMI_APP_NAME'];
		config = loadConfig(values, io.env);
		output.secret(config.apiKey);
	} catch (error) {
		const code = reportSetupError(error, output, json);
		if (code === undefined) throw error;
		return code;
	}

	const warnings: string[] = [];
	const fetchImpl = io.fetch ?? globalThis.fetch;
	const fail = (message: string, exitCode: ExitCode): ExitCode => {
		if (json) output.json({ok: false, exitCode, error: message, warnings});
		else output.err(`${output.errColors.red('error')} ${message}`);
		return exitCode;
	};
	let box: CliOutbox | undefined;
	try {
		box = config.outbox.enabled
			? await load(config, fetchImpl, (message) => warnings.push(message))
			: undefined;
	} catch (error) {
		return fail(
			`the outbox could not be opened: ${error instanceof Error ? error.message : String(error)}`,
			EXIT.failed,
		);
	}
	if (box === undefined) {
		const reason = config.outbox.enabled
			? 'this build of umami-guard has no outbox module'
			: 'set umami.outbox.enabled: true in the configuration file';
		if (json) output.json({ok: false, exitCode: EXIT.config, enabled: false, reason});
		else output.err(`${output.errColors.yellow('outbox not enabled')}: ${reason}`);
		return EXIT.config;
	}

	const status = await box.status();
	if (action === 'status') {
		const apps = everyApp ? await listJournals(config.outbox.path) : undefined;
		if (json)
			output.json({ok: true, exitCode: EXIT.ok, enabled: true, ...status, ...(apps && {apps}), warnings});
		else {
			const {dim, bold, yellow} = output.colors;
			output.out(
				`${bold(String(status.events))} event${status.events === 1 ? '' : 's'} waiting ${dim(`(${formatBytes(status.bytes)})`)}`,
			);
			output.out(`${dim('path')} ${status.path}`);
			if (status.corrupt) output.out(yellow(`${status.corrupt} corrupt journal moved aside`));
			if (status.torn) output.out(yellow(`${status.torn} torn line(s) ignored (a crash mid-write)`));
			if (apps !== undefined && apps.some((each) => each.path !== status.path)) {
				output.out(`${dim('every app in')} ${config.outbox.path} ${dim('(no --app)')}`);
				const width = Math.max(...apps.map((each) => each.app.length));
				for (const each of apps)
					output.out(
						`  ${each.app.padEnd(width)}  ${bold(String(each.events))} event${each.events === 1 ? '' : 's'} waiting ${dim(`(${formatBytes(each.bytes)})`)}`,
					);
			}
			for (const warning of warnings) output.err(`${output.errColors.yellow('warning')} ${warning}`);
		}
		return EXIT.ok;
	}

	if (status.events > 0) {
		// Replaying into a server that is down would only mark every event failed: say so instead.
		try {
			const response = await fetchImpl(`${config.apiUrl.replace(/\/$/, '')}/api/heartbeat`, {
				headers: {'user-agent': config.transport.userAgent},
				signal: AbortSignal.timeout(config.transport.timeoutMs),
			});
			await response.text().catch(() => '');
			if (!response.ok)
				return fail(`${config.apiUrl}/api/heartbeat answered HTTP ${response.status}`, EXIT.unreachable);
		} catch (error) {
			return fail(`cannot reach ${config.apiUrl} (${networkCode(error)})`, EXIT.unreachable);
		}
	}

	const bar = createProgressBar(io, output, status.events);
	let result: {sent: number; failed: number};
	try {
		result = await box.replay((progress) => bar.update(progress));
	} catch (error) {
		bar.done();
		return fail(`replay failed: ${error instanceof Error ? error.message : String(error)}`, EXIT.failed);
	}
	bar.done();
	const left = (await box.status()).events;
	const exitCode = result.failed === 0 && left === 0 ? EXIT.ok : EXIT.failed;
	if (json) output.json({ok: exitCode === EXIT.ok, exitCode, ...result, remaining: left, warnings});
	else {
		const {green, red} = output.colors;
		const line = `replayed: ${result.sent} sent, ${result.failed} failed, ${left} still waiting`;
		output.out(exitCode === EXIT.ok ? green(line) : red(line));
	}
	return exitCode;
}

/** Every app's journal in the outbox folder, by the outbox module; undefined when it cannot be read. */
async function listJournals(dir: string): Promise<readonly AppJournalStatus[] | undefined> {
	try {
		const module = await import('../outbox/index.js');
		return module.readJournalStatuses(dir);
	} catch {
		return undefined;
	}
}

function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A one-line progress bar on stderr, drawn only on a terminal and at most every 100 ms. */
function createProgressBar(io: CliIo, output: Output, initialTotal: number) {
	const enabled = io.stderr.isTTY === true;
	let last = 0;
	let drawn = false;
	const width = Math.max(10, Math.min(40, (io.stderr.columns ?? 80) - 45));
	const draw = ({sent, failed, total = initialTotal}: ReplayProgress): void => {
		const done = sent + failed;
		const ratio = total > 0 ? Math.min(1, done / total) : 0;
		const filled = Math.round(ratio * width);
		const {green, dim} = output.errColors;
		output.errRaw(
			`\r${green('█'.repeat(filled))}${dim('░'.repeat(width - filled))} ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total} (${failed} failed)`,
		);
		drawn = true;
	};
	let latest: ReplayProgress | undefined;
	return {
		update(progress: ReplayProgress): void {
			latest = progress;
			if (!enabled) return;
			const now = Date.now();
			if (now - last < 100) return;
			last = now;
			draw(progress);
		},
		done(): void {
			if (!enabled) return;
			if (latest) draw(latest);
			if (drawn) output.errRaw('\n');
		},
	};
}
