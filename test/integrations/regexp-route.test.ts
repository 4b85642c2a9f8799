import {describe, expect, it} from 'vitest';
import {regexpTemplate} from '../../src/integrations/regexp-route.js';

describe('regexpTemplate: the template of a RegExp path, from its source alone', () => {
	it.each([
		[/^\/re\/(.+)$/, '/re/*'],
		[/^\/api\/v1\/items$/, '/api/v1/items'],
		[/^\/api\/v1\/items\/?$/, '/api/v1/*'],
		[/^\/files\/([^/]+)$/, '/files/*'],
		[/^\/user(\d+)/, '/*'],
		[/^\/users\/\d+$/, '/users/*'],
		[/^\/colou?r\/x$/, '/*'],
		[/^\/a\/b+\/c$/, '/a/*'],
		[/^\/api/, '/api'],
		[/^\/$/, '/'],
		[/\/re\/(.+)$/, '/*'],
		[/^\/admin|\/public/, '/*'],
		[/^\/(?:admin|public)\/x$/, '/*'],
		[/^\/docs\/(?:a|b)$/, '/docs/*'],
		[/^\/v\.1\/x$/i, '/v.1/x'],
	])('%s → %s', (expression, template) => {
		expect(regexpTemplate(expression)).toBe(template);
	});

	it('never contains `?` or `#` (they would split the URL Umami stores)', () => {
		for (const expression of [/^\/a\?b$/, /^\/a#b$/, /^\/a(?:bc)?$/]) {
			expect(regexpTemplate(expression)).not.toMatch(/[?#]/);
		}
	});

	it('reads each character of the source once (adversarial sources)', () => {
		// Linear scans: 100,000-character sources of the shapes that would make a backtracking reader slow.
		for (const source of [
			`^${'\\/a'.repeat(50_000)}$`,
			`^${'(a)'.repeat(30_000)}|x`,
			`^${'[|'.repeat(50_000)}]`,
			`^${'a'.repeat(100_000)}?`,
		]) {
			expect(typeof regexpTemplate(new RegExp(source))).toBe('string');
		}
	});
});
