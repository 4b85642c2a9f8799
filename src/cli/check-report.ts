/**
 * What `umami-guard check` concludes and how it says so: the report (the `--json` document), the outcome's
 * exit code, and the view that prints each step and the verdict (nothing but the report under `--json`).
 */
import type {ResolvedConfig} from '../config/resolve.js';
import {EXIT, maskSecret, type ExitCode, type Output} from './io.js';
import type {ServerInfo} from './server-info.js';

/** What `check` concluded. */
export type CheckOutcome =
	| 'stored'
	| 'accepted'
	/** `--no-event`: the server answers (and, with credentials, knows the website); nothing was stored. */
	| 'reachable'
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
	/** The test event: its name and URL mark it in Umami's data (absent with `--no-event`). */
	event?: {name: string; url: string; endpoint: string; status?: number; result: string; detail?: string};
	/** `--no-event`: the User-Agent against Umami's bot test, and the website through the read API. */
	readOnly?: {userAgentIsBot: boolean; website: 'found' | 'not_found' | 'not_checked'; detail?: string};
	readBack?: {via: 'api_key' | 'login' | 'token'; confirmed: boolean | null; detail: string};
	/** Which Umami answered and what it supports (when the read API answered). */
	server?: ServerInfo;
}

const EXIT_OF: Readonly<Record<CheckOutcome, ExitCode>> = {
	stored: EXIT.ok,
	accepted: EXIT.ok,
	reachable: EXIT.ok,
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

/** The report of one run as it fills up: each step is shown as it ends; `finish` gives the verdict. */
export interface CheckRecord {
	readonly report: CheckReport;
	/** Shows one step: passed or not, its label and what it found. */
	step(ok: boolean, label: string, detail: string): void;
	/** Says what a step is about to do, before it does it (the human view only). */
	note(label: string, detail: string): void;
	/** Concludes the run with `outcome`; returns its exit code. */
	finish(outcome: CheckOutcome, message: string): ExitCode;
}

interface View {
	header(config: ResolvedConfig): void;
	step(ok: boolean, label: string, detail: string): void;
	note(label: string, detail: string): void;
	finish(report: CheckReport): void;
}

function createView(output: Output, json: boolean): View {
	if (json) return {header() {}, step() {}, note() {}, finish: (report) => output.json(report)};
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
		note: row,
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

/** Starts the record of a run for `config` (shows its header). */
export function startRecord(config: ResolvedConfig, output: Output, json: boolean): CheckRecord {
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
	return {
		report,
		step: (ok, label, detail) => view.step(ok, label, detail),
		note: (label, detail) => view.note(label, detail),
		finish(outcome, message) {
			report.outcome = outcome;
			report.exitCode = EXIT_OF[outcome];
			report.ok = report.exitCode === EXIT.ok;
			report.message = message;
			view.finish(report);
			return report.exitCode;
		},
	};
}
