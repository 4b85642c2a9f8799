/**
 * Every app's journal in an outbox folder, for `umami-guard outbox status` without `--app`: a monorepo's
 * apps share the folder. Apart from the journal, which the client loads, so that only the CLI carries it.
 */
import {getBuiltin} from '../runtime.js';
import {readJournalStatus} from './journal.js';
import type {OutboxStatus} from './types.js';

/** One app's journal in an outbox folder, as `umami-guard outbox status` lists them. */
export interface AppJournalStatus extends OutboxStatus {
	/** The app named in the journal's header (the file's name when the header cannot be read). */
	readonly app: string;
}

/**
 * The status of every journal (`*.jsonl`) in the outbox folder `dir`, one per app, by name; `[]` when there
 * is no folder, `undefined` on runtimes without `node:fs`. Reads without taking any lock, like
 * {@link readJournalStatus}.
 */
export function readJournalStatuses(dir: string): AppJournalStatus[] | undefined {
	const fs = getBuiltin('node:fs');
	const path = getBuiltin('node:path');
	if (!fs || !path) return undefined;
	let names: string[];
	try {
		names = fs.readdirSync(path.resolve(dir)).filter((name) => name.endsWith('.jsonl'));
	} catch (error) {
		if ((error as {code?: unknown}).code === 'ENOENT') return [];
		throw error;
	}
	const found: AppJournalStatus[] = [];
	for (const name of names.sort()) {
		const app =
			headerApp(readHead(fs, path.join(path.resolve(dir), name))) ?? name.slice(0, -'.jsonl'.length);
		const status = readJournalStatus({path: dir, appName: app});
		if (status !== undefined) found.push({app, ...status});
	}
	return found;
}

/** The app a journal's header names, if it can be read. */
function headerApp(text: string): string | undefined {
	const end = text.indexOf('\n');
	try {
		const app = (JSON.parse(end === -1 ? text : text.slice(0, end)) as {app?: unknown}).app;
		return typeof app === 'string' ? app : undefined;
	} catch {
		return undefined;
	}
}

/** The text of a journal, `''` when it cannot be read (its status then says so). */
function readHead(fs: typeof import('node:fs'), file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}
