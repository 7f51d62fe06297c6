// The small search index (/search/index.json) as the build writes it, for catalogues larger than the sample:
// issue 13 wants it to grow linearly with the items and stay within 30 KB gzip at 100 items.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LifeEventSchema } from "../../core/event";
import { type Item, ItemSchema } from "../../core/item";
import { loadContent } from "../../scripts/content-files";
import { buildSearchIndex, commonCharacters, searchables } from "./search-index";

const ITEMS = loadContent(".", "items", ItemSchema, [".md", ".mdx"]).entries.map((e) => e.data);
const EVENTS = loadContent(".", "events", LifeEventSchema, [".yaml"]).entries.map((e) => ({ slug: e.id, ...e.data }));
const COMMON = commonCharacters();
const AT = new Map(COMMON.map((c, i) => [c, i]));

/**
 * The n-th copy of a sample item as if it were another guide: a new code, and its name, aliases and keywords
 * with every common character moved n × 101 places along GB 2312 — new words with new readings, less alike
 * than real guides' words (so less compressible: the sizes below err high). Conditions stay, ages with them.
 */
function copy(item: Item, n: number): Item {
	const shift = (text: string) => [...text].map((c) => (AT.has(c) ? COMMON[(AT.get(c)! + n * 101) % COMMON.length] : c)).join("");
	return {
		...item,
		code: `${item.code}-${n}`,
		name: shift(item.name),
		aliases: item.aliases.map(shift),
		keywords: item.keywords.map(shift),
	};
}

/** The gzip size of the index for the sample's items and copies of them, `count` in all, and its life events. */
function gzipSize(count: number): number {
	const items = Array.from({ length: count }, (_, i) =>
		i < ITEMS.length ? ITEMS[i] : copy(ITEMS[i % ITEMS.length], Math.floor(i / ITEMS.length)),
	);
	return gzipSync(JSON.stringify(buildSearchIndex(searchables(items, EVENTS)))).length;
}

describe("the small search index's size", () => {
	const sizes = new Map([50, 100].map((n) => [n, gzipSize(n)]));

	it("stays within 30 KB gzip at 100 items", () => {
		expect(ITEMS.length).toBeGreaterThan(20);
		expect(sizes.get(100)).toBeLessThanOrEqual(30 * 1024);
	});

	it("grows no faster than the items: twice the items, less than 2.2 times the bytes", () => {
		expect(sizes.get(100)! / sizes.get(50)!).toBeLessThan(2.2);
		expect(sizes.get(100)).toBeGreaterThan(sizes.get(50)!);
	});
});
