import {describe, expect, it} from 'vitest';
import {boundParams, paramNames, pickRouteTemplate} from '../../src/integrations/route-template.js';

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

describe('paramNames and boundParams (did the route answer: test/integrations/unmatched-routes.test.ts)', () => {
	it('names every parameter: :name, :"quoted", *name, {*name}, and numbers for Express 4 bare *', () => {
		expect(paramNames('/users/:id/posts/:postId')).toEqual(['id', 'postId']);
		expect(paramNames('/v1/{*path}')).toEqual(['path']);
		expect(paramNames('/files/*rest')).toEqual(['rest']);
		expect(paramNames('/a/*/b/*')).toEqual(['0', '1']);
		expect(paramNames('/q/:"odd name"')).toEqual(['odd name']);
		// Express 4 regular expressions hold no parameter of their own.
		expect(paramNames('/files/:path(.*)')).toEqual(['path']);
	});

	it('binds an optional part only when the path has it; undefined when the template does not match', () => {
		expect(boundParams('/opt{/:id}', '/opt')).toEqual([]);
		expect(boundParams('/opt{/:id}', '/opt/3')).toEqual(['id']);
		expect(boundParams('/user/:id?', '/user')).toEqual([]);
		expect(boundParams('/v1/{*path}', '/v1/a/b')).toEqual(['path']);
		expect(boundParams('/pass/*rest', '/jane@example.com')).toBeUndefined();
	});
});
