/**
 * One writer per journal: a lock file holding the owner's pid, created with `O_EXCL`. A lock whose pid is
 * not alive any more (the process was killed) is stale and taken over.
 */
type Fs = typeof import('node:fs');

/** Lock files this process holds (a second instance in the same process must not share a journal). */
const held = new Set<string>();

/** A held lock. */
export interface Lock {
	release(): void;
}

/** Outcome of {@link acquireLock}: the lock, or the pid of the live process that holds it. */
export type LockResult =
	{readonly ok: true; readonly lock: Lock} | {readonly ok: false; readonly pid: number};

function currentPid(): number {
	return (globalThis as {process?: {pid?: number}}).process?.pid ?? 0;
}

/** Whether process `pid` exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
	const processObject = (globalThis as {process?: {kill?: (pid: number, signal: number) => boolean}}).process;
	try {
		processObject?.kill?.(pid, 0);
		return true;
	} catch (error) {
		return (error as {code?: unknown}).code === 'EPERM';
	}
}

function errorCode(error: unknown): unknown {
	return (error as {code?: unknown} | undefined)?.code;
}

/**
 * Takes the lock file `file`. A lock written by a process that is gone — including one with *our* pid that
 * this process does not hold (a container restarted as pid 1 again) — is stale and replaced.
 * Throws only on unexpected I/O errors.
 */
export function acquireLock(fs: Fs, file: string): LockResult {
	const pid = currentPid();
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const fd = fs.openSync(file, 'wx', 0o600);
			try {
				fs.writeSync(fd, `${pid}\n`);
			} finally {
				fs.closeSync(fd);
			}
			held.add(file);
			let released = false;
			return {
				ok: true,
				lock: {
					release() {
						if (released) return;
						released = true;
						held.delete(file);
						try {
							if (Number.parseInt(fs.readFileSync(file, 'utf8'), 10) === pid) fs.unlinkSync(file);
						} catch {
							// Already gone.
						}
					},
				},
			};
		} catch (error) {
			if (errorCode(error) !== 'EEXIST') throw error;
		}
		if (held.has(file)) return {ok: false, pid};
		let owner = Number.NaN;
		try {
			owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
		} catch (error) {
			if (errorCode(error) !== 'ENOENT') throw error;
			continue;
		}
		if (Number.isInteger(owner) && owner > 0 && owner !== pid && alive(owner)) return {ok: false, pid: owner};
		try {
			fs.unlinkSync(file);
		} catch (error) {
			if (errorCode(error) !== 'ENOENT') throw error;
		}
	}
	throw new Error(`could not take the lock ${file}`);
}
