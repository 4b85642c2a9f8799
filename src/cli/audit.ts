/**
 * `umami-guard audit`: which personal data an Umami website already stores. Reads the distinct values of the
 * range through Umami's read API (paths, query strings, titles, referrers, event names, event data, session
 * data), runs the sanitizer's detector on each, and reports counts per field and class with redacted
 * samples, where the data most likely comes from, and what Umami offers to remove it.
 */
import {MARKERS, type PiiClass} from '../sanitize/options.js';
import {readValues} from './audit-sources.js';
import {createTally} from './audit-tally.js';
import {fieldReports, NO_RAW_VALUES, printReport, removalFor, type AuditReport} from './audit-view.js';
import {trimSlashes} from '../urls.js';
import {createOutput, EXIT, type CliIo, type ExitCode, type Output} from './io.js';
import {
	createRateLimiter,
	createReadApi,
	isReadApiError,
	resolveReadCredentials,
	type ReadCredentials,
} from './read-api.js';
import {probeServer} from './server-info.js';
import {
	CONFIG_FLAGS,
	CONFIG_HELP,
	loadConfig,
	parse,
	positiveInt,
	reportSetupError,
	UsageError,
} from './shared.js';

/** Help of `umami-guard audit`. */
export const AUDIT_HELP = `Usage: umami-guard audit [options]

Reads the distinct values an Umami website stores (paths, query strings, titles, referrers, event names,
event data, session data) through Umami's read API, finds personal data in them with the umami-guard
detector, and says where it comes from. Prints counts and redacted samples only, never a stored value.

Range (default: the last 30 days):
      --since <age>       e.g. 30d, 12h, 2w
      --from <date>       ISO date or Unix milliseconds (with --to)
      --to <date>         default: now
      --website <id>      website to audit (default: the configured website id)

Credentials (read API):
      --username <name>   self-hosted: POST /api/auth/login (or $UMAMI_USERNAME)
      --password <pass>   self-hosted (prefer $UMAMI_PASSWORD: flags show up in ps)
      --token <token>     a bearer token instead of a login (or $UMAMI_TOKEN)
      --read-api-url <u>  read API base (default {api_url}/api, or https://api.umami.is/v1 with an API key)
  An API key ($UMAMI_API_KEY or umami.api_key) is sent as x-umami-api-key (Umami Cloud).

Report and limits:
      --fail-on <list>    exit 1 when one of these classes is found: email,phone,… or "any"
      --rate <n>          read-API requests per second (default 3)
      --page-size <n>     rows per request (default 500)
      --max-events <n>    event names whose data is read, most frequent first (default 1000)
      --samples <n>       redacted samples per field and class (default 3)
      --top <n>           worst templates per field (default 5)
      --timeout <ms>      per request (default 30000)

${CONFIG_HELP}

Exit codes: 0 done (and no --fail-on class found), 1 a --fail-on class found, 2 configuration, usage or
credentials error, 3 server or read API unreachable, 4 incomplete: part of the data could not be read (and no
--fail-on class found in the rest).`;

const CLASSES = [...Object.keys(MARKERS), 'custom'] as PiiClass[];

interface AuditSettings {
	readonly startAt: number;
	readonly endAt: number;
	readonly failOn: readonly string[];
	readonly rate: number;
	readonly pageSize: number;
	readonly maxEvents: number;
	readonly samples: number;
	readonly top: number;
	readonly timeoutMs: number;
}

/** What the flags, the environment and the configuration decide. */
interface AuditSetup {
	readonly json: boolean;
	readonly settings: AuditSettings;
	readonly credentials: ReadCredentials;
	readonly websiteId: string;
	readonly apiUrl: string;
	readonly userAgent: string;
}

const AUDIT_FLAGS = {
	...CONFIG_FLAGS,
	website: {type: 'string'},
	since: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	username: {type: 'string'},
	password: {type: 'string'},
	token: {type: 'string'},
	'read-api-url': {type: 'string'},
	'fail-on': {type: 'string'},
	rate: {type: 'string'},
	'page-size': {type: 'string'},
	'max-events': {type: 'string'},
	samples: {type: 'string'},
	top: {type: 'string'},
	timeout: {type: 'string'},
} as const;

