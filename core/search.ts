/**
 * The small search index the build writes (/search/index.json: every guide's and life event's name,
 * aliases, keywords and their pinyin, kept small — no summaries — so it stays about 25 KB gzip at 100 items) and the one ranking both the search page's script and the Worker
 * (/search/?q= without JavaScript) run over it. Pagefind's full-text results follow these in the browser.
 */
import { z } from "zod";
import { fuzzyLetters, fuzzySyllable, pinyinInitials } from "./pinyin-key";
import type { SearchQuery } from "./search-query";

export const SearchEntrySchema = z
	.object({
		/** The guide's or life event's address (/items/dibao/). */
		url: z.string().regex(/^\/[a-z0-9/-]+\/$/),
		/** 事项名称 or the life event's name. */
		title: z.string().min(1),
		/** Words that find it: the editors' aliases (俗称) and keywords, and the event's own name. */
		terms: z.array(z.string().min(1)),
		/** Each term's toneless pinyin, one syllable per character ("di bao"); "" where a term is not all Chinese. */
		pinyin: z.array(z.string()),
		/** The youngest age its conditions name (年满80周岁 → 80), where they name one. */
		minAge: z.number().int().min(1).max(120).optional(),
	})
	.refine((e) => e.pinyin.length === e.terms.length, { message: "pinyin must have one entry per term" });
export type SearchEntry = z.infer<typeof SearchEntrySchema>;

export const SearchIndexSchema = z.object({
	entries: z.array(SearchEntrySchema),
	/**
	 * Common characters by forgiving pinyin key (fuzzySyllable): what a character typed by a pinyin keyboard
	 * or voice input may stand for (宝 → bao → 保). Only keys that occur in some term are kept.
	 */
	readings: z.record(z.string(), z.string()),
});
export type SearchIndex = z.infer<typeof SearchIndexSchema>;

/** How many of an entry's terms a result shows under its title (常用说法：低保、吃低保、办低保). */
export const SHOWN_TERMS = 4;

/** The line under a result from the small index: the first few words people use for it. */
export function termsLine(entry: SearchEntry, label: string): string {
	return entry.terms.length > 0 ? `${label}：${entry.terms.slice(0, SHOWN_TERMS).join("、")}` : "";
}

export interface SearchHit {
	entry: SearchEntry;
	score: number;
	/**
	 * Found by one of its aliases or keywords as a whole: equal to the query or inside it, by sound or by typed
	 * pinyin — not only by some words of a sentence or an age. The search page needs no full text for such a hit.
	 */
	byTerm: boolean;
}

/** What each kind of match is worth; the word weight is scaled by how rare the word is (idf). */
const WEIGHT = {
	exactTerm: 100,
	containedTerm: 30,
	homophoneTerm: 24,
	pinyinFull: 60,
	pinyinInitials: 45,
	pinyinPrefix: 30,
	word: 10,
	singleCharWord: 6,
	age: 8,
	/** An age counts for items whose minimum age it reaches, or nearly (明年就满80). */
	ageLeadYears: 2,
} as const;

interface Prepared {
	/** Per character, the forgiving pinyin keys it may be read as. */
	readings: Map<string, Set<string>>;
	/** Per entry, each term's forgiving syllables (empty where the term has no pinyin). */
	syllables: string[][][];
}

const prepared = new WeakMap<SearchIndex, Prepared>();

function prepare(index: SearchIndex): Prepared {
	let p = prepared.get(index);
	if (p) return p;
	const readings = new Map<string, Set<string>>();
	for (const [key, chars] of Object.entries(index.readings))
		for (const ch of chars) {
			const set = readings.get(ch) ?? new Set<string>();
			set.add(key);
			readings.set(ch, set);
		}
	const syllables = index.entries.map((e) => e.pinyin.map((p) => (p ? p.split(" ").map(fuzzySyllable) : [])));
	p = { readings, syllables };
	prepared.set(index, p);
	return p;
}

/** Whether an entry's terms or title contain the word, or (two characters at least) the word contains a term. */
function matchesWord(entry: SearchEntry, word: string): boolean {
	if (entry.title.includes(word)) return true;
	return entry.terms.some((t) => t.includes(word) || (word.length >= 2 && t.length >= 2 && word.includes(t)));
}

