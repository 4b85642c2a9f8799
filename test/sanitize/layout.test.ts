/**
 * The sanitizer's layout promises, checked on its source: every regex in `patterns.ts`, each pattern documented,
 * and no function too long to read at once.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

const dir = join(import.meta.dirname, '../../src/sanitize');
const sources = readdirSync(dir)
	.filter((name) => name.endsWith('.ts'))
	.map((name) =>
		ts.createSourceFile(name, readFileSync(join(dir, name), 'utf8'), ts.ScriptTarget.Latest, true),
	);

function nodes(file: ts.SourceFile, test: (node: ts.Node) => boolean): ts.Node[] {
	const found: ts.Node[] = [];
	const visit = (node: ts.Node): void => {
		if (test(node)) found.push(node);
		ts.forEachChild(node, visit);
	};
	visit(file);
	return found;
}

const line = (file: ts.SourceFile, pos: number): number => file.getLineAndCharacterOfPosition(pos).line + 1;

describe('src/sanitize layout', () => {
	it('holds every regex literal in patterns.ts', () => {
		const offenders = sources
			.filter((file) => file.fileName !== 'patterns.ts')
			.flatMap((file) =>
				nodes(file, (node) => node.kind === ts.SyntaxKind.RegularExpressionLiteral).map(
					(node) => `${file.fileName}:${line(file, node.getStart())} ${node.getText()}`,
				),
			);
		expect(offenders).toEqual([]);
	});

	it('documents every pattern in patterns.ts', () => {
		const patterns = sources.find((file) => file.fileName === 'patterns.ts')!;
		const undocumented = patterns.statements
			.filter(ts.isVariableStatement)
			.filter((statement) => {
				const leading = statement.getFullText().slice(0, statement.getStart() - statement.getFullStart());
				return !/\/\*\*[\s\S]*\*\/\s*$/.test(leading);
			})
			.map((statement) => statement.declarationList.declarations[0]?.name.getText());
		expect(undocumented).toEqual([]);
	});

	it('has no function longer than 150 lines', () => {
		const long = sources.flatMap((file) =>
			nodes(file, (node) => ts.isFunctionLike(node) && 'body' in node && node.body !== undefined)
				.map((node) => ({
					at: `${file.fileName}:${line(file, node.getStart())}`,
					lines: line(file, node.getEnd()) - line(file, node.getStart()) + 1,
				}))
				.filter((fn) => fn.lines > 150),
		);
		expect(long).toEqual([]);
	});
});
