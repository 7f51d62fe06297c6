/**
 * The search page in the browser. Ranks with the small index the build wrote (/search/index.json: aliases,
 * keywords, their pinyin and ages; core/search.ts, the same ranking the Worker runs for readers without
 * JavaScript), then adds Pagefind's full-text results. Answers as the reader types; a query that finds
 * nothing shows the ways on (life events, departments, the centres' phones) and is counted, without
 * anything about the reader, so editors learn which words to add as aliases.
 */
import { type SearchIndex, searchIndex, termsLine } from "../../core/search";
import { type SearchQuery, parseQuery } from "../../core/search-query";

interface PagefindResult {
	id: string;
	score: number;
	data(): Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
	options(opts: Record<string, unknown>): Promise<void>;
	search(query: string, options?: { filters?: Record<string, string> }): Promise<{ results: PagefindResult[] }>;
}

const FILTERS = ["department", "type", "level", "online"] as const;
/** Chinese and full-width quotation marks, read as a phrase search. */
const QUOTES = /[“”「」『』＂]/g;
const MAX_RESULTS = 10;
/** Full-text searches run for a sentence: its longest meaningful words, at most this many. */
const MAX_FULL_TEXT_WORDS = 4;

interface Result {
	url: string;
	title: string;
	/** Plain text, or Pagefind's excerpt with <mark> highlights. */
	excerpt: string;
	html: boolean;
}
type Messages = Record<"loading" | "empty" | "count" | "failed" | "terms", string>;

let pagefindLoaded: Promise<Pagefind> | undefined;
let indexLoaded: Promise<SearchIndex> | undefined;

function loadPagefind(): Promise<Pagefind> {
	// Loaded at run time from the index the build wrote; never bundled.
	const url = "/pagefind/pagefind.js";
	pagefindLoaded ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (pf) => {
		await pf.options({ excerptLength: 40 });
		return pf;
	});
	return pagefindLoaded;
}

function loadIndex(): Promise<SearchIndex> {
	// Built by the site itself and parsed by the Worker with core's schema; trusted as it is here.
	indexLoaded ??= fetch("/search/index.json").then((r) => r.json() as Promise<SearchIndex>);
	return indexLoaded;
}

/** What Pagefind is asked: the phrase as typed, or for a sentence each of its meaningful words. */
function fullTextQueries(query: SearchQuery, phrase: string): string[] {
	if (query.pinyin) return [];
	if (query.words.length <= 1 || phrase.includes('"')) return [phrase];
	const long = query.words.filter((w) => w.length >= 2);
	return (long.length > 0 ? long : query.words).slice(0, MAX_FULL_TEXT_WORDS);
}

/** Pages found by more of the words first, then by Pagefind's own score. */
async function fullText(pagefind: Pagefind, queries: string[], filters: Record<string, string>): Promise<PagefindResult[]> {
	const runs = await Promise.all(queries.map((q) => pagefind.search(q, { filters })));
	// A quoted Chinese phrase can miss where the words are split differently; then search the words.
	if (queries.length === 1 && runs[0].results.length === 0 && queries[0].includes('"'))
		runs[0] = await pagefind.search(queries[0].replaceAll('"', " ").trim(), { filters });
	if (runs.length === 1) return runs[0].results;
	const byId = new Map<string, { result: PagefindResult; count: number; score: number }>();
	for (const run of runs)
		for (const r of run.results) {
			const seen = byId.get(r.id);
			if (seen) {
				seen.count++;
				seen.score += r.score;
			} else byId.set(r.id, { result: r, count: 1, score: r.score });
		}
	return [...byId.values()].sort((a, b) => b.count - a.count || b.score - a.score).map((m) => m.result);
}

export async function runSearchPage(): Promise<void> {
	const container = document.getElementById("search-results")!;
	const input = document.getElementById("search-q") as HTMLInputElement;
	const messages = JSON.parse(container.dataset.messages!) as Messages;

	document.getElementById("search-fallback")?.remove();
	const params = new URLSearchParams(location.search);
	const query = (params.get("q") ?? "").trim();
	input.value = query;
	const filters = readFilters(params);
	const baseTitle = container.dataset.title!;

	let latest = 0;
	const run = async (text: string, submitted: boolean) => {
		const seq = ++latest;
		const current = () => seq === latest;
		await search(text, filters, messages, current, submitted);
		if (current()) document.title = text ? `${text} - ${baseTitle}` : baseTitle;
	};
	input.addEventListener("input", () => {
		const text = input.value.trim();
		const url = new URL(location.href);
		if (text) url.searchParams.set("q", text);
		else url.searchParams.delete("q");
		history.replaceState(null, "", url);
		void run(text, false);
	});
	if (query) await run(query, true);
}

