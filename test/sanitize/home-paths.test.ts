/**
 * User home directories (issue 15, family 2): only the user name goes, the rest of the path stays.
 */
import {describe, expect, it} from 'vitest';
import {
	createSanitizer,
	detectPii,
	sanitizeData,
	sanitizeText,
	sanitizeUrl,
} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies([
	'home/macos',
	'home/linux',
	'home/windows',
	'home/windows-escaped',
	'home/file-url',
	'home/windows-file-url',
	'home/url-encoded',
]);

describe('by hand', () => {
	it.each([
		['at f (/Users/jane.doe/dev/app/src/x.ts:3:9)', 'at f (/Users/[REDACTED_USER]/dev/app/src/x.ts:3:9)'],
		['/home/bob_smith/.npm/_logs/debug.log', '/home/[REDACTED_USER]/.npm/_logs/debug.log'],
		['at C:\\Users\\Jörg\\src\\a.js:1:2', 'at C:\\Users\\[REDACTED_USER]\\src\\a.js:1:2'],
		['"c:\\\\users\\\\ana\\\\app\\\\x.js"', '"c:\\\\users\\\\[REDACTED_USER]\\\\app\\\\x.js"'],
		['D:/Users/li.wei/proj/a.py', 'D:/Users/[REDACTED_USER]/proj/a.py'],
		['see file:///Users/kim/a.txt', 'see file:///Users/[REDACTED_USER]/a.txt'],
		['p=%2Fhome%2Fj%C3%B6rg%2Fsrc', 'p=%2Fhome%2F[REDACTED_USER]%2Fsrc'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(detectPii(input)).toContain('user');
	});

	it('works in URLs and objects', () => {
		expect(sanitizeUrl('file:///C:/Users/Ola%20Nordmann/a/b.ts')).toBe(
			'file:///C:/Users/[REDACTED_USER]/a/b.ts',
		);
		expect(sanitizeUrl('/src?file=%2Fhome%2Fmaria%2Fapp%2Fx.js&line=3')).toBe(
			'/src?file=%2Fhome%2F[REDACTED_USER]%2Fapp%2Fx.js&line=3',
		);
		expect(sanitizeData({stack: 'at (/home/maria/app/x.js:1:1)'})).toEqual({
			stack: 'at (/home/[REDACTED_USER]/app/x.js:1:1)',
		});
	});

	it('takes the name from a bare page path that starts with a home directory, as text does', () => {
		for (const [input, expected] of [
			['/home/jdoe/x', '/home/[REDACTED_USER]/x'],
			['/Users/jdoe/Documents/x?tab=1', '/Users/[REDACTED_USER]/Documents/x?tab=1'],
			['/home/bob_smith/.ssh/id_rsa#top', '/home/[REDACTED_USER]/.ssh/id_rsa#top'],
		] as const) {
			expect(sanitizeUrl(input)).toBe(expected);
			expect(sanitizeText(input)).toBe(expected);
		}
		// After a host the path is a web route, in URLs as in text.
		for (const kept of ['https://example.com/home/about/team', '/app/home/settings/', '/home/bob']) {
			expect(sanitizeUrl(kept)).toBe(kept);
		}
	});

	it.each([
		'https://example.com/home/about/team',
		'/app/home/settings/',
		'/Users/Shared/Previously Relocated Items/x',
		'C:\\Users\\Public\\Desktop\\a.lnk',
		'~/projects/app/src/x.ts',
		'$HOME/.config/app',
		'%USERPROFILE%\\AppData\\Local',
		'/home/${USER}/app',
		'/home/bob',
		'api.users/v2/list',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});

	it('keeps the name when the switch is off', () => {
		const s = createSanitizer({homePaths: false});
		expect(s.text('/home/bob/x')).toBe('/home/bob/x');
		expect(s.url('file:///home/bob/x')).toBe('file:///home/bob/x');
	});
});
