/**
 * The template of a route or mount path given as a RegExp (`app.get(/^\/re\/(.+)$/, …)`). A RegExp is not a
 * path, and the text it matched may hold anything the expression lets through, so the template is built from
 * the expression's source alone, never from the request: its literal start (whole segments only), then `/*`
 * when the expression goes on. `/^\/re\/(.+)$/` → `/re/*`; `/^\/api\/v1\/items$/` → `/api/v1/items`;
 * `/^\/user(\d+)/` → `/*` (the segment `user…` is not literal to its end); an expression not anchored
 * with `^`, or with a top-level `|`, → `/*`.
 */

/** Characters taken as literal path text when they are not followed by a quantifier. */
function isPlainChar(code: number): boolean {
	return (
		(code >= 0x30 && code <= 0x39) || // 0-9
		(code >= 0x41 && code <= 0x5a) || // A-Z
		(code >= 0x61 && code <= 0x7a) || // a-z
		code === 0x2d || // -
		code === 0x5f || // _
		code === 0x7e // ~
	);
}

/** Punctuation that stands for itself once escaped (`\/`, `\.`, `\-`). */
const ESCAPED_LITERALS = new Set(['/', '.', '-', '_', '~']);
const QUANTIFIERS = new Set(['?', '*', '+', '{']);

/** Whether `source` has a `|` outside every group and character class (then `^` anchors one branch only). */
function hasTopLevelAlternative(source: string): boolean {
	let depth = 0;
	let inClass = false;
	for (let index = 0; index < source.length; index++) {
		const char = source[index];
		if (char === '\\') index++;
		else if (inClass) inClass = char !== ']';
		else if (char === '[') inClass = true;
		else if (char === '(') depth++;
		else if (char === ')') depth--;
		else if (char === '|' && depth === 0) return true;
	}
	return false;
}

/** The literal text at the start of an anchored `source`, and whether the whole expression is that text. */
function literalStart(source: string): {text: string; complete: boolean} {
	let text = '';
	let index = 1; // after `^`
	while (index < source.length) {
		const char = source[index]!;
		let literal: string | undefined;
		let width = 1;
		if (char === '\\' && ESCAPED_LITERALS.has(source[index + 1] ?? '')) {
			literal = source[index + 1];
			width = 2;
		} else if (char === '/' || isPlainChar(char.charCodeAt(0))) {
			literal = char;
		} else if (char === '$' && index === source.length - 1) {
			return {text, complete: true};
		}
		if (literal === undefined || QUANTIFIERS.has(source[index + width] ?? '')) break;
		text += literal;
		index += width;
	}
	return {text, complete: index >= source.length};
}

const templates = new WeakMap<RegExp, string>();

/** The template of a RegExp path (see the module comment); computed once per expression. */
export function regexpTemplate(expression: RegExp): string {
	const known = templates.get(expression);
	if (known !== undefined) return known;
	const source = expression.source;
	let template = '/*';
	if (source.startsWith('^') && !hasTopLevelAlternative(source)) {
		const {text, complete} = literalStart(source);
		if (complete && text.startsWith('/'))
			template = text.length > 1 && text.endsWith('/') ? text.slice(0, -1) : text;
		else {
			const lastSlash = text.lastIndexOf('/');
			template = lastSlash <= 0 ? '/*' : `${text.slice(0, lastSlash)}/*`;
		}
	}
	templates.set(expression, template);
	return template;
}
