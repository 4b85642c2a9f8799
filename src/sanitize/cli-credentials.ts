/**
 * Credentials on command lines: `curl -u user:password`, `mysql -pPassword`, `--password value`, and the
 * environment variables that carry them (`PGPASSWORD=…`, `SSHPASS=…`). Only the credential goes; the command,
 * its flags and the user name stay.
 */
import {CLI_P_FLAG, CLI_SECRET_FLAG, CLI_USER_FLAG, CREDENTIAL_ENV_NAME} from './patterns.js';

/** True when the line holding `at` (within 256 characters before it) runs a MySQL or MariaDB client. */
function onMysqlLine(s: string, at: number): boolean {
	let from = at;
	const floor = Math.max(0, at - 256);
	while (from > floor && s.charCodeAt(from - 1) !== 10) from--;
	const line = s.slice(from, at).toLowerCase();
	return line.includes('mysql') || line.includes('mariadb');
}

/** Replaces command-line credentials in `s` with `marker()`. Returns `s` itself when nothing changed. */
export function redactCommandLineSecrets(s: string, marker: () => string): string {
	let out = s.replace(CLI_USER_FLAG, (m, head: string, password: string) =>
		password.startsWith('[REDACTED') ? m : head + marker(),
	);
	out = out.replace(CLI_SECRET_FLAG, (m, head: string, value: string) =>
		value.startsWith('[REDACTED') ? m : head + marker(),
	);
	if (out.includes('-p'))
		out = out.replace(CLI_P_FLAG, (m, password: string, offset: number, whole: string) =>
			password.startsWith('[REDACTED') || !onMysqlLine(whole, offset) ? m : `-p${marker()}`,
		);
	return out;
}

/** An upper-case environment variable name that carries a credential (`PGPASSWORD`, `SSHPASS`, `MYSQL_PWD`). */
export function isCredentialEnvName(key: string): boolean {
	// Every such name starts with a capital and has at least 5 chars (`A_PWD`): most keys fail before the pattern.
	const c = key.charCodeAt(0);
	return key.length >= 5 && c >= 65 && c <= 90 && CREDENTIAL_ENV_NAME.test(key);
}
