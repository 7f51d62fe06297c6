import { pinyin } from "pinyin-pro";
import { fuzzySyllable } from "../../core/pinyin-key";
import type { LifeEvent } from "../../core/event";
import type { Item } from "../../core/item";
import { type SearchEntry, type SearchIndex, SearchIndexSchema } from "../../core/search";
import { chineseNumber } from "../../core/search-query";

/** What the build knows of a guide or life event that search needs. */
export interface Searchable {
	url: string;
	title: string;
	terms: string[];
	/** 受理条件, read for an age (年满80周岁). */
	conditions?: string[];
}

const HAN = /^\p{Script=Han}+$/u;
const MIN_AGE = /年满(\d{1,3}|[一二两三四五六七八九十百零]{1,5})周?岁/;

/** Toneless pinyin of a term, one syllable per character, ü as v; "" when the term is not all Chinese. */
export function termPinyin(term: string): string {
	if (!HAN.test(term)) return "";
	const syllables = pinyin(term, { toneType: "none", type: "array", v: true });
	return syllables.length === [...term].length ? syllables.join(" ") : "";
}

/** The youngest age the conditions name (年满80周岁, 年满十六周岁), if any. */
export function minAgeOf(conditions: string[]): number | undefined {
	for (const c of conditions) {
		const m = MIN_AGE.exec(c);
		const n = m && (/^\d+$/.test(m[1]) ? Number(m[1]) : chineseNumber(m[1]));
		if (n && n >= 1 && n <= 120) return n;
	}
	return undefined;
}

/** What search knows of each guide (its aliases, keywords and conditions) and each life event (name, keywords). */
export function searchables(
	items: Pick<Item, "code" | "name" | "aliases" | "keywords" | "conditions">[],
	events: (Pick<LifeEvent, "name" | "keywords"> & { slug: string })[],
): Searchable[] {
	return [
		...items.map((i) => ({ url: `/items/${i.code}/`, title: i.name, terms: [...i.aliases, ...i.keywords], conditions: i.conditions })),
		...events.map((e) => ({ url: `/events/${e.slug}/`, title: e.name, terms: [e.name, ...e.keywords] })),
	];
}

/** The 3,755 level-1 characters of GB 2312: the common characters a keyboard or voice input offers first. */
export function commonCharacters(): string[] {
	const decoder = new TextDecoder("gb18030");
	const chars: string[] = [];
	for (let hi = 0xb0; hi <= 0xd7; hi++)
		for (let lo = 0xa1; lo <= 0xfe; lo++) {
			if (hi === 0xd7 && lo > 0xf9) break;
			chars.push(decoder.decode(new Uint8Array([hi, lo])));
		}
	return chars;
}

/**
 * The index /search/index.json serves: each entry's terms with their pinyin and its minimum age, and the
 * readings of the common characters (plus the terms' own) under every pinyin key some term uses.
 */
export function buildSearchIndex(list: Searchable[]): SearchIndex {
	const entries: SearchEntry[] = list.map((s) => {
		const terms = [...new Set(s.terms.map((t) => t.trim()).filter(Boolean))];
		const minAge = s.conditions ? minAgeOf(s.conditions) : undefined;
		return { url: s.url, title: s.title, terms, pinyin: terms.map(termPinyin), ...(minAge ? { minAge } : {}) };
	});
	const keys = new Set(entries.flatMap((e) => e.pinyin.flatMap((p) => (p ? p.split(" ").map(fuzzySyllable) : []))));
	const chars = new Set([...commonCharacters(), ...entries.flatMap((e) => e.terms.flatMap((t) => [...t]))]);
	const byKey = new Map<string, string>();
	for (const ch of chars) {
		if (!HAN.test(ch)) continue;
		const readings = new Set(pinyin(ch, { toneType: "none", type: "array", multiple: true, v: true }).map(fuzzySyllable));
		for (const key of readings) if (keys.has(key)) byKey.set(key, (byKey.get(key) ?? "") + ch);
	}
	const readings = Object.fromEntries([...byKey].sort(([a], [b]) => a.localeCompare(b)));
	return SearchIndexSchema.parse({ entries, readings });
}
