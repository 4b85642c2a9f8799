/**
 * `umami-guard outbox status|replay`: inspects or replays the durable outbox (events persisted to disk
 * while Umami was unreachable). The outbox module is loaded on demand, so the CLI works — and says
 * "outbox not enabled" — in builds and configurations without it.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {createOutput, EXIT, type CliIo, type ExitCode, type Output} from './io.js';
import {CONFIG_FLAGS, CONFIG_HELP, loadConfig, parse, reportSetupError, UsageError} from './shared.js';

/** Help of `umami-guard outbox`. */
export const OUTBOX_HELP = `Usage: umami-guard outbox <status|replay> [options]

  status    events and bytes waiting in the durable outbox, and its path
  replay    send what the outbox holds to Umami now (progress bar on a terminal)

The outbox is enabled by umami.outbox.enabled: true (path: umami.outbox.path).

${CONFIG_HELP}

Exit codes: 0 ok (replay: everything sent), 1 replay left events unsent, 2 outbox not enabled or
configuration / usage error, 3 server unreachable during replay.`;

/** What `outbox status` shows. */
export interface OutboxStatus {
	/** Events waiting. */
	readonly events: number;
	/** Bytes on disk. */
	readonly bytes: number;
	/** Directory or file of the outbox. */
	readonly path: string;
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
) => Promise<CliOutbox | undefined>;

/**
 * Default loader: imports `../outbox/index.js` when it exists and opens it with its `openOutbox` or
 * `createOutbox` factory (called with `{...config.outbox, config, fetch}`).
 */
export const loadOutboxModule: OutboxLoader = async (config, fetchImpl) => {
	// A computed specifier: the outbox is optional, and bundlers must not require it at build time.
	const specifier = ['..', 'outbox', 'index.js'].join('/');
	// Without `import.meta.url` (a CommonJS build) there is no file to resolve it against.
	const here = typeof import.meta === 'object' ? import.meta.url : undefined;
	if (typeof here !== 'string') return undefined;
	let module: Record<string, unknown>;
	try {
		module = (await import(new URL(specifier, here).href)) as Record<string, unknown>;
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
		throw error;
	}
	const factory = module['openOutbox'] ?? module['createOutbox'];
	if (typeof factory !== 'function') return undefined;
	return (await (factory as (options: unknown) => CliOutbox | Promise<CliOutbox>)({
		...config.outbox,
		config,
		fetch: fetchImpl,
	})) as CliOutbox;
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
		config = loadConfig(values, io.env);
		output.secret(config.apiKey);
	} catch (error) {
		const code = reportSetupError(error, output, json);
		if (code === undefined) throw error;
		return code;
	}

	const box = config.outbox.enabled ? await load(config, io.fetch ?? globalThis.fetch) : undefined;
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
		if (json) output.json({ok: true, exitCode: EXIT.ok, enabled: true, ...status});
		else {
			const {dim, bold} = output.colors;
			output.out(
				`${bold(String(status.events))} event${status.events === 1 ? '' : 's'} waiting ${dim(`(${formatBytes(status.bytes)})`)}`,
			);
			output.out(`${dim('path')} ${status.path}`);
		}
		return EXIT.ok;
	}

	const bar = createProgressBar(io, output, status.events);
	let result: {sent: number; failed: number};
	try {
		result = await box.replay((progress) => bar.update(progress));
	} finally {
		bar.done();
	}
	const left = (await box.status()).events;
	const exitCode = result.failed === 0 && left === 0 ? EXIT.ok : EXIT.failed;
	if (json) output.json({ok: exitCode === EXIT.ok, exitCode, ...result, remaining: left});
	else {
		const {green, red} = output.colors;
		const line = `replayed: ${result.sent} sent, ${result.failed} failed, ${left} still waiting`;
		output.out(exitCode === EXIT.ok ? green(line) : red(line));
	}
	return exitCode;
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
