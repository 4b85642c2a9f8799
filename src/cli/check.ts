/**
 * `umami-guard check`: is this configuration able to get an event *stored* in Umami?
 *
 * 1. loads and validates the configuration (the library's own `ConfigError`s) → exit 2;
 * 2. `GET /api/heartbeat` → exit 3 when nothing answers;
 * 3. sends one test event through the library to `/api/send` (one request, one answer: a batch hides bot
 *    drops) and classifies Umami's answer: accepted, `{"beep":"boop"}`/`{}` (bot), 400 "Website not found", …;
 * 4. with credentials (API key for Umami Cloud, or username/password for a self-hosted server), reads the
 *    event back through Umami's read API (`/websites/:id/metrics?type=event`) to confirm it was stored;
 * 5. when the read API answered, reports the server's version and whether it has `/api/batch` and the
 *    revenue report.
 */
import {UmamiAnalytics} from '../client/analytics.js';
import type {DropInfo} from '../config/options.js';
import type {ResolvedConfig} from '../config/resolve.js';
import {createOutput, EXIT, maskSecret, type CliIo, type ExitCode, type Output} from './io.js';
import {
	createReadApi,
	isReadApiError,
	resolveReadCredentials,
	trimSlashes,
	type ReadApi,
	type ReadApiError,
} from './read-api.js';
import {probeServer, type ServerInfo} from './server-info.js';
import {
	CONFIG_FLAGS,
	CONFIG_HELP,
	loadConfig,
	networkCode,
	parse,
	positiveInt,
	recordingFetch,
	reportSetupError,
	type LastAnswer,
} from './shared.js';

/** Help of `umami-guard check`. */
export const CHECK_HELP = `Usage: umami-guard check [options]

Loads the configuration, reaches the server (/api/heartbeat), sends one test event and says whether
Umami stored it or silently dropped it (bot user agent, unknown website, limits).

Read-back (confirms the event was stored), with credentials:
      --username <name>   self-hosted: log in with POST /api/auth/login (or $UMAMI_USERNAME)
      --password <pass>   self-hosted: password (prefer $UMAMI_PASSWORD: flags show up in ps)
      --token <token>     a bearer token instead of a login (or $UMAMI_TOKEN)
      --read-api-url <u>  read API base (default {api_url}/api, or https://api.umami.is/v1 with an API key)
  An API key ($UMAMI_API_KEY or umami.api_key) is sent as x-umami-api-key (Umami Cloud).

Options:
      --timeout <ms>      per-step timeout (default 10000)

${CONFIG_HELP}

Exit codes: 0 stored (or accepted, when no credentials allow a read-back), 1 not stored or dropped,
2 configuration / usage error (or credentials refused), 3 server unreachable.`;

/** What `check` concluded. */
export type CheckOutcome =
	| 'stored'
	| 'accepted'
	| 'not_stored'
	| 'bot_filtered'
	| 'website_not_found'
	| 'no_batch_endpoint'
	| 'rejected'
	| 'server_error'
	| 'unreachable'
	| 'config_error'
	| 'auth_failed';

/** The `--json` document of `check` (no secret in it: the API key is masked). */
export interface CheckReport {
	ok: boolean;
	exitCode: ExitCode;
	outcome: CheckOutcome;
	message: string;
	config: {
		app: string;
		apiUrl: string;
		websiteId: string;
		apiKey: string | null;
		configFile: string | null;
	};
	heartbeat?: {ok: boolean; status?: number; error?: string; ms: number};
	event?: {name: string; endpoint: string; status?: number; result: string; detail?: string};
	readBack?: {via: 'api_key' | 'login' | 'token'; confirmed: boolean | null; detail: string};
	/** Which Umami answered and what it supports (when the read API answered). */
	server?: ServerInfo;
}

const EXIT_OF: Readonly<Record<CheckOutcome, ExitCode>> = {
	stored: EXIT.ok,
	accepted: EXIT.ok,
	not_stored: EXIT.failed,
	bot_filtered: EXIT.failed,
	website_not_found: EXIT.failed,
	no_batch_endpoint: EXIT.failed,
	rejected: EXIT.failed,
	server_error: EXIT.failed,
	unreachable: EXIT.unreachable,
	config_error: EXIT.config,
	auth_failed: EXIT.config,
};

