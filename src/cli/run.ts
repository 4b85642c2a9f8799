/**
 * The `umami-guard` command line: one function per command, each taking the argument list and a
 * {@link CliIo} and resolving with its exit code. `main.ts` binds it to the process.
 */
import {VERSION} from '../version.js';
import {audit, AUDIT_HELP} from './audit.js';
import {check, CHECK_HELP} from './check.js';
import {createOutput, EXIT, type CliIo, type ExitCode} from './io.js';
import {outbox, OUTBOX_HELP, type OutboxLoader} from './outbox.js';
import {sanitize, SANITIZE_HELP} from './sanitize.js';
import {send, SEND_HELP} from './send.js';

/** Help of `umami-guard` itself. */
export const MAIN_HELP = `Usage: umami-guard <command> [options]

Commands:
  check                  validate the configuration, reach Umami, store one test event, confirm it was
                         stored (--no-event: store nothing)
  audit                  find the personal data an Umami website already stores (read API; counts only)
  sanitize [file|-]      scrub text, URL or JSON lines; --detect lists the kinds of PII found
  send <name>            send one event (--data JSON, --url PATH) and print the outcome
  outbox status|replay   inspect or replay the durable outbox

Run "umami-guard <command> --help" for a command's options.
Exit codes: 0 ok, 1 not stored / PII found, 2 configuration or usage error, 3 server unreachable,
4 audit incomplete (part of the data could not be read).
Colour only on a terminal, never with NO_COLOR set.
Docs: docs/cli.md in the package (node_modules/umami-guard/docs/cli.md).`;

/** Dependencies a test (or an embedding program) may replace. */
export interface RunOptions {
	/** Loads the outbox module. @default dynamic import of `../outbox/index.js` */
	readonly loadOutbox?: OutboxLoader;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves with the exit code. */
export async function run(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<ExitCode> {
	const [command, ...rest] = argv;
	switch (command) {
		case 'check': {
			return check(rest, io);
		}
		case 'audit': {
			return audit(rest, io);
		}
		case 'sanitize': {
			return sanitize(rest, io);
		}
		case 'send': {
			return send(rest, io);
		}
		case 'outbox': {
			return outbox(rest, io, options.loadOutbox);
		}
		case undefined:
		case 'help':
		case '-h':
		case '--help': {
			const topic = rest[0];
			const output = createOutput(io);
			const help =
				topic === 'check'
					? CHECK_HELP
					: topic === 'audit'
						? AUDIT_HELP
						: topic === 'sanitize'
							? SANITIZE_HELP
							: topic === 'send'
								? SEND_HELP
								: topic === 'outbox'
									? OUTBOX_HELP
									: MAIN_HELP;
			if (command === undefined) {
				output.err(help);
				return EXIT.config;
			}
			output.out(help);
			return EXIT.ok;
		}
		case '-v':
		case '--version': {
			createOutput(io).out(VERSION);
			return EXIT.ok;
		}
		default: {
			const output = createOutput(io);
			output.err(`${output.errColors.red('error')} unknown command "${command}"\n`);
			output.err(MAIN_HELP);
			return EXIT.config;
		}
	}
}
