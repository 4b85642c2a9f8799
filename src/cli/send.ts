/**
 * `umami-guard send <name>`: one event through the library (sanitizer, limits, PII gate, transport) to
 * `/api/send`, flushed at once, with its outcome: delivered, or dropped with the reason.
 */
import {UmamiAnalytics} from '../client/analytics.js';
import {parseRevenue, type Revenue} from '../gate/revenue.js';
import type {DropInfo} from '../config/options.js';
import type {ResolvedConfig} from '../config/resolve.js';
import type {PiiClass} from '../sanitize/index.js';
import type {UmamiEvent} from '../types.js';
import {createOutput, EXIT, type CliIo, type ExitCode, type Output} from './io.js';
import {
	CONFIG_FLAGS,
	CONFIG_HELP,
	loadConfig,
	parse,
	positiveInt,
	recordingFetch,
	reportSetupError,
	UsageError,
} from './shared.js';

/** Help of `umami-guard send`. */
export const SEND_HELP = `Usage: umami-guard send <name> [options]
       umami-guard send [<name>] --revenue <amount> --currency <code> [options]

Sends one event through umami-guard (sanitized, fitted to Umami's limits) to /api/send, waits for the
answer and prints the outcome: delivered, or dropped with its reason (bot_filtered, rejected, …).
A name of "pageview" with --url sends a page view instead of a custom event.
With --revenue, a revenue event as trackRevenue sends it (name "purchase" unless given).

Options:
      --data <json>       event properties, a JSON object (sanitized before sending)
      --url <path>        page path or URL of the event (sanitized; default "/")
      --revenue <amount>  amount in the currency's major unit, e.g. 19.99 (> 0, at most 4 decimals)
      --currency <code>   ISO 4217 currency code for --revenue, e.g. EUR
      --timeout <ms>      give up after this long (default 10000)

${CONFIG_HELP}

Exit codes: 0 delivered, 1 dropped, 2 configuration or usage error, 3 server unreachable.`;

/** The `--json` document of `send`. */
export interface SendReport {
	ok: boolean;
	exitCode: ExitCode;
	outcome: 'delivered' | 'dropped' | 'unreachable';
	reason?: string;
	detail?: string;
	status?: number;
	/** The event as sent (already sanitized), without the website id. */
	event?: {type: UmamiEvent['type']; name?: string; url?: string; data?: unknown};
	/** Redactions by class (never the values). */
	redacted: Partial<Record<PiiClass, number>>;
	/** Values cut or removed to fit Umami's limits. */
	adjusted: number;
}

/** Runs `umami-guard send`; resolves with the exit code. */
export async function send(args: readonly string[], io: CliIo): Promise<ExitCode> {
	const output = createOutput(io);
	let json = args.includes('--json');
	let config: ResolvedConfig;
	let name: string;
	let data: Record<string, unknown> | undefined;
	let url: string | undefined;
	let revenue: Revenue | undefined;
	let timeoutMs: number;
	try {
		const {values, positionals} = parse({
			args: [...args],
			options: {
				...CONFIG_FLAGS,
				data: {type: 'string'},
				url: {type: 'string'},
				revenue: {type: 'string'},
				currency: {type: 'string'},
				timeout: {type: 'string'},
			},
			allowPositionals: true,
			strict: true,
		});
		json = values.json === true;
		if (values.help) {
			output.out(SEND_HELP);
			return EXIT.ok;
		}
		revenue = revenueFlags(values.revenue, values.currency);
		if (revenue !== undefined && positionals.length === 0) positionals.push('purchase');
		if (positionals.length !== 1) throw new UsageError('send takes exactly one event name');
		name = positionals[0]!;
		if (revenue !== undefined && name === 'pageview')
			throw new UsageError('--revenue needs a custom event: Umami stores the event name with it');
		if (values.data !== undefined) data = parseData(values.data);
		url = values.url;
		timeoutMs = positiveInt(values.timeout, 'timeout', 10_000);
		config = loadConfig(values, io.env);
		output.secret(config.apiKey);
		if (!config.enabled)
			throw new UsageError(`nothing would be sent: ${config.disabledReason ?? 'disabled'}`);
	} catch (error) {
		const code = reportSetupError(error, output, json);
		if (code === undefined) throw error;
		return code;
	}

	const recorder = recordingFetch(io.fetch ?? globalThis.fetch);
	const drops: DropInfo[] = [];
	let sentEvent: UmamiEvent | undefined;
	const analytics = new UmamiAnalytics(
		{
			...config,
			queue: {...config.queue, maxAttempts: 1, flushIntervalMs: 60_000},
			transport: {...config.transport, endpoint: 'send', timeoutMs},
		},
		{
			fetch: recorder.fetch,
			logger: {},
			onDrop: (info) => drops.push(info),
			beforeSend(event) {
				sentEvent = event;
				return event;
			},
		},
	);
	const context = url === undefined ? undefined : {url};
	if (revenue !== undefined) analytics.trackRevenue(name, revenue, data, context);
	else if (name === 'pageview') analytics.trackPageView(url ?? '/', data === undefined ? {} : {data});
	else analytics.trackEvent(name, data, context);
	await analytics.shutdown(timeoutMs);
	const stats = analytics.stats();
	const answer = recorder.last();
	const drop = drops[0];

	const report: SendReport = {
		ok: stats.sent === 1,
		exitCode: EXIT.ok,
		outcome: 'delivered',
		redacted: stats.redacted,
		adjusted: stats.adjusted,
	};
	if (sentEvent !== undefined) {
		const {payload} = sentEvent;
		report.event = {type: sentEvent.type};
		if (payload.name !== undefined) report.event.name = payload.name;
		if (payload.url !== undefined) report.event.url = payload.url;
		if (payload.data !== undefined) report.event.data = payload.data;
	}
	if (answer !== undefined) report.status = answer.status;
	if (stats.sent !== 1) {
		const unreachable =
			answer === undefined &&
			(drop === undefined || drop.reason === 'network_error' || drop.reason === 'shutdown_timeout');
		report.outcome = unreachable ? 'unreachable' : 'dropped';
		report.exitCode = unreachable ? EXIT.unreachable : EXIT.failed;
		report.reason = unreachable ? 'network_error' : (drop?.reason ?? 'network_error');
		report.detail = drop?.detail ?? 'no answer';
	}

	if (report.outcome === 'unreachable') {
		report.detail = `cannot reach ${hostOf(config.apiUrl)} (${recorder.failure() ?? 'no answer'})`;
	}
	if (json) output.json(report);
	else printReport(report, output, config.apiUrl, answer?.body);
	return report.exitCode;
}

