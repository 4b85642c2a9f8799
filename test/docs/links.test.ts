/**
 * Every relative link of README.md, ARCHITECTURE.md and docs/*.md resolves: the file exists in the
 * repository, and a `#fragment` names a heading of the target (GitHub's heading ids). The README is a front
 * page that links into docs/, so a moved section must not leave a link behind that lands nowhere.
 */
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join, normalize, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {documentationFiles, repoRoot} from '../helpers/doc-blocks.js';

/** The lines outside fenced code blocks, where links and headings are what they look like. */
function prose(text: string): string[] {
	let fenced = false;
	return text.split('\n').filter((line) => {
		if (line.trimStart().startsWith('```')) fenced = !fenced;
		else if (!fenced) return true;
		return false;
	});
}

/** GitHub's id of a heading: backticks and bold dropped, lower case, punctuation removed, spaces to dashes. */
function headingId(heading: string): string {
	return heading
		.replaceAll('`', '')
		.replaceAll('**', '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replaceAll(' ', '-');
}

/** The ids a Markdown file's headings get, a repeated heading suffixed `-1`, `-2`… as GitHub does. */
function headingIds(file: string): Set<string> {
	const ids = new Set<string>();
	for (const line of prose(readFileSync(file, 'utf8'))) {
		const level = line.length - line.replace(/^#+/, '').length;
		if (level === 0 || level > 6 || line[level] !== ' ') continue;
		const id = headingId(line.slice(level));
		let unique = id;
		for (let n = 1; ids.has(unique); n++) unique = `${id}-${n}`;
		ids.add(unique);
	}
	return ids;
}

/** Relative links (no URL scheme) of a Markdown file: `[text](target)` and `![alt](target)`. */
function relativeLinks(file: string): string[] {
	const text = prose(readFileSync(file, 'utf8')).join('\n');
	const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
	return targets.filter((target) => !/^[a-z][a-z\d+.-]*:/i.test(target));
}

const files = ['ARCHITECTURE.md', ...documentationFiles()];

describe('relative links in the documentation resolve', () => {
	it('the heading ids are GitHub’s (the check itself works)', () => {
		expect(headingId('Delivery and `stats()`')).toBe('delivery-and-stats');
		expect(headingId('Migrating from @umami/node')).toBe('migrating-from-umaminode');
		expect(headingId('6. Middleware overhead')).toBe('6-middleware-overhead');
		expect(headingId('Related: `umami-guard/testing` for your own tests')).toBe(
			'related-umami-guardtesting-for-your-own-tests',
		);
		expect(relativeLinks(join(repoRoot, 'README.md'))).toContain('docs/configuration.md');
	});

	it.each(files)('%s', (name) => {
		const file = join(repoRoot, name);
		const broken: string[] = [];
		for (const link of relativeLinks(file)) {
			const [path, fragment] = link.split('#') as [string, string | undefined];
			const target = path === '' ? file : normalize(join(dirname(file), decodeURI(path)));
			if (!existsSync(target)) {
				broken.push(`${link}: no file ${relative(repoRoot, target)}`);
				continue;
			}
			if (fragment !== undefined && target.endsWith('.md') && !headingIds(target).has(fragment)) {
				broken.push(`${link}: no heading #${fragment} in ${relative(repoRoot, target)}`);
			}
		}
		expect(broken).toEqual([]);
	});
});
