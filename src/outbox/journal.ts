/**
 * The journal behind the durable outbox: an append-only JSON-lines file per app.
 *
 * ```text
 * {"umami-guard-outbox":1,"app":"shop"}          header
 * {"s":1,"e":{"type":"event","payload":{…}}}     event 1 persisted (before it entered the queue)
 * {"s":2,"e":{…}}                                event 2 persisted
 * {"a":[1]}                                      event 1 settled for good (delivered or finally dropped)
 * {"s":3,"k":"9f0c…","e":{…}}                    event 3, tracked with an idempotency key (its digest)
 * {"k":["9f0c…",…]}                              digests of keys recorded earlier (written by a rewrite)
 * ```
 *
 * Pending events = appended and not acknowledged. A write is one `write(2)` of a whole line to a file opened
 * with `O_APPEND`, so a `kill -9` leaves at most a torn *last* line, which reading ignores. Opening rewrites
 * the file with only the pending events (header + their lines, via a temporary file and `rename`), so a torn
 * line never ends up in the middle. Idempotency digests outlive their events: a rewrite keeps the most recent
 * `maxKeys` of them in one `{"k":[…]}` line, so a webhook delivered again after a restart is still known. Node only: built-ins come from `process.getBuiltinModule`.
 */
import {getBuiltin} from '../runtime.js';
import type {UmamiEvent} from '../types.js';
import {acquireLock, type Lock} from './lock.js';
import type {Outbox, OutboxOptions, OutboxStatus, PendingEvent} from './types.js';

/** Version written in the header line; a file with another version is moved aside, not misread. */
export const JOURNAL_VERSION = 1;
/** Dead bytes (acknowledged events and ack lines) are compacted away only in files at least this large. */
const COMPACT_MIN_BYTES = 64 * 1024;

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

/** The files of one app's journal. */
export interface JournalFiles {
	readonly dir: string;
	readonly file: string;
	readonly lock: string;
}

/** A file name for `appName`: safe characters kept, anything else replaced, plus a hash when replaced. */
export function journalStem(appName: string): string {
	const safe = appName
		.replaceAll(/[^\w.-]/g, '_')
		.replace(/^\./, '_')
		.slice(0, 100);
	if (safe === appName && safe !== '') return safe;
	// FNV-1a: distinct names that map to the same safe text get distinct files.
	let hash = 0x81_1c_9d_c5;
	for (let index = 0; index < appName.length; index++) {
		hash ^= appName.charCodeAt(index);
		hash = Math.imul(hash, 0x01_00_01_93) >>> 0;
	}
	return `${safe}-${hash.toString(16).padStart(8, '0')}`;
}

/** Where the journal of `appName` lives under `path` (resolved against the working directory). */
export function journalFiles(path: Path, dir: string, appName: string): JournalFiles {
	const absolute = path.resolve(dir);
	const stem = journalStem(appName);
	return {
		dir: absolute,
		file: path.join(absolute, `${stem}.jsonl`),
		lock: path.join(absolute, `${stem}.lock`),
	};
}

/** The header line of a journal (without its newline). */
export function headerLine(appName: string): string {
	return JSON.stringify({'umami-guard-outbox': JOURNAL_VERSION, app: appName});
}

/** What reading a journal found. */
export interface ParsedJournal {
	/** Pending events: sequence number → the line that persisted it (without newline), in append order. */
	readonly live: Map<number, string>;
	/** Highest sequence number seen. */
	readonly maxSeq: number;
	/** 1 when the last line was torn (no newline) and ignored. */
	readonly torn: number;
	/** Why the file cannot be trusted (set: move it aside, replay nothing from it). */
	readonly corrupt: string | undefined;
	/** Idempotency digests recorded, oldest first (pending and settled events alike). */
	readonly keys: string[];
}

function isEvent(value: unknown): value is UmamiEvent {
	if (typeof value !== 'object' || value === null) return false;
	const {type, payload} = value as {type?: unknown; payload?: unknown};
	return (
		(type === 'event' || type === 'identify') &&
		typeof payload === 'object' &&
		payload !== null &&
		!Array.isArray(payload) &&
		typeof (payload as {website?: unknown}).website === 'string'
	);
}

