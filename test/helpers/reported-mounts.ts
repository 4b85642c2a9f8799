/**
 * The Express routes of the new user's report on mounted routers, shared by the local-sink and the real-Umami
 * tests: `app.use('/people/:name', router)` with `router.get('/products/:id')`, and
 * `app.use('/api/:tenant/v1', v1)` with `v1.get('/orders/:orderId')`; each route answers `ok`.
 */

/** The part of an Express app or router (4 or 5) used here. */
export interface MountTarget {
	use(...args: unknown[]): unknown;
	get(path: string, handler: (req: unknown, res: {send(body: string): void}) => void): unknown;
}

/** Mounts the two reported routers on `app`, built with `newRouter` (`express.Router`). */
export function mountReportedRouters(app: MountTarget, newRouter: () => MountTarget): void {
	const people = newRouter();
	people.get('/products/:id', (_req, res) => res.send('ok'));
	app.use('/people/:name', people);
	const v1 = newRouter();
	v1.get('/orders/:orderId', (_req, res) => res.send('ok'));
	app.use('/api/:tenant/v1', v1);
}
