import {describe, expect, it} from 'vitest';
import {pickRouteTemplate} from '../../src/integrations/route-template.js';

describe('pickRouteTemplate (array routes)', () => {
	it('picks the entry that matches, in order, literal segments case-insensitively', () => {
		const templates = ['/view', '/view/*rest'];
		expect(pickRouteTemplate(templates, '/view')).toBe('/view');
		expect(pickRouteTemplate(templates, '/VIEW/')).toBe('/view');
		expect(pickRouteTemplate(templates, '/view/a/b?x=1')).toBe('/view/*rest');
		expect(pickRouteTemplate(['/a/:id', '/b/:id/c'], '/b/42/c')).toBe('/b/:id/c');
	});

	it("knows Express 5's {optional} groups and Express 4's :param?", () => {
		expect(pickRouteTemplate(['/x', '/files{/:name}'], '/files')).toBe('/files{/:name}');
		expect(pickRouteTemplate(['/x', '/files{/:name}'], '/files/a')).toBe('/files{/:name}');
		expect(pickRouteTemplate(['/x', '/user/:id?'], '/user')).toBe('/user/:id?');
		expect(pickRouteTemplate(['/x', '/user/:id?'], '/user/7')).toBe('/user/:id?');
	});

	it('falls back to the first string template, and to none without strings', () => {
		expect(pickRouteTemplate([/regex/, '/a', '/b'], '/unknown/syntax')).toBe('/a');
		expect(pickRouteTemplate([/regex/], '/a')).toBeUndefined();
	});
});
