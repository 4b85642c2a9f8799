import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** A writer of config files, each under a new name in one temporary directory: returns the file's path. */
export function configFiles(prefix: string): (text: string) => string {
	const dir = mkdtempSync(join(tmpdir(), `umami-guard-${prefix}-`));
	let counter = 0;
	return (text) => {
		const path = join(dir, `config-${counter++}.yaml`);
		writeFileSync(path, text);
		return path;
	};
}