/** Runs `umami-guard check`; resolves with the exit code. */
export async function check(args: readonly string[], io: CliIo): Promise<ExitCode> {
	const output = createOutput(io);
	let json = args.includes('--json');
	let values;
	let config: ResolvedConfig;
	try {
		values = parse({
			args: [...args],
			options: {
				...CONFIG_FLAGS,
				username: {type: 'string'},
				password: {type: 'string'},
				'read-api-url': {type: 'string'},
				token: {type: 'string'},
				timeout: {type: 'string'},
			},
			allowPositionals: false,
			strict: true,
		}).values;
		json = values.json === true;
		if (values.help) {
			output.out(CHECK_HELP);
			return EXIT.ok;
		}
		output.secret(values.password ?? io.env['UMAMI_PASSWORD']);
		config = loadConfig(values, io.env);
		output.secret(config.apiKey);
	} catch (error) {
		const code = reportSetupError(error, output, json);
		if (code === undefined) throw error;
		return code;
	}
	const timeoutMs = positiveIntOr(values.timeout, 10_000);
	if (timeoutMs === undefined) return usage(output, json, '--timeout must be a positive integer');
	const username = values.username ?? io.env['UMAMI_USERNAME'];
	const password = values.password ?? io.env['UMAMI_PASSWORD'];
	if ((username === undefined) !== (password === undefined)) {
		return usage(output, json, 'give both --username and --password (or UMAMI_USERNAME and UMAMI_PASSWORD)');
	}

	const report: CheckReport = {
		ok: false,
		exitCode: EXIT.failed,
		outcome: 'not_stored',
		message: '',
		config: {
			app: config.appName,
			apiUrl: config.apiUrl,
			websiteId: config.websiteId,
			apiKey: config.apiKey === undefined ? null : maskSecret(config.apiKey),
			configFile: config.configFile ?? null,
		},
	};
	const view = createView(output, json);
	view.header(config);

	const finish = (outcome: CheckOutcome, message: string): ExitCode => {
		report.outcome = outcome;
		report.exitCode = EXIT_OF[outcome];
		report.ok = report.exitCode === EXIT.ok;
		report.message = message;
		view.finish(report);
		return report.exitCode;
	};

	if (!config.enabled) {
		return finish('config_error', `nothing would be sent: ${config.disabledReason ?? 'disabled'}`);
	}

	const fetchImpl = io.fetch ?? globalThis.fetch;
	const base = trimSlashes(config.apiUrl);

	// 2. Heartbeat.
	const started = Date.now();
	try {
		const response = await fetchImpl(`${base}/api/heartbeat`, {
			headers: {'user-agent': config.transport.userAgent},
			signal: AbortSignal.timeout(timeoutMs),
		});
		await response.text().catch(() => '');
		report.heartbeat = {ok: response.ok, status: response.status, ms: Date.now() - started};
		view.step(response.ok, 'heartbeat', `HTTP ${response.status} in ${report.heartbeat.ms} ms`);
		if (!response.ok) {
			return finish(
				'unreachable',
				`${base}/api/heartbeat answered HTTP ${response.status}: is this the base URL of an Umami server?`,
			);
		}
	} catch (error) {
		const code = networkCode(error);
		report.heartbeat = {ok: false, error: code, ms: Date.now() - started};
		view.step(false, 'heartbeat', code);
		return finish('unreachable', `cannot reach ${base} (${code})`);
	}

	// 2b. `endpoint: batch` forbids the fallback: make sure this server has /api/batch (Umami ≥ 2.17).
	if (config.transport.endpoint === 'batch') {
		let status: number | undefined;
		try {
			const response = await fetchImpl(`${base}/api/batch`, {
				method: 'POST',
				headers: {'content-type': 'application/json', 'user-agent': config.transport.userAgent},
				body: '[]',
				signal: AbortSignal.timeout(timeoutMs),
			});
			await response.text().catch(() => '');
			status = response.status;
		} catch (error) {
			view.step(false, 'batch', networkCode(error));
			return finish('unreachable', `cannot reach ${base}/api/batch (${networkCode(error)})`);
		}
		view.step(status !== 404, 'batch', `POST /api/batch answered HTTP ${status}`);
		if (status === 404) {
			return finish(
				'no_batch_endpoint',
				'transport.endpoint is "batch" but this Umami has no /api/batch (it is older than 2.17): every event would be rejected. Set transport.endpoint to "auto" or "send".',
			);
		}
	}

	// 3. One test event through the library, on /api/send.
	const name = `umami_guard_check_${letters(8)}`;
	const recorder = recordingFetch(fetchImpl);
	const drops: DropInfo[] = [];
	const sendConfig: ResolvedConfig = {
		...config,
		queue: {...config.queue, maxAttempts: 1, flushIntervalMs: 60_000},
		transport: {...config.transport, endpoint: 'send', timeoutMs},
	};
	const analytics = new UmamiAnalytics(sendConfig, {
		fetch: recorder.fetch,
		logger: {},
		onDrop: (info) => drops.push(info),
	});
	const sentAt = Date.now();
	analytics.trackEvent(name, {source: 'umami-guard check'}, {url: '/umami-guard/check'});
	await analytics.shutdown(timeoutMs);
	const stats = analytics.stats();
	const answer = recorder.last();
	report.event = {
		name,
		endpoint: '/api/send',
		result: stats.sent === 1 ? 'accepted' : (drops[0]?.reason ?? 'lost'),
	};
	if (answer !== undefined) report.event.status = answer.status;
	if (drops[0]) report.event.detail = drops[0].detail;

	if (stats.sent !== 1) {
		const [outcome, message] = classifyFailure(drops[0], answer, config);
		view.step(false, 'event', `"${name}" ${describeAnswer(answer)} → ${outcome}`);
		return finish(outcome, message);
	}
	view.step(true, 'event', `"${name}" accepted by /api/send (HTTP ${answer?.status ?? 200})`);

	// 4. Read-back.
	const credentials = resolveReadCredentials({
		readApiUrl: values['read-api-url'],
		apiUrl: config.apiUrl,
		apiKey: config.apiKey,
		username,
		password,
		token: values.token ?? io.env['UMAMI_TOKEN'],
	});
	if (credentials === undefined) {
		return finish(
			'accepted',
			'Umami accepted the test event (not bot-filtered, website known). Give an API key or --username/--password to confirm it was stored.',
		);
	}
	const api = createReadApi(credentials, {
		fetch: fetchImpl,
		timeoutMs,
		secret: (value) => output.secret(value),
	});
	const result = await readBack(api, config.websiteId, name, sentAt);
	report.readBack = {via: credentials.via, confirmed: result.confirmed, detail: result.detail};
	view.step(result.confirmed === true, 'read back', result.detail);
	if (result.authFailed)
		return finish('auth_failed', `the read API refused the credentials: ${result.detail}`);
	// 5. The read API answered: say which Umami this is and what it supports.
	if (result.confirmed !== null) {
		report.server = await probeServer(base, {
			fetch: fetchImpl,
			timeoutMs,
			userAgent: config.transport.userAgent,
		});
		view.step(report.server.version !== null, 'server', describeServer(report.server));
	}
	if (result.confirmed === true) return finish('stored', 'Umami stored the test event.');
	return finish(
		'not_stored',
		result.confirmed === false
			? 'Umami answered 200 but the event is not in its data: it was dropped silently (bot filter, IGNORE_IP, or a database error).'
			: `could not confirm the event was stored: ${result.detail}`,
	);
}

