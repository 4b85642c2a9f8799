/**
 * `umami-guard sanitize [file|-]`: scrubs a file or stdin line by line with the configured sanitizer, or
 * with `--detect` lists the kinds of personal data found (class and line number, never the value) and
 * exits 1 when there are any — a CI gate for fixtures and logs.
 */
import {createReadStream} from 'node:fs';
import {createInterface} from 'node:readline';
import {Readable} from 'node:stream';
import {createSanitizer, type PiiClass, type Sanitizer} from '../sanitize/index.js';
import {createOutput, EXIT, type CliIo, type ExitCode} from './io.js';
import {CONFIG_FLAGS, CONFIG_HELP, loadConfig, parse, reportSetupError, UsageError} from './shared.js';

/** Help of `umami-guard sanitize`. */
export const SANITIZE_HELP = `Usage: umami-guard sanitize [file|-] [options]

Scrubs each line of a file (or stdin, with "-" or no file) and prints the result. Each line is taken as
  a JSON object → sanitizeData (printed as one JSON line),
  a URL or path (starts with "/" or "scheme://") → sanitizeUrl,
  anything else → sanitizeText.
The sanitizer uses the configuration's umami.sanitization settings (custom patterns, allowlists).

Options:
      --detect            print the kinds of personal data found (line number and class, never the value);
                          exit 1 if there are any
      --as <kind>         treat every line as "text", "url" or "json" instead of guessing (default "auto")

${CONFIG_HELP}

Exit codes: 0 done (--detect: nothing found), 1 --detect found personal data, 2 usage or configuration error.`;

type LineKind = 'text' | 'url' | 'json';

const SCHEME = /^[a-z][a-z\d+.-]{0,30}:\/\//i;

/** How one line is read in `auto` mode. */
export function lineKind(line: string): LineKind {
	const trimmed = line.trimStart();
	if (trimmed.startsWith('{')) return 'json';
	if (trimmed.startsWith('/') || SCHEME.test(trimmed)) return 'url';
	return 'text';
}

/** Runs `umami-guard sanitize`; resolves with the exit code. */
export async function sanitize(args: readonly string[], io: CliIo): Promise<ExitCode> {
	const output = createOutput(io);
	let json = args.includes('--json');
	let sanitizer: Sanitizer;
	let values;
	let positionals: string[];
	try {
		({values, positionals} = parse({
			args: [...args],
			options: {...CONFIG_FLAGS, detect: {type: 'boolean'}, as: {type: 'string'}},
			allowPositionals: true,
			strict: true,
		}));
		json = values.json === true;
		if (values.help) {
			output.out(SANITIZE_HELP);
			return EXIT.ok;
		}
		if (positionals.length > 1) throw new UsageError('sanitize takes one file (or "-" for stdin)');
		if (values.as !== undefined && !['auto', 'text', 'url', 'json'].includes(values.as)) {
			throw new UsageError('--as must be one of auto, text, url, json');
		}
		sanitizer = createSanitizer(loadConfig(values, io.env).sanitizer);
	} catch (error) {
		const code = reportSetupError(error, output, json);
		if (code === undefined) throw error;
		return code;
	}
	const forced = values.as === undefined || values.as === 'auto' ? undefined : (values.as as LineKind);
	const file = positionals[0];
	let input: AsyncIterable<string | Uint8Array>;
	if (file === undefined || file === '-') input = io.stdin;
	else {
		const stream = createReadStream(file);
		const opened = await new Promise<Error | undefined>((resolve) => {
			stream.once('open', () => resolve(undefined));
			stream.once('error', resolve);
		});
		if (opened) {
			const code = (opened as {code?: string}).code ?? 'error';
			return reportSetupError(new UsageError(`cannot read ${file} (${code})`), output, json)!;
		}
		input = stream;
	}
	const lines = createInterface({input: Readable.from(input), crlfDelay: Number.POSITIVE_INFINITY});

	if (values.detect !== true) {
		for await (const line of lines) output.out(scrubLine(sanitizer, line, forced ?? lineKind(line)));
		return EXIT.ok;
	}

	const found: {line: number; kind: LineKind; classes: PiiClass[]}[] = [];
	const counts: Partial<Record<PiiClass, number>> = {};
	let number = 0;
	for await (const line of lines) {
		number++;
		const kind = forced ?? lineKind(line);
		const classes = sanitizer.detect(kind === 'json' ? (parseObject(line) ?? line) : line);
		if (classes.length === 0) continue;
		found.push({line: number, kind, classes});
		for (const cls of classes) counts[cls] = (counts[cls] ?? 0) + 1;
	}
	const source = file === undefined || file === '-' ? 'stdin' : file;
	if (json) {
		output.json({found: found.length > 0, source, lines: number, matches: found, counts});
	} else {
		const {red, green, dim} = output.colors;
		for (const match of found)
			output.out(`${source}:${match.line}: ${red(match.classes.join(', '))} ${dim(`(${match.kind})`)}`);
		const summary = Object.entries(counts)
			.map(([cls, count]) => `${cls} ×${count}`)
			.join(', ');
		output.out(
			found.length === 0
				? green(`no personal data found in ${number} line${number === 1 ? '' : 's'}`)
				: `${red(`personal data on ${found.length} of ${number} lines`)}: ${summary}`,
		);
	}
	return found.length === 0 ? EXIT.ok : EXIT.failed;
}

function parseObject(line: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(line);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

function scrubLine(sanitizer: Sanitizer, line: string, kind: LineKind): string {
	if (kind === 'json') {
		const object = parseObject(line);
		// Not an object after all (or invalid JSON): scrub it as text rather than echo it.
		return object === undefined ? sanitizer.text(line) : JSON.stringify(sanitizer.data(object));
	}
	if (kind === 'url') {
		const leading = line.slice(0, line.length - line.trimStart().length);
		return leading + sanitizer.url(line.trim());
	}
	return sanitizer.text(line);
}
