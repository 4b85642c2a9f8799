/**
 * How a warning reaches stderr when the app gave no `logger`: `process.emitWarning`, whose printer labels
 * it with the runtime and pid. Bun and Deno implement `emitWarning` too, but their printer says
 * `(node:PID)`, which sends a reader of a Bun or Deno app looking for a Node process: there the line is
 * written with the right label, by the same rule (nothing under `--no-warnings`).
 */

/** The part of `process` a warning needs. */
interface WarningProcess {
	readonly pid?: number;
	readonly versions?: Record<string, string | undefined>;
	readonly emitWarning?: (message: string, type: string) => void;
	readonly listenerCount?: (event: string) => number;
	readonly stderr?: {write?: (text: string) => unknown};
}

/** `bun` or `deno` where `process.emitWarning` would say `node`; undefined on Node. */
function mislabelledRuntime(versions: Record<string, string | undefined> | undefined): string | undefined {
	if (versions?.['bun'] !== undefined) return 'bun';
	if (versions?.['deno'] !== undefined) return 'deno';
	return undefined;
}

/**
 * Prints `message` as a `UmamiGuardWarning`: `(node:PID) UmamiGuardWarning: …` on Node, through
 * `process.emitWarning`; `(bun:PID) …` and `(deno:PID) …` on Bun and Deno, written at once. Returns true when
 * the printing waits for a later tick (`process.emitWarning`), which a `process.exit()` in this tick
 * would cut off. Nothing where there is no `process` (Workers, edge runtimes).
 */
export function emitWarning(message: string): boolean {
	const processObject = (globalThis as {process?: WarningProcess}).process;
	const runtime = mislabelledRuntime(processObject?.versions);
	const write = processObject?.stderr?.write;
	if (runtime !== undefined && typeof write === 'function') {
		// `--no-warnings` removes the runtime's own `warning` listener: print nothing, as emitWarning would.
		if (processObject?.listenerCount?.('warning') === 0) return false;
		write.call(
			processObject?.stderr,
			`(${runtime}:${processObject?.pid ?? '?'}) UmamiGuardWarning: ${message}\n`,
		);
		return false;
	}
	if (typeof processObject?.emitWarning !== 'function') return false;
	processObject.emitWarning(message, 'UmamiGuardWarning');
	return true;
}