/** Parses the flags; `'help'` when --help was given. Throws `UsageError` / `ConfigError`. */
function setUp(args: readonly string[], io: CliIo, output: Output, now: number): AuditSetup | 'help' {
	const {values} = parse({args: [...args], options: AUDIT_FLAGS, allowPositionals: false, strict: true});
	if (values.help) return 'help';
	const password = values.password ?? io.env['UMAMI_PASSWORD'];
	const token = values.token ?? io.env['UMAMI_TOKEN'];
	output.secret(password);
	output.secret(token);
	const config = loadConfig(values, io.env);
	output.secret(config.apiKey);
	const settings = readSettings(values, now);
	const websiteId = values.website ?? config.websiteId;
	if (websiteId === '') throw new UsageError('no website: give --website or UMAMI_WEBSITE_ID');
	const apiUrl = trimSlashes(config.apiUrl);
	const username = values.username ?? io.env['UMAMI_USERNAME'];
	if ((username === undefined) !== (password === undefined)) {
		throw new UsageError('give both --username and --password (or UMAMI_USERNAME and UMAMI_PASSWORD)');
	}
	const credentials = resolveReadCredentials({
		readApiUrl: values['read-api-url'],
		apiUrl,
		apiKey: config.apiKey,
		username,
		password,
		token,
	});
	if (credentials === undefined) {
		throw new UsageError(
			'audit reads through the read API: give --username and --password, --token, or an API key',
		);
	}
	return {
		json: values.json === true,
		settings,
		credentials,
		websiteId,
		apiUrl,
		userAgent: config.transport.userAgent,
	};
}

/** Runs `umami-guard audit`; resolves with the exit code. */
export async function audit(
	args: readonly string[],
	io: CliIo,
	now: () => number = Date.now,
): Promise<ExitCode> {
	const output = createOutput(io);
	let setup: AuditSetup | 'help';
	try {
		setup = setUp(args, io, output, now());
	} catch (error) {
		const code = reportSetupError(error, output, args.includes('--json'));
		if (code === undefined) throw error;
		return code;
	}
	if (setup === 'help') {
		output.out(AUDIT_HELP);
		return EXIT.ok;
	}
	const {json, settings, credentials, websiteId, apiUrl, userAgent} = setup;

	const fetchImpl = io.fetch ?? globalThis.fetch;
	const limiter = createRateLimiter(settings.rate);
	const api = createReadApi(credentials, {
		fetch: fetchImpl,
		timeoutMs: settings.timeoutMs,
		limiter,
		secret: (value) => output.secret(value),
	});
	const info = await probeServer(apiUrl, {
		fetch: fetchImpl,
		timeoutMs: settings.timeoutMs,
		userAgent,
		beforeRequest: () => limiter.wait(),
	});
	const notes: string[] = [];
	const unread: string[] = [];
	const tally = createTally({samples: settings.samples});
	const progress = createProgress(output, io.stderr.isTTY === true);
	try {
		for await (const page of readValues({
			api,
			websiteId,
			info,
			startAt: settings.startAt,
			endAt: settings.endAt,
			pageSize: settings.pageSize,
			maxEventNames: settings.maxEvents,
			note: (text) => notes.push(text),
			unread: (what) => unread.push(what),
		})) {
			for (const row of page) tally.add(row);
			progress.update(page[0]?.field ?? '', tally, api.requests());
		}
	} catch (error) {
		progress.clear();
		if (!isReadApiError(error)) throw error;
		const code =
			error.kind === 'auth' ? EXIT.config : error.kind === 'network' ? EXIT.unreachable : EXIT.failed;
		if (json) output.json({ok: false, exitCode: code, error: {kind: error.kind, message: error.message}});
		else output.err(`${output.errColors.red('error')} ${error.message}`);
		return code;
	}
	progress.clear();

	const fields = fieldReports(tally, info, settings.top);
	const found: PiiClass[] = [];
	for (const field of fields)
		for (const cls of Object.keys(field.classes) as PiiClass[]) if (!found.includes(cls)) found.push(cls);
	const failed = settings.failOn.includes('any')
		? found
		: found.filter((cls) => settings.failOn.includes(cls));
	// A --fail-on finding is certain whatever was left unread, so it wins over incomplete.
	const exitCode = failed.length > 0 ? EXIT.failed : unread.length > 0 ? EXIT.incomplete : EXIT.ok;
	const report: AuditReport = {
		ok: exitCode === EXIT.ok,
		exitCode,
		notice: NO_RAW_VALUES,
		website: websiteId,
		range: {from: new Date(settings.startAt).toISOString(), to: new Date(settings.endAt).toISOString()},
		server: info,
		readApi: {via: api.describe(), requests: api.requests()},
		found,
		failOn: [...settings.failOn],
		failed,
		fields,
		removal: removalFor(found, info),
		notes,
		unread,
		approximate: tally.approximate(),
	};
	printReport(output, report, json);
	return exitCode;
}

