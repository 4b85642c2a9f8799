/**
 * Bot filtering: Umami stores nothing for a User-Agent its `isbot` test calls a bot, so such an event is
 * dropped before it is queued. The answers are cached: the same few User-Agents repeat.
 */
import {isbot} from 'isbot';

/** Most User-Agents remembered before the cache starts over. */
const MAX_CACHED = 1000;

/** Umami's own bot test (the `isbot` package), cached per User-Agent. */
export class BotTest {
	readonly #bots = new Map<string, boolean>();

	/** Whether Umami would take `userAgent` for a bot. */
	isBot(userAgent: string): boolean {
		let bot = this.#bots.get(userAgent);
		if (bot === undefined) {
			bot = isbot(userAgent);
			if (this.#bots.size >= MAX_CACHED) this.#bots.clear();
			this.#bots.set(userAgent, bot);
		}
		return bot;
	}
}
