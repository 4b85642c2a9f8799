/**
 * The audit's aggregation on its own: templates fold digit runs, repeats from 2.x time windows add counts but
 * not distinct values, repeated page rows add nothing, and the memory bounds hold (templates, remembered values).
 */
import {describe, expect, test} from 'vitest';
import {createTally, templateOf} from '../../src/cli/audit-tally.js';

describe('templateOf', () => {
	test('runs of two or more digits become #, single digits and markers stay', () => {
		expect(templateOf('/orders/12345/item/7/[REDACTED_EMAIL]')).toBe('/orders/#/item/7/[REDACTED_EMAIL]');
		expect(templateOf('2026-12-06')).toBe('#-#-#');
		expect(templateOf('')).toBe('');
		expect(templateOf('x9')).toBe('x9');
	});
});

describe('createTally', () => {
	test('windowed repeats add counts, not distinct values; a repeated page row adds nothing', () => {
		const tally = createTally();
		tally.add({field: 'path', value: '/u/jane@example.com', count: 2, windowed: true});
		tally.add({field: 'path', value: '/u/jane@example.com', count: 3, windowed: true});
		tally.add({field: 'query', value: 'q=1', count: 4});
		tally.add({field: 'query', value: 'q=1', count: 4});
		const [path, query] = tally.fields();
		expect(path).toMatchObject({distinct: 1, count: 5, flaggedDistinct: 1, flaggedCount: 5});
		expect(path?.classes.email).toEqual({distinct: 1, count: 5, samples: ['/u/[REDACTED_EMAIL]']});
		expect(query).toMatchObject({distinct: 1, count: 4, flaggedDistinct: 0});
	});

	test('bounded: templates beyond the cap are counted as other; past maxTracked, counts are marked approximate', () => {
		const tally = createTally({templates: 2, maxTracked: 10, samples: 1});
		for (let index = 0; index < 50; index++) {
			tally.add({field: 'title', value: `Inbox of user${index}@example.com ${'x'.repeat(index)}`, count: 1});
		}
		const [title] = tally.fields();
		expect(title?.templates.size).toBe(2);
		expect(title?.otherTemplates).toBe(48);
		expect(title?.classes.email).toMatchObject({distinct: 50, count: 50});
		expect(title?.classes.email?.samples).toHaveLength(1);
		expect(tally.approximate()).toBe(true);
	});

	test('event data: the key takes part in detection (a password key), the sample shows key=redaction', () => {
		const tally = createTally();
		tally.add({field: 'event_data_value', key: 'password', value: 'hunter2hunter2', count: 1, dataType: 1});
		tally.add({field: 'event_data_value', key: 'card', value: '4111111111111111', count: 1, dataType: 2});
		const [data] = tally.fields();
		expect(data?.classes.secret?.samples).toEqual(['password=[REDACTED]']);
		expect(data?.classes.card?.samples).toEqual(['card=[REDACTED_CARD]']);
		expect(JSON.stringify(tally.fields(), (_, v: unknown) => (v instanceof Map ? [...v] : v))).not.toMatch(
			/hunter2|4111111111111111/,
		);
	});
});