/** Reads a journal's text. Never throws. */
export function parseJournal(text: string, appName: string): ParsedJournal {
	const live = new Map<number, string>();
	const keys: string[] = [];
	let maxSeq = 0;
	const end = text.lastIndexOf('\n');
	const torn = end === text.length - 1 || text.length === 0 ? 0 : 1;
	const corrupt = (reason: string): ParsedJournal => ({
		live: new Map(),
		maxSeq,
		torn,
		corrupt: reason,
		keys: [],
	});
	if (end < 0) return {live, maxSeq, torn, corrupt: undefined, keys};
	const lines = text.slice(0, end).split('\n');
	let header: unknown;
	try {
		header = JSON.parse(lines[0]!);
	} catch {
		return corrupt('unreadable header');
	}
	const version = (header as Record<string, unknown> | null)?.['umami-guard-outbox'];
	if (version !== JOURNAL_VERSION) return corrupt(`not a version ${JOURNAL_VERSION} journal`);
	if ((header as {app?: unknown}).app !== appName) return corrupt('journal of another app');
	for (let index = 1; index < lines.length; index++) {
		const line = lines[index]!;
		let record: {s?: unknown; e?: unknown; a?: unknown; k?: unknown};
		try {
			record = JSON.parse(line) as typeof record;
		} catch {
			return corrupt(`unreadable line ${index + 1}`);
		}
		if (typeof record !== 'object' || record === null) return corrupt(`bad record on line ${index + 1}`);
		if (Array.isArray(record.a)) {
			for (const seq of record.a) live.delete(seq as number);
			continue;
		}
		if (Array.isArray(record.k) && record.s === undefined) {
			if (!record.k.every(isDigest)) return corrupt(`bad keys on line ${index + 1}`);
			for (const key of record.k as string[]) keys.push(key);
			continue;
		}
		const seq = record.s;
		if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= maxSeq || !isEvent(record.e)) {
			return corrupt(`bad record on line ${index + 1}`);
		}
		if (record.k !== undefined) {
			if (!isDigest(record.k)) return corrupt(`bad key on line ${index + 1}`);
			keys.push(record.k);
		}
		maxSeq = seq;
		live.set(seq, line);
	}
	return {live, maxSeq, torn, corrupt: undefined, keys};
}

/** An idempotency digest as the client writes it (16 hex characters). */
function isDigest(value: unknown): value is string {
	return typeof value === 'string' && /^[\da-f]{16}$/.test(value);
}