function positiveIntOr(value: string | undefined, fallback: number): number | undefined {
	try {
		return positiveInt(value, 'timeout', fallback);
	} catch {
		return undefined;
	}
}

function usage(output: Output, json: boolean, message: string): ExitCode {
	if (json) output.json({ok: false, exitCode: EXIT.config, error: {kind: 'usage', message}});
	else output.err(`${output.errColors.red('error')} ${message}`);
	return EXIT.config;
}

function describeServer(info: ServerInfo): string {
	const yesNo = (value: boolean | null): string => (value === null ? 'unknown' : value ? 'yes' : 'no');
	return `Umami ${info.version ?? '(version unknown)'}; batch endpoint ${yesNo(info.batch)}, revenue report ${yesNo(info.revenueReport)}`;
}

function describeAnswer(answer: LastAnswer | undefined): string {
	if (answer === undefined) return 'got no answer';
	const body = answer.body.trim();
	return `answered HTTP ${answer.status}${body === '' ? '' : ` ${JSON.stringify(body.slice(0, 60))}`}`;
}

function classifyFailure(
	drop: DropInfo | undefined,
	answer: LastAnswer | undefined,
	config: ResolvedConfig,
): [CheckOutcome, string] {
	const reason = drop?.reason;
	if (reason === 'bot_filtered') {
		return [
			'bot_filtered',
			`Umami took the sender for a bot (it answered ${answer?.body.trim() || '{}'}) and stored nothing: the User-Agent "${config.transport.userAgent}" fails its isbot check. Set transport.user_agent to a browser-like value.`,
		];
	}
	if (
		answer !== undefined &&
		answer.status >= 400 &&
		answer.status < 500 &&
		/website not found/i.test(answer.body)
	) {
		return [
			'website_not_found',
			`Umami does not know website ${config.websiteId}: create it in Umami or fix UMAMI_WEBSITE_ID / umami.website_id.`,
		];
	}
	if (reason === 'server_error' || (answer !== undefined && answer.status >= 500)) {
		return ['server_error', `Umami failed to store the event (HTTP ${answer?.status ?? '5xx'}).`];
	}
	if (answer === undefined || reason === 'network_error' || reason === 'shutdown_timeout') {
		return ['unreachable', `the test event got no answer: ${drop?.detail ?? 'no answer'}`];
	}
	return ['rejected', `Umami refused the test event (${drop?.detail ?? `HTTP ${answer.status}`}).`];
}

