#!/usr/bin/env node
/**
 * Entry point of the `umami-guard` binary: runs {@link run} on the process's arguments and terminal and
 * sets the exit code (0 ok, 1 not stored / PII found, 2 configuration or usage error, 3 unreachable,
 * 4 audit incomplete, 70 an internal error).
 */
import {createOutput, processIo} from './io.js';
import {run} from './run.js';

const io = processIo();
run(process.argv.slice(2), io).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const output = createOutput(io);
		output.err(`umami-guard: internal error: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 70;
	},
);
