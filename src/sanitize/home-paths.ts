/**
 * User names in home directories (`/Users/<name>/`, `/home/<name>/`, `C:\Users\<name>\`, escaped `\\`,
 * URL-encoded, inside `file://` URLs and stack traces). Only the name goes, so the rest of the path still says
 * which file and line failed.
 */
import {HOME_DIR} from './patterns.js';

/** Directory names under `/Users` or `C:\Users` that belong to no person. */
const SHARED = new Set([
	'shared',
	'public',
	'default',
	'default user',
	'all users',
	'guest',
	'defaultapppool',
]);

/**
 * A cheap test before {@link redactHomeUsers}: a home directory needs `Users`/`USERS`/`users` or `home`.
 * The caller runs it only on strings with a `/`, `\` or `%`.
 */
export function mayHoldHomeDir(s: string): boolean {
	return s.includes('home') || s.includes('sers') || s.includes('SERS');
}

/** Replaces the user name of every home directory in `s` with `marker()`. Returns `s` itself when unchanged. */
export function redactHomeUsers(s: string, marker: () => string): string {
	return s.replace(HOME_DIR, (m, head: string, name: string) =>
		SHARED.has(name.toLowerCase()) ? m : head + marker(),
	);
}
