/**
 * Credentials on command lines (issue 15, family 4): only the credential goes.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeData, sanitizeText} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies([
	'secret/cli-curl-u',
	'secret/cli-p-flag',
	'secret/cli-pgpassword',
	'secret/cli-password-flag',
	'secret/cli-env-inline',
	'secret/url-userinfo-db',
]);

describe('by hand', () => {
	it.each([
		['curl -u admin:hunter2 https://x.test', 'curl -u admin:[REDACTED] https://x.test'],
		['curl --user "bob:p@ss w" x', 'curl --user "bob:[REDACTED] w" x'],
		['mysqldump -uroot -pS3cr3t! shop', 'mysqldump -uroot -p[REDACTED] shop'],
		['PGPASSWORD=Tr0ub4dor psql -h db', 'PGPASSWORD=[REDACTED] psql -h db'],
		['SSHPASS=abc123 sshpass -e ssh host', 'SSHPASS=[REDACTED] sshpass -e ssh host'],
		['vault login --token s.AbCdEf123', 'vault login --token [REDACTED]'],
		['app --password hunter2 --verbose', 'app --password [REDACTED] --verbose'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it('in objects', () => {
		expect(sanitizeData({cmd: 'mysql -u app -pS3cr3t -h db'})).toEqual({
			cmd: 'mysql -u app -p[REDACTED] -h db',
		});
	});

	it.each([
		'docker run -p8080:80 nginx',
		'ssh -p 2222 host',
		'mysql -u app -p -h db',
		'ps -u 1000',
		'curl -u admin https://x.test',
		'BYPASS=1 make',
		'OLDPWD=/srv make',
		'app --password --verbose',
		'tar -xzf a.tgz -C /tmp',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});
});