async function readBack(
	api: ReadApi,
	websiteId: string,
	name: string,
	sentAt: number,
): Promise<{confirmed: boolean | null; detail: string; authFailed?: boolean}> {
	const who = api.describe();
	const website = `/websites/${encodeURIComponent(websiteId)}`;
	try {
		// Umami writes before it answers; a few tries cover a slow replica or ClickHouse.
		for (let attempt = 0; attempt < 5; attempt++) {
			if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
			let answered = false;
			let lastError: ReadApiError | undefined;
			const reads = [
				() =>
					api.get(`${website}/metrics`, {
						type: 'event',
						startAt: sentAt - 10 * 60_000,
						endAt: Date.now() + 60_000,
					}),
				// Fallback for servers whose metrics query fails: the last 30 minutes of raw events (Umami 2.x).
				() => api.get(`/realtime/${encodeURIComponent(websiteId)}`, {startAt: sentAt - 60_000}),
			];
			for (const read of reads) {
				let body: unknown;
				try {
					body = await read();
				} catch (error) {
					if (!isReadApiError(error) || error.kind !== 'http') throw error;
					lastError = error;
					continue;
				}
				answered = true;
				if (countOf(body, name) > 0)
					return {confirmed: true, detail: `found in Umami's data (read API, ${who})`};
				break;
			}
			if (!answered && lastError !== undefined) {
				return {confirmed: null, detail: `read API answered HTTP ${lastError.status ?? 0} (${who})`};
			}
		}
		return {confirmed: false, detail: `not found in Umami's data (read API, ${who})`};
	} catch (error) {
		if (!isReadApiError(error)) throw error;
		if (error.kind === 'auth') return {confirmed: null, detail: error.message, authFailed: true};
		return {confirmed: null, detail: error.message};
	}
}

/**
 * Count of event `name` in a read-API answer, tolerant of any body: metrics (`[{x: name, y: count}]`) or
 * realtime (`{events: [{eventName}]}`).
 */
function countOf(parsed: unknown, name: string): number {
	const rows: unknown = Array.isArray(parsed) ? parsed : (parsed as {events?: unknown} | null)?.events;
	if (!Array.isArray(rows)) return 0;
	let count = 0;
	for (const row of rows as unknown[]) {
		if (typeof row !== 'object' || row === null) continue;
		const {x, y, eventName} = row as {x?: unknown; y?: unknown; eventName?: unknown};
		if (eventName === name) count++;
		else if (x === name) count += typeof y === 'number' ? y : Number(y) || 1;
	}
	return count;
}

function letters(length: number): string {
	let text = '';
	for (let index = 0; index < length; index++)
		text += String.fromCharCode(97 + Math.floor(Math.random() * 26));
	return text;
}

interface View {
	header(config: ResolvedConfig): void;
	step(ok: boolean, label: string, detail: string): void;
	finish(report: CheckReport): void;
}

function createView(output: Output, json: boolean): View {
	if (json) return {header() {}, step() {}, finish: (report) => output.json(report)};
	const {green, red, yellow, bold, dim} = output.colors;
	const row = (label: string, value: string): void => output.out(`  ${dim(label.padEnd(10))} ${value}`);
	return {
		header(config) {
			output.out(bold('umami-guard check'));
			row('app', config.appName);
			row('config', config.configFile ?? 'no file (env and defaults)');
			row('server', config.apiUrl);
			row('website', config.websiteId || '(none)');
			if (config.apiKey !== undefined) row('api key', maskSecret(config.apiKey));
		},
		step(ok, label, detail) {
			output.out(`${ok ? green('✓') : red('✗')} ${label.padEnd(10)} ${detail}`);
		},
		finish(report) {
			const mark =
				report.exitCode === EXIT.ok
					? green('OK')
					: report.exitCode === EXIT.failed
						? red('NOT STORED')
						: yellow('ERROR');
			output.out(`${mark} ${report.message} ${dim(`(exit ${report.exitCode})`)}`);
		},
	};
}
