/** The real Umami a benchmark writes to, from `--url`, `--website` and `--database`, with a SQL pool. */
import pg from 'pg';

/** The `parseArgs` options every real-Umami benchmark takes. */
export const TARGET_OPTIONS = {
	url: {type: 'string'},
	website: {type: 'string'},
	database: {type: 'string'},
} as const;

export interface Target {
	readonly url: string;
	readonly website: string;
	readonly pool: pg.Pool;
}

/** Checks the three options (each benchmark's doc comment shows them) and opens one SQL connection. */
export function target(values: {url?: string; website?: string; database?: string}): Target {
	if (!values.url || !values.website || !values.database) {
		throw new Error('--url, --website and --database are required (see the doc comment)');
	}
	return {
		url: values.url,
		website: values.website,
		pool: new pg.Pool({connectionString: values.database, max: 1}),
	};
}

/** A random tag of 8 letters (the sanitizer keeps it) that marks one run's rows. */
export function runTag(): string {
	let text = '';
	for (let index = 0; index < 8; index++) text += String.fromCharCode(97 + Math.floor(Math.random() * 26));
	return text;
}
