import Router from '@koa/router';
import {Controller, UseInterceptors, type NestInterceptor} from '@nestjs/common';
import express, {type RequestHandler} from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import {describe, expectTypeOf, it} from 'vitest';
import {getAnalytics} from '../../src/client/registry.js';
import {initExpress, umamiExpress} from '../../src/integrations/express.js';
import {umamiFastify} from '../../src/integrations/fastify.js';
import {umamiKoa} from '../../src/integrations/koa.js';
import {TrackRoute, UmamiInterceptor} from '../../src/integrations/nestjs.js';
import {trackRoute} from '../../src/integrations/track-route.js';

const analytics = getAnalytics<{signup: {plan: string}}>('types');

describe('express (types of express 5; express 4 shares them through @types/express-serve-static-core)', () => {
	it('fits app.use and per-route middleware; the instance is not patched', () => {
		const app = express();
		app.use(umamiExpress(analytics));
		app.use(umamiExpress());
		initExpress(app, analytics, {sampleRate: 0.5});
		app.use(umamiExpress(analytics, {mode: 'event'}));
		// @ts-expect-error -- one factory per framework: no methods patched onto the instance
		analytics.express();
		app.get('/api/generate', trackRoute('api.generate'), (_req, res) => {
			res.json({ok: true});
		});
		expectTypeOf(umamiExpress(analytics)).toExtend<RequestHandler>();
		expectTypeOf(trackRoute('x')).toExtend<RequestHandler>();
	});
});

describe('fastify', () => {
	it('registers as a plugin, with options and bound', async () => {
		const app = Fastify();
		await app.register(umamiFastify, {analytics, ignorePaths: ['/internal/*']});
		await app.register(umamiFastify);
		await app.register(umamiFastify, {analytics, mode: 'event'});
		// @ts-expect-error -- unknown option values are refused
		await app.register(umamiFastify, {sampleRate: 'all'});
	});
});

describe('koa', () => {
	it('is a Koa middleware', () => {
		const app = new Koa();
		app.use(umamiKoa(analytics));
		app.use(umamiKoa(analytics, {mode: 'event'}));
		app.use(new Router().routes());
	});
});

describe('nestjs', () => {
	it('fits NestInterceptor, UseInterceptors and MethodDecorator', () => {
		expectTypeOf(new UmamiInterceptor(analytics)).toExtend<NestInterceptor>();
		UseInterceptors(UmamiInterceptor, new UmamiInterceptor());
		expectTypeOf(TrackRoute('api.generate')).toEqualTypeOf<MethodDecorator>();
		expectTypeOf(trackRoute('api.generate')).toExtend<MethodDecorator>();
		Controller('users');
	});
});

describe('trackRoute', () => {
	it('keeps the type of a wrapped handler', () => {
		const handler = trackRoute('web')(async (request: Request) => new Response(request.url));
		expectTypeOf(handler).toEqualTypeOf<(request: Request) => Promise<Response>>();
	});

	it('decorates methods with TC39 decorators', () => {
		class Service {
			@trackRoute('jobs.run')
			async run(id: number): Promise<number> {
				return id;
			}
		}
		expectTypeOf(new Service().run).toEqualTypeOf<(id: number) => Promise<number>>();
	});
});
