/**
 * "A function fits in one reading": no function in `src/` is longer than 150 lines (STYLE.md, issue 14).
 * Every file is parsed with the TypeScript compiler, so a function is whatever the language calls one:
 * declarations, methods, accessors, arrow functions and function expressions, constructors, class static blocks.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

const MAX_LINES = 150;
const src = join(import.meta.dirname, '../src');

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
		entry.isDirectory()
			? files(join(dir, entry.name))
			: entry.name.endsWith('.ts')
				? [join(dir, entry.name)]
				: [],
	);
}

/** A name for a function node, as a maintainer would search for it. */
function nameOf(node: ts.Node, file: ts.SourceFile): string {
	if (ts.isConstructorDeclaration(node)) return `${nameOf(node.parent, file)} constructor`;
	if (ts.isClassStaticBlockDeclaration(node)) return `${nameOf(node.parent, file)} static block`;
	const named = node as ts.Node & {name?: ts.Node};
	if (named.name !== undefined) return named.name.getText(file);
	// An anonymous function takes the name it is assigned to or passed as.
	const parent = node.parent;
	if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
		return parent.name.getText(file);
	if (ts.isCallExpression(parent)) return `(argument of ${parent.expression.getText(file)})`;
	return '(anonymous)';
}

function isFunction(node: ts.Node): boolean {
	return (
		ts.isFunctionDeclaration(node) ||
		ts.isFunctionExpression(node) ||
		ts.isArrowFunction(node) ||
		ts.isMethodDeclaration(node) ||
		ts.isConstructorDeclaration(node) ||
		ts.isGetAccessorDeclaration(node) ||
		ts.isSetAccessorDeclaration(node) ||
		ts.isClassStaticBlockDeclaration(node)
	);
}

/** Every function of `text` longer than `max` lines (first line to last, both counted), as `file:line name (n lines)`. */
function longFunctions(fileName: string, text: string, max = MAX_LINES): string[] {
	const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (isFunction(node)) {
			const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
			const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
			const lines = last - first + 1;
			if (lines > max) found.push(`${fileName}:${first + 1} ${nameOf(node, file)} (${lines} lines)`);
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	return found;
}

describe('function length', () => {
	it(`no function in src/ is longer than ${MAX_LINES} lines`, () => {
		const offenders = files(src).flatMap((path) =>
			longFunctions(relative(src, path).split('\\').join('/'), readFileSync(path, 'utf8')),
		);
		expect(offenders).toEqual([]);
	});

	it('the check sees every kind of function', () => {
		const body = (lines: number): string => 'x++;\n'.repeat(lines);
		const text = [
			`function declared() {\n${body(4)}}`,
			`const arrow = () => {\n${body(4)}};`,
			`const expression = function () {\n${body(4)}};`,
			`class C {\n constructor() {\n${body(4)}}\n method() {\n${body(4)}}\n get value() {\n${body(4)}return 1;}\n static {\n${body(4)}}\n}`,
			`call(() => {\n${body(4)}});`,
			`function short() {\n${body(2)}}`,
		].join('\n');
		const found = longFunctions('a.ts', text, 5).map((line) => line.replace(/^a\.ts:\d+ /, ''));
		expect(found).toEqual([
			'declared (6 lines)',
			'arrow (6 lines)',
			'expression (6 lines)',
			'C constructor (6 lines)',
			'method (6 lines)',
			'value (6 lines)',
			'C static block (6 lines)',
			'(argument of call) (6 lines)',
		]);
	});
});
