/**
 * A Next.js App Router route handler (`app/api/users/[id]/route.ts`) tracked with umami-guard.
 * `run.ts` next to `app/` serves it the way Next.js calls it, without a `next build`.
 */
// `next/server` in a Next.js project; this repository type-checks with NodeNext resolution, which needs the `.js`.
import {after} from 'next/server.js';
import {getAnalytics} from 'umami-guard';
import {withUmamiRoute} from 'umami-guard/next';

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL); without a website id it warns once and
// does nothing.
export const analytics = getAnalytics('next-example');

interface Context {
	params: Promise<{id: string}>;
}

// A page view of `/api/users/[id]` (Next.js does not tell a handler its file: `route` is the template).
// `after` flushes once the response has been sent, and Vercel / `next start` wait for it.
export const GET = withUmamiRoute(
	async (_request: Request, {params}: Context) => Response.json({id: (await params).id}),
	{analytics, route: '/api/users/[id]', after},
);

// A custom event named `users.update`, and one the handler tracks itself (email → [REDACTED_EMAIL]).
export const PATCH = withUmamiRoute(
	async (request: Request, {params}: Context) => {
		const {email} = (await request.json()) as {email: string};
		analytics.trackEvent('profile_updated', {email});
		return Response.json({id: (await params).id, updated: true});
	},
	{analytics, route: '/api/users/[id]', routeName: 'users.update', after},
);