interface AuditFlagValues {
	since?: string | undefined;
	from?: string | undefined;
	to?: string | undefined;
	'fail-on'?: string | undefined;
	rate?: string | undefined;
	'page-size'?: string | undefined;
	'max-events'?: string | undefined;
	samples?: string | undefined;
	top?: string | undefined;
	timeout?: string | undefined;
}

function readSettings(values: AuditFlagValues, now: number): AuditSettings {
	if (values.since !== undefined && (values.from !== undefined || values.to !== undefined)) {
		throw new UsageError('give --since or --from/--to, not both');
	}
	const endAt = values.to === undefined ? now : dateOf(values.to, '--to');
	const startAt =
		values.from !== undefined ? dateOf(values.from, '--from') : endAt - ageOf(values.since ?? '30d');
	if (startAt >= endAt) throw new UsageError('the range is empty: --from must be before --to');
	const failOn = (values['fail-on'] ?? '')
		.split(',')
		.map((item) => item.trim().toLowerCase())
		.filter((item) => item !== '');
	for (const item of failOn) {
		if (item !== 'any' && !CLASSES.includes(item as PiiClass)) {
			throw new UsageError(`--fail-on: unknown class "${item}" (one of ${CLASSES.join(', ')}, or any)`);
		}
	}
	return {
		startAt,
		endAt,
		failOn,
		rate: positiveInt(values.rate, 'rate', 3),
		pageSize: positiveInt(values['page-size'], 'page-size', 500),
		maxEvents: positiveInt(values['max-events'], 'max-events', 1000),
		samples: positiveInt(values.samples, 'samples', 3),
		top: positiveInt(values.top, 'top', 5),
		timeoutMs: positiveInt(values.timeout, 'timeout', 30_000),
	};
}

const UNIT_MS: Readonly<Record<string, number>> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** `30d` → milliseconds. */
function ageOf(text: string): number {
	const unit = UNIT_MS[text.slice(-1)];
	const amount = Number(text.slice(0, -1));
	if (unit === undefined || !Number.isInteger(amount) || amount <= 0 || text.length > 12) {
		throw new UsageError(`--since must look like 30d, 12h, 2w or 90m (got "${text.slice(0, 20)}")`);
	}
	return amount * unit;
}

/** An ISO date or Unix milliseconds. */
function dateOf(text: string, flag: string): number {
	const time = text !== '' && Number.isFinite(Number(text)) ? Number(text) : Date.parse(text);
	if (!Number.isFinite(time)) throw new UsageError(`${flag} must be an ISO date or Unix milliseconds`);
	return time;
}

interface Progress {
	update(field: string, tally: ReturnType<typeof createTally>, requests: number): void;
	clear(): void;
}

/** One self-overwriting line on stderr, on a terminal only. */
function createProgress(output: Output, tty: boolean): Progress {
	if (!tty) return {update() {}, clear() {}};
	let shown = false;
	return {
		update(field, tally, requests) {
			let values = 0;
			for (const entry of tally.fields()) values += entry.distinct;
			output.errRaw(
				`\r\u001B[Kaudit: ${field} · ${values.toLocaleString('en-US')} values · ${requests} requests`,
			);
			shown = true;
		},
		clear() {
			if (shown) output.errRaw('\r\u001B[K');
		},
	};
}