/** Each character is the term's own or sounds like it (one of its readings has the term's syllable). */
function alike(
	chars: string[],
	at: number,
	termChars: string[],
	syllables: string[],
	from: number,
	length: number,
	readings: Map<string, Set<string>>,
) {
	for (let j = 0; j < length; j++) {
		const ch = chars[at + j];
		if (ch !== termChars[from + j] && !readings.get(ch)?.has(syllables[from + j])) return false;
	}
	return true;
}

/**
 * A term heard or typed by sound: the term sounds like a run of the query (想办低宝 → 低保), or a query of
 * two characters or more sounds like a run of the term (身分证 → 办身份证).
 */
function soundsLike(chars: string[], term: string, syllables: string[], readings: Map<string, Set<string>>): boolean {
	const termChars = [...term];
	if (syllables.length < 2 || syllables.length !== termChars.length) return false;
	for (let i = 0; i + termChars.length <= chars.length; i++)
		if (alike(chars, i, termChars, syllables, 0, termChars.length, readings)) return true;
	if (chars.length < 2) return false;
	for (let i = 0; i + chars.length <= termChars.length; i++)
		if (alike(chars, 0, termChars, syllables, i, chars.length, readings)) return true;
	return false;
}

function termScore(entry: SearchEntry, terms: string[][], query: SearchQuery, p: Prepared): number {
	if (query.pinyin) {
		const key = fuzzyLetters(query.text);
		let best = 0;
		entry.pinyin.forEach((py) => {
			if (!py) return;
			const full = fuzzyLetters(py);
			if (full === key) best = Math.max(best, WEIGHT.pinyinFull);
			else if (pinyinInitials(py) === key) best = Math.max(best, WEIGHT.pinyinInitials);
			else if (key.length >= 4 && full.startsWith(key)) best = Math.max(best, WEIGHT.pinyinPrefix);
		});
		return best;
	}
	const q = query.compact;
	if (q.length < 2) return 0;
	if (entry.terms.includes(q) || entry.title === q) return WEIGHT.exactTerm;
	const contained = entry.terms.filter((t) => t.length >= 2 && q.includes(t));
	if (contained.length > 0) return WEIGHT.containedTerm + 2 * Math.max(...contained.map((t) => t.length));
	const chars = [...q];
	const heard = entry.terms.filter((t, i) => soundsLike(chars, t, terms[i], p.readings));
	return heard.length > 0 ? WEIGHT.homophoneTerm + Math.max(...heard.map((t) => t.length)) : 0;
}

function ageScore(entry: SearchEntry, age: number | null): number {
	if (age === null || entry.minAge === undefined || age < entry.minAge - WEIGHT.ageLeadYears) return 0;
	// The nearer threshold is the likelier meaning: at 80, 高龄津贴 (80) before 养老金 (60).
	return WEIGHT.age + entry.minAge / 10;
}

/**
 * The entries a query finds, best first: an alias or keyword equal to the query or inside it, the same by
 * sound (低宝 → 低保) or by typed pinyin (dibao, db), plus each meaningful word the entry matches — rarer
 * words count for more, and an entry need not match them all — plus an age its conditions allow.
 */
export function searchIndex(index: SearchIndex, query: SearchQuery, limit = 10): SearchHit[] {
	if (query.compact === "") return [];
	const p = prepare(index);
	const n = index.entries.length;
	const idf = new Map(
		query.words.map((w) => {
			const df = index.entries.filter((e) => matchesWord(e, w)).length;
			return [w, df === 0 ? 0 : Math.log2(1 + n / df)];
		}),
	);
	const hits = index.entries.map((entry, i) => {
		const term = termScore(entry, p.syllables[i], query, p);
		let score = term + ageScore(entry, query.age);
		for (const w of query.words) if (matchesWord(entry, w)) score += (w.length >= 2 ? WEIGHT.word : WEIGHT.singleCharWord) * idf.get(w)!;
		return { entry, score, byTerm: term > 0 };
	});
	return hits
		.filter((h) => h.score > 0)
		.sort((a, b) => b.score - a.score)
		.slice(0, limit);
}
