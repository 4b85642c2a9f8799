/**
 * @faker-js/faker's locale instances, seeded from our PRNG before every use so a case depends only on the split's
 * seed, not on the order generators run in.
 */
import {allFakers, type Faker} from '@faker-js/faker';
import type {Rng} from './random.js';

/** Every faker locale except the data-less `base` and the joke locales. */
export const LOCALES: readonly string[] = Object.keys(allFakers)
	.filter((l) => !['base', 'en_BORK', 'en_AU_ocker'].includes(l))
	.sort();

/** The faker of `locale`, reseeded from `rng`. */
export function fakerFor(locale: string, rng: Rng): Faker {
	const f = (allFakers as Record<string, Faker>)[locale];
	if (!f) throw new Error(`no faker locale ${locale}`);
	f.seed(rng.seed());
	return f;
}

/** A login name as people choose them, ASCII (faker transliterates non-Latin names), at least 4 characters. */
export function usernameOf(f: Faker, rng: Rng): string {
	for (let i = 0; i < 10; i++) {
		const first = f.person.firstName();
		const last = f.person.lastName();
		const u = rng.chance(0.5)
			? f.internet.username({firstName: first, lastName: last})
			: f.internet
					.username({firstName: first, lastName: last})
					.toLowerCase()
					.replace(/[._]\d*$/, '');
		if (/^[a-z0-9][\w.-]{3,}$/i.test(u)) return u;
	}
	return `user${rng.int(1000, 9999)}`;
}
