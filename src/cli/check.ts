/**
 * `umami-guard check`: is this configuration able to get an event *stored* in Umami?
 *
 * 1. loads and validates the configuration (the library's own `ConfigError`s) → exit 2;
 * 2. `GET /api/heartbeat` → exit 3 when nothing answers;
 * 3. says that it stores one test event and how to recognise it, sends it through the library to `/api/send`
 *    (one request, one answer: a batch hides bot drops) and classifies Umami's answer: accepted,
 *    `{"beep":"boop"}`/`{}` (bot), 400 "Website not found", …;
 * 4. with credentials (API key for Umami Cloud, or username/password for a self-hosted server), reads the
 *    event back through Umami's read API (`/websites/:id/metrics?type=event`) to confirm it was stored;
 * 5. when the read API answered, reports the server's version and whether it has `/api/batch` and the
 *    revenue report.
 *
 * `--no-event` stores nothing: steps 3 and 4 become the read-only checks of `check-no-event.ts`.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {trimSlashes} from '../urls.js';
import type {CheckContext} from './check-context.js';
import {CHECK_EVENT_PREFIX, CHECK_EVENT_URL, sendTestEvent} from './check-event.js';
import {checkWithoutEvent} from './check-no-event.js';
import {checkBatchEndpoint, checkHeartbeat} from './check-reach.js';
import {confirmStored} from './check-read-back.js';
import {startRecord} from './check-report.js';
import {createOutput, EXIT, type CliIo, type ExitCode, type Output} from './io.js';
import {resolveReadCredentials} from './read-api.js';
import {CONFIG_FLAGS, CONFIG_HELP, loadConfig, parse, positiveInt, reportSetupError} from './shared.js';

/** Help of `umami-guard check`. */
export const CHECK_HELP = `Usage: umami-guard check [options]

Loads the configuration, reaches the server (/api/heartbeat), sends one test event and says whether
Umami stored it or silently dropped it (bot user agent, unknown website, limits).

The test event IS STORED in your Umami: a custom event named ${CHECK_EVENT_PREFIX}<8 letters> on URL
${CHECK_EVENT_URL} (no page view); filter out that URL to hide it. To store nothing:
      --no-event          only reach the server, test the User-Agent against Umami's bot check and, with
                          credentials, confirm they work and the website exists (proves no ingestion)

Read-API credentials (the read-back that confirms the event was stored; with --no-event, the website):
      --username <name>   self-hosted: log in with POST /api/auth/login (or $UMAMI_USERNAME)
      --password <pass>   self-hosted: password (prefer $UMAMI_PASSWORD: flags show up in ps)
      --token <token>     a bearer token instead of a login (or $UMAMI_TOKEN)
      --read-api-url <u>  read API base (default {api_url}/api, or https://api.umami.is/v1 with an API key)
  An API key ($UMAMI_API_KEY or umami.api_key) is sent as x-umami-api-key (Umami Cloud).

Options:
      --timeout <ms>      per-step timeout (default 10000)

${CONFIG_HELP}

Exit codes: 0 stored (or accepted, when no credentials allow a read-back; reachable with --no-event),
1 not stored or dropped (or, with --no-event, a bot User-Agent or an unknown website),
2 configuration / usage error (or credentials refused), 3 server unreachable.`;

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
				'no-event': {type: 'boolean'},
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

	const record = startRecord(config, output, json);
	if (!config.enabled) {
		return record.finish('config_error', `nothing would be sent: ${config.disabledReason ?? 'disabled'}`);
	}
	const context: CheckContext = {
		config,
		base: trimSlashes(config.apiUrl),
		fetch: io.fetch ?? globalThis.fetch,
		timeoutMs,
		record,
	};
	const unreachable =
		(await checkHeartbeat(context)) ??
		(config.transport.endpoint === 'batch' ? await checkBatchEndpoint(context) : undefined);
	if (unreachable !== undefined) return unreachable;
	const credentials = resolveReadCredentials({
		readApiUrl: values['read-api-url'],
		apiUrl: config.apiUrl,
		apiKey: config.apiKey,
		username,
		password,
		token: values.token ?? io.env['UMAMI_TOKEN'],
	});
	if (values['no-event'] === true)
		return checkWithoutEvent(context, credentials, (value) => output.secret(value));
	const event = await sendTestEvent(context);
	if (typeof event === 'number') return event;
	if (credentials === undefined) {
		return record.finish(
			'accepted',
			'Umami accepted the test event (not bot-filtered, website known). Give an API key or --username/--password to confirm it was stored.',
		);
	}
	return confirmStored(context, event, credentials, (value) => output.secret(value));
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