function errorCode(error: unknown): unknown {
	return (error as {code?: unknown} | undefined)?.code;
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function byteLength(text: string): number {
	return Buffer.byteLength(text);
}

/** Writes all of `text` at the end of `fd` (a short write is finished, not left torn). */
function writeAll(fs: Fs, fd: number, text: string): void {
	const written = fs.writeSync(fd, text);
	const total = byteLength(text);
	if (written === total) return;
	const bytes = Buffer.from(text);
	for (let offset = written; offset < total;) offset += fs.writeSync(fd, bytes, offset, total - offset);
}

/** Replaces `file` with header + `lines`, atomically (temporary file, fsync, rename). Returns its size. */
function rewrite(fs: Fs, file: string, header: string, lines: Iterable<string>): number {
	const temporary = `${file}.tmp`;
	const fd = fs.openSync(temporary, 'w', 0o600);
	let size = 0;
	try {
		let chunk = `${header}\n`;
		for (const line of lines) {
			chunk += `${line}\n`;
			if (chunk.length >= 1 << 20) {
				writeAll(fs, fd, chunk);
				size += byteLength(chunk);
				chunk = '';
			}
		}
		writeAll(fs, fd, chunk);
		size += byteLength(chunk);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(temporary, file);
	return size;
}

/** Reads the journal file if it exists (`''` when it does not). */
function readText(fs: Fs, file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return '';
		throw error;
	}
}

/**
 * The status of a journal without opening it for writing (no lock; what `umami-guard outbox status`
 * shows while the app runs). `undefined` on runtimes without `node:fs`.
 */
export function readJournalStatus(
	options: Pick<OutboxOptions, 'path' | 'appName'>,
): OutboxStatus | undefined {
	const fs = getBuiltin('node:fs');
	const path = getBuiltin('node:path');
	if (!fs || !path) return undefined;
	const {file} = journalFiles(path, options.path, options.appName);
	const text = readText(fs, file);
	const parsed = parseJournal(text, options.appName);
	return {
		events: parsed.live.size,
		bytes: byteLength(text),
		path: file,
		corrupt: parsed.corrupt === undefined ? 0 : 1,
		torn: parsed.torn,
	};
}

function noop(): void {}

/** Reads the journal at `file`; a corrupt one is moved aside (`corrupt`: 1) and nothing is replayed from it. */
function readForOpen(
	fs: Fs,
	file: string,
	appName: string,
	now: () => number,
	warn: (message: string) => void,
): {readonly parsed: ParsedJournal; readonly corrupt: number} {
	const parsed = parseJournal(readText(fs, file), appName);
	if (parsed.corrupt === undefined) return {parsed, corrupt: 0};
	const aside = `${file}.corrupt-${now()}`;
	fs.renameSync(file, aside);
	warn(`outbox: ${file} is corrupt (${parsed.corrupt}); moved aside to ${aside}, nothing replayed from it`);
	return {parsed, corrupt: 1};
}

/** The line that persists event `seq` (without newline); undefined when the event cannot be serialized. */
function eventLine(seq: number, event: UmamiEvent, key: string | undefined): string | undefined {
	try {
		// The key's digest rides in the event's own line: one write records both, or neither.
		return `{"s":${seq},${key === undefined ? '' : `"k":"${key}",`}"e":${JSON.stringify(event)}}`;
	} catch {
		return undefined;
	}
}

/**
 * Appends `line` and its newline at the end of `fd`, whose file holds `size` bytes. On failure cuts a partial
 * line off, so the next append does not continue it, and returns the error.
 */
function appendLine(fs: Fs, fd: number, line: string, size: number): {readonly error: unknown} | undefined {
	try {
		writeAll(fs, fd, `${line}\n`);
		return undefined;
	} catch (error) {
		try {
			fs.ftruncateSync(fd, size);
		} catch {
			// The next open ignores a torn last line anyway.
		}
		return {error};
	}
}

/**
 * How many idempotency digests a journal of `maxBytes` keeps: a digest costs 19 bytes in the keys line, and
 * the line never takes more than a quarter of the bound, so a small journal still has room for events.
 */
function keysBound(maxKeys: number, maxBytes: number): number {
	return Math.min(maxKeys, Math.floor(maxBytes / 4 / 19));
}

/** The pending events, read back from the lines that persisted them. */
function pendingEvents(live: ReadonlyMap<number, string>): PendingEvent[] {
	const events: PendingEvent[] = [];
	for (const [seq, line] of live) {
		events.push({seq, event: (JSON.parse(line) as {e: UmamiEvent}).e});
	}
	return events;
}

/** The most recent `max` distinct digests of `keys`, oldest first. */
function recentKeys(keys: readonly string[], max: number): string[] {
	const recent = new Set<string>();
	for (let index = keys.length - 1; index >= 0 && recent.size < max; index--) recent.add(keys[index]!);
	return [...recent].reverse();
}

/**
 * Opens (creating it 0700/0600 if needed) the journal of `appName` under `path`, takes its lock, moves a
 * corrupt file aside and compacts the rest. `undefined`, with one warning, when the runtime has no
 * `node:fs`, another live process holds the journal, or the file system refuses.
 *
 * @example
 * ```ts
 * const outbox = createOutbox({path: '.umami-guard/outbox', appName: 'shop', maxBytes: 50 * 1024 ** 2});
 * for (const {seq, event} of outbox?.pending() ?? []) resend(event).then(() => outbox?.ack(seq));
 * const seq = outbox?.append(event); // before queueing; ack(seq) once delivered
 * ```
 */
export function createOutbox(options: OutboxOptions): Outbox | undefined {
	const warn = options.onWarn ?? noop;
	const fs = getBuiltin('node:fs');
	const path = getBuiltin('node:path');
	if (!fs || !path) {
		warn('outbox disabled: this runtime has no node:fs; events are kept in memory only');
		return undefined;
	}
	const now = options.now ?? Date.now;
	const {appName} = options;
	let files: JournalFiles | undefined;
	let lock: Lock | undefined;
	try {
		files = journalFiles(path, options.path, appName);
		fs.mkdirSync(files.dir, {recursive: true, mode: 0o700});
		const taken = acquireLock(fs, files.lock);
		if (!taken.ok) {
			warn(
				`outbox disabled: ${files.file} is used by live process ${taken.pid}; this instance runs without outbox`,
			);
			return undefined;
		}
		lock = taken.lock;
		return openJournal(fs, files, lock, {...options, maxKeys: options.maxKeys ?? 10_000}, now, warn);
	} catch (error) {
		lock?.release();
		warn(`outbox disabled: ${files?.file ?? options.path}: ${describeError(error)}`);
		return undefined;
	}
}

function openJournal(
	fs: Fs,
	files: JournalFiles,
	lock: Lock,
	options: OutboxOptions & {readonly maxKeys: number},
	now: () => number,
	warn: (message: string) => void,
): Outbox {
	const {maxBytes, appName} = options;
	const maxKeys = keysBound(options.maxKeys, maxBytes);
	const {file} = files;
	const header = headerLine(appName);
	const headerBytes = byteLength(header) + 1;

	const {parsed, corrupt} = readForOpen(fs, file, appName, now, warn);
	const live = parsed.live;
	let nextSeq = parsed.maxSeq + 1;
	let keys = parsed.keys.slice(-maxKeys);
	/** Bytes of the `{"k":[…]}` line the last rewrite wrote (kept, like the pending lines). */
	let keysBytes = 0;
	/** Header, then the most recent idempotency digests (each once), then the pending lines. */
	const rewriteKept = (): number => {
		keys = recentKeys(keys, maxKeys);
		const line = keys.length === 0 ? undefined : JSON.stringify({k: keys});
		keysBytes = line === undefined ? 0 : byteLength(line) + 1;
		return rewrite(fs, file, header, line === undefined ? live.values() : [line, ...live.values()]);
	};
	let size = rewriteKept();
	let liveBytes = size - headerBytes - keysBytes;
	let fd: number | undefined = fs.openSync(file, 'a', 0o600);

	let acks: number[] = [];
	let ackScheduled = false;
	let broken = false;

	const fail = (what: string, error: unknown): void => {
		if (broken) return;
		broken = true;
		warn(`outbox: ${what} failed (${describeError(error)}); events are no longer persisted`);
	};

	/** Rewrites the file with the pending events only. */
	const compact = (): void => {
		if (fd === undefined) return;
		try {
			const newSize = rewriteKept();
			fs.closeSync(fd);
			fd = fs.openSync(file, 'a', 0o600);
			size = newSize;
			liveBytes = newSize - headerBytes - keysBytes;
		} catch (error) {
			fail('compaction', error);
		}
	};

	const writeAcks = (): void => {
		ackScheduled = false;
		if (acks.length === 0 || fd === undefined || broken) return;
		try {
			if (live.size === 0 && keys.length === 0) {
				// Everything settled: back to the header alone (one truncate, no rewrite). Not with idempotency
				// digests in the file: they must outlive their events, and a rewrite keeps them atomically.
				fs.ftruncateSync(fd, headerBytes);
				size = headerBytes;
				liveBytes = 0;
			} else {
				const line = `${JSON.stringify({a: acks})}\n`;
				writeAll(fs, fd, line);
				size += byteLength(line);
				const kept = liveBytes + keysBytes;
				if (size >= COMPACT_MIN_BYTES && size - headerBytes - kept > kept) compact();
			}
		} catch (error) {
			fail('acknowledging', error);
		}
		acks = [];
	};

	return {
		append(event: UmamiEvent, key?: string): number | undefined {
			if (fd === undefined || broken) return 0;
			const seq = nextSeq;
			const line = eventLine(seq, event, key);
			if (line === undefined) return 0;
			const bytes = byteLength(line) + 1;
			if (size + bytes > maxBytes) {
				if (acks.length > 0) writeAcks();
				// Compact only when it frees a real share of the file, so a full journal is not rewritten per event.
				const dead = size - headerBytes - liveBytes - keysBytes;
				if (dead >= bytes && dead >= maxBytes / 8) compact();
				if (size + bytes > maxBytes || fd === undefined) return undefined;
			}
			const failed = appendLine(fs, fd, line, size);
			if (failed !== undefined) {
				const code = errorCode(failed.error);
				if (code === 'ENOSPC' || code === 'EDQUOT') return undefined;
				fail('writing', failed.error);
				return 0;
			}
			nextSeq = seq + 1;
			size += bytes;
			liveBytes += bytes;
			live.set(seq, line);
			if (key !== undefined) {
				keys.push(key);
				if (keys.length >= 2 * maxKeys) keys = keys.slice(-maxKeys);
			}
			return seq;
		},

		ack(seq: number): void {
			const line = live.get(seq);
			if (line === undefined) return;
			live.delete(seq);
			liveBytes -= byteLength(line) + 1;
			acks.push(seq);
			if (!ackScheduled) {
				ackScheduled = true;
				queueMicrotask(writeAcks);
			}
		},

		pending(): PendingEvent[] {
			return pendingEvents(live);
		},

		keys(): string[] {
			return keys.slice(-maxKeys);
		},

		status(): OutboxStatus {
			return {events: live.size, bytes: size, path: file, corrupt, torn: parsed.torn};
		},

		close(): void {
			if (fd === undefined) return;
			writeAcks();
			try {
				fs.closeSync(fd);
			} catch {
				// Nothing left to do with it.
			}
			fd = undefined;
			lock.release();
		},
	};
}