/** The human-readable outcome: what was (or would have been) sent, then delivered or why not. */
function printReport(report: SendReport, output: Output, apiUrl: string, body: string | undefined): void {
	const {green, red, dim} = output.colors;
	const delivered = report.outcome === 'delivered';
	// "sent" only for what Umami actually received; otherwise it is the event that was tried. Umami's wire
	// type of a page view is "event" too (an event without a name), so the line names the kind first.
	if (report.event) {
		const kind =
			report.event.type === 'identify' ? 'identify' : report.event.name === undefined ? 'page view' : 'event';
		output.out(`${dim(delivered ? 'sent' : 'event')}    ${kind} ${JSON.stringify(report.event)}`);
	}
	const classes = Object.entries(report.redacted);
	if (classes.length > 0) {
		output.out(`${dim('redacted')} ${classes.map(([cls, count]) => `${cls} ×${count}`).join(', ')}`);
	}
	if (report.adjusted > 0) {
		output.out(`${dim('adjusted')} ${report.adjusted} value(s) cut or removed to fit Umami's limits`);
	}
	if (delivered) {
		output.out(`${green('delivered')} HTTP ${report.status ?? 200} from ${apiUrl}/api/send`);
	} else if (report.outcome === 'unreachable') {
		output.err(
			`${output.errColors.red('failed')} not delivered: ${report.detail ?? 'no answer'}; ` +
				'is --api-url / UMAMI_API_URL right? "umami-guard check" tests the connection',
		);
	} else {
		output.out(`${red('dropped')} ${report.reason}: ${report.detail}${bodyHint(body)}`);
	}
}

/** `host:port` of the configured server (never a path, query or credentials). */
function hostOf(apiUrl: string): string {
	try {
		return new URL(apiUrl).host;
	} catch {
		return 'the server';
	}
}

/** `--revenue` and `--currency`, checked by the rules of `trackRevenue` (a usage error names the problem). */
function revenueFlags(amount: string | undefined, currency: string | undefined): Revenue | undefined {
	if (amount === undefined && currency === undefined) return undefined;
	if (amount === undefined) throw new UsageError('--currency goes with --revenue <amount>');
	if (currency === undefined)
		throw new UsageError('--revenue needs --currency <code> (an ISO 4217 code such as EUR)');
	const problem = parseRevenue(amount, currency);
	if (typeof problem === 'string') throw new UsageError(`--revenue/--currency: ${problem}`);
	return {amount, currency};
}

function parseData(text: string): Record<string, unknown> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new UsageError('--data must be valid JSON');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new UsageError('--data must be a JSON object');
	}
	return value as Record<string, unknown>;
}

function bodyHint(body: string | undefined): string {
	const text = body?.trim();
	return text ? ` (Umami answered ${JSON.stringify(text.slice(0, 60))})` : '';
}
