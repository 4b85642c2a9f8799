/**
 * The CLI's terminal: where output goes, whether it may be coloured, and the secret mask every line passes
 * through. Commands receive a {@link CliIo} instead of touching `process`, so tests run them in-process.
 */

/** Something text can be written to (a stream, or a test buffer). */
export interface TextSink {
	write(text: string): unknown;
	/** True when the sink is a terminal. */
	readonly isTTY?: boolean | undefined;
	/** Terminal width, when known. */
	readonly columns?: number | undefined;
}

/** What a command may touch of the outside world. */
export interface CliIo {
	readonly stdout: TextSink;
	readonly stderr: TextSink;
	/** Standard input, for `sanitize -`. */
	readonly stdin: AsyncIterable<string | Uint8Array>;
	/** Environment variables (config, `NO_COLOR`, `UMAMI_API_KEY`). */
	readonly env: Readonly<Record<string, string | undefined>>;
	/** `fetch` for the CLI's own requests (heartbeat, read API) and the library's. @default globalThis.fetch */
	readonly fetch?: typeof fetch;
}

/** The process's own terminal. */
export function processIo(): CliIo {
	return {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env};
}

/** ANSI styles, or identity functions when colour is off. */
export interface Colors {
	readonly enabled: boolean;
	readonly red: (text: string) => string;
	readonly green: (text: string) => string;
	readonly yellow: (text: string) => string;
	readonly cyan: (text: string) => string;
	readonly dim: (text: string) => string;
	readonly bold: (text: string) => string;
}

/**
 * Colour only on a terminal, never when `NO_COLOR` is set to anything non-empty (https://no-color.org);
 * `FORCE_COLOR` (non-empty, not `0`) turns it on off a terminal but never beats `NO_COLOR`.
 */
export function colorsFor(sink: TextSink, env: CliIo['env']): Colors {
	const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	const force = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '' && env['FORCE_COLOR'] !== '0';
	const enabled = !noColor && (sink.isTTY === true || force) && env['TERM'] !== 'dumb';
	const style =
		(open: number, close: number) =>
		(text: string): string =>
			enabled ? `\u001B[${open}m${text}\u001B[${close}m` : text;
	return {
		enabled,
		red: style(31, 39),
		green: style(32, 39),
		yellow: style(33, 39),
		cyan: style(36, 39),
		dim: style(2, 22),
		bold: style(1, 22),
	};
}

/**
 * An API key or password as it may be shown: `****` and at most its last four characters (none for short
 * secrets, so a short secret is never half printed).
 */
export function maskSecret(secret: string): string {
	return secret.length >= 12 ? `****${secret.slice(-4)}` : '****';
}

/** A writer for one command: `out`/`err` lines, every occurrence of a known secret replaced by its mask. */
export interface Output {
	readonly colors: Colors;
	/** Colours of stderr (its own TTY check). */
	readonly errColors: Colors;
	/** Writes one line to stdout. */
	out(line?: string): void;
	/** Writes one line to stderr. */
	err(line?: string): void;
	/** Writes raw text (no newline) to stderr: progress bars. */
	errRaw(text: string): void;
	/** Adds a secret that must never be printed (API key, password, token). */
	secret(value: string | undefined): void;
	/** Writes a JSON document to stdout. */
	json(value: unknown): void;
}

/** Creates the {@link Output} of one command run; `UMAMI_API_KEY` and `UMAMI_PASSWORD` are masked from the start. */
export function createOutput(io: CliIo): Output {
	const secrets: string[] = [];
	const scrub = (text: string): string => {
		let clean = text;
		for (const secret of secrets) clean = clean.split(secret).join(maskSecret(secret));
		return clean;
	};
	const output: Output = {
		colors: colorsFor(io.stdout, io.env),
		errColors: colorsFor(io.stderr, io.env),
		out: (line = '') => io.stdout.write(`${scrub(line)}\n`),
		err: (line = '') => io.stderr.write(`${scrub(line)}\n`),
		errRaw: (text) => io.stderr.write(scrub(text)),
		secret(value) {
			// Short values (a password like "umami") would mask ordinary words; they are never printed anyway.
			if (value !== undefined && value.length >= 8 && !secrets.includes(value)) {
				secrets.push(value);
				secrets.sort((a, b) => b.length - a.length);
			}
		},
		json: (value) => io.stdout.write(`${scrub(JSON.stringify(value, undefined, 2))}\n`),
	};
	output.secret(io.env['UMAMI_API_KEY']);
	output.secret(io.env['UMAMI_PASSWORD']);
	return output;
}

/** Exit codes every command shares (documented in docs/cli.md). */
export const EXIT = {
	/** Success: stored / delivered / no personal data found. */
	ok: 0,
	/** The event was not stored (dropped, rejected, filtered as a bot), or `--detect` found personal data. */
	failed: 1,
	/** Configuration or usage error (also bad credentials for the read API). */
	config: 2,
	/** The Umami server could not be reached. */
	unreachable: 3,
	/** `audit` could not read part of the data: no verdict of clean is possible. */
	incomplete: 4,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