function readFilters(params: URLSearchParams): Record<string, string> {
	// The filters need this script, so they only appear with it.
	const filterBox = document.getElementById("search-filters") as HTMLDetailsElement;
	filterBox.hidden = false;
	const filters: Record<string, string> = {};
	for (const name of FILTERS) {
		const value = params.get(name) ?? "";
		const select = filterBox.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;
		if (value && [...select.options].some((o) => o.value === value)) {
			select.value = value;
			filters[name] = value;
			filterBox.open = true;
		}
	}
	return filters;
}

async function search(text: string, filters: Record<string, string>, messages: Messages, current: () => boolean, submitted: boolean) {
	const container = document.getElementById("search-results")!;
	const status = document.getElementById("search-status")!;
	const none = document.getElementById("search-none")!;
	container.dataset.state = "busy";
	if (!text) {
		status.textContent = "";
		document.getElementById("search-list")!.replaceChildren();
		none.hidden = true;
		container.dataset.state = "done";
		return;
	}
	status.textContent = messages.loading;
	try {
		const query = parseQuery(text);
		const phrase = text.replace(QUOTES, '"');
		const pagefind = loadPagefind();
		// The small index leads, shown at once; it knows nothing of filters, so with filters only full text counts.
		const leading =
			Object.keys(filters).length === 0
				? searchIndex(await loadIndex(), query, MAX_RESULTS).map(({ entry }) => ({
						url: entry.url,
						title: entry.title,
						excerpt: termsLine(entry, messages.terms),
						html: false,
					}))
				: [];
		if (!current()) return;
		if (leading.length > 0) show(leading, messages.count.replace("{n}", String(leading.length)), false);
		container.dataset.shown = text;
		const found = await fullText(await pagefind, fullTextQueries(query, phrase), filters);
		if (!current()) return;
		const seen = new Set(leading.map((r) => r.url));
		const data = await Promise.all(found.slice(0, MAX_RESULTS + leading.length).map((r) => r.data()));
		if (!current()) return;
		const rest = data
			.filter((d) => !seen.has(d.url))
			.map((d) => ({ url: d.url, title: d.meta.title ?? d.url, excerpt: d.excerpt, html: true }));
		const results = [...leading, ...rest].slice(0, MAX_RESULTS);
		const total = leading.length + found.length - data.filter((d) => seen.has(d.url)).length;
		if (results.length === 0) {
			show([], messages.empty.replace("{q}", text), true);
			if (submitted) countMiss(text);
		} else show(results, messages.count.replace("{n}", String(total)), false);
	} catch {
		if (current()) status.textContent = messages.failed;
	}
	if (current()) container.dataset.state = "done";
}

function show(results: Result[], statusText: string, nothing: boolean) {
	document.getElementById("search-list")!.replaceChildren(...results.map(renderResult));
	document.getElementById("search-status")!.textContent = statusText;
	document.getElementById("search-none")!.hidden = !nothing;
}

/** Counts a submitted query that found nothing (no cookie, nothing about the reader; see README, "Search"). */
function countMiss(text: string) {
	void fetch("/api/search/misses", {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ q: text }),
		keepalive: true,
	}).catch(() => undefined);
}

function renderResult(result: Result): HTMLLIElement {
	const li = document.createElement("li");
	const link = document.createElement("a");
	link.href = result.url;
	link.textContent = result.title;
	const excerpt = document.createElement("p");
	if (result.html) excerpt.append(...highlighted(result.excerpt));
	else excerpt.textContent = result.excerpt;
	li.append(link, excerpt);
	return li;
}

/** Keeps only the text and Pagefind's <mark> highlights of an excerpt; no other markup reaches the page. */
function highlighted(html: string): Node[] {
	const parsed = new DOMParser().parseFromString(html, "text/html");
	return [...parsed.body.childNodes].map((node) => {
		if (node.nodeName !== "MARK") return document.createTextNode(node.textContent ?? "");
		const mark = document.createElement("mark");
		mark.textContent = node.textContent;
		return mark;
	});
}
