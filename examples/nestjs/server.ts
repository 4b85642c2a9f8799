/**
 * NestJS 11 (Express adapter) with umami-guard: a global `UmamiInterceptor` for handled requests, plus
 * `umamiExpress` for the requests no handler meets (404s); each request is tracked once.
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/nestjs/server.ts
 *   npx tsx examples/nestjs/server.ts --self-test
 *
 * In a Nest project (tsc with `experimentalDecorators` and `emitDecoratorMetadata`) the controller reads:
 *
 *   @Controller()
 *   class AppController {
 *     @Get('users/:id') user(@Param('id') id: string) { return {id}; }
 *     @Post('signup') @TrackRoute('signup') signup(@Body() body: SignupBody) { … }
 *     @Get('health') health() { return 'ok'; }
 *   }
 *
 * tsx (esbuild) does not emit decorator metadata and this repository type-checks with TC39 decorators, so
 * the example applies the very same decorators the way `tsc` compiles them: `Reflect.decorate(…)`.
 */
import 'reflect-metadata';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {Body, Controller, Get, HttpCode, Module, Param, Post} from '@nestjs/common';
import {NestFactory} from '@nestjs/core';
import {getAnalytics} from 'umami-guard';
import {umamiExpress} from 'umami-guard/express';
import {TrackRoute, UmamiInterceptor} from 'umami-guard/nestjs';
import {port, runSelfTest, selfTest} from '../self-test.js';

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL); without a website id it warns once and
// does nothing.
const analytics = getAnalytics('nestjs-example');

class AppController {
	user(id: string): {id: string} {
		return {id}; // stored as /users/:id
	}
	signup(body: {email: string; plan: string}): {ok: boolean} {
		// @TrackRoute('signup'): the request itself becomes the custom event `signup`; its own properties
		// can be tracked too (email → [REDACTED_EMAIL]).
		analytics.trackEvent('signup_details', {plan: body.plan, email: body.email});
		return {ok: true};
	}
	health(): string {
		return 'ok'; // health checks are ignored
	}
}

function decorate(key: keyof AppController, decorators: MethodDecorator[]): void {
	const target = AppController.prototype;
	const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
	Object.defineProperty(target, key, Reflect.decorate(decorators, target, key, descriptor) ?? descriptor);
}
decorate('user', [Get('users/:id')]);
Param('id')(AppController.prototype, 'user', 0);
decorate('signup', [Post('signup'), HttpCode(201), TrackRoute('signup')]);
Body()(AppController.prototype, 'signup', 0);
decorate('health', [Get('health')]);
Reflect.decorate([Controller()], AppController);

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is an empty class with metadata
class AppModule {}
Module({controllers: [AppController]})(AppModule);

const app = await NestFactory.create(AppModule, {logger: ['error', 'warn']});
app.use(umamiExpress(analytics)); // 404s never meet an interceptor
app.useGlobalInterceptors(new UmamiInterceptor(analytics));
await app.listen(port, '127.0.0.1');
const url = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
console.log(`nestjs example listening on ${url}`);
if (selfTest) await runSelfTest('nestjs', url, analytics, () => app.close());

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void Promise.all([analytics.shutdown(), app.close()]).then(() => process.exit(0));
});
