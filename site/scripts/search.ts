/**
 * The search page in the browser. Ranks with the small index the build wrote (/search/index.json: aliases,
 * keywords, their pinyin and ages; core/search.ts, the same ranking the Worker runs for readers without
 * JavaScript) on every keystroke, since it is local data. Pagefind's full text costs fetches (its engine,
 * index chunks, one excerpt file per result), so it waits until typing pauses and never runs on a pinyin
 * input method's unfinished composition; when the small index found the query by an alias or keyword the
 * full text waits for the reader to ask, and its results load a few at a time. A query that finds nothing
 * shows the ways on (life events, departments, the centres' phones) and is counted, without anything about
 * the reader, so editors learn which words to add as aliases.
 */
import { type SearchHit, type SearchIndex, searchIndex, termsLine } from "../../core/search";
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
/** Results the small index shows at most. */
const MAX_RESULTS = 10;
/** Full-text searches run for a sentence: its longest meaningful words, at most this many. */
const MAX_FULL_TEXT_WORDS = 4;
/** How long typing must pause before the full text is searched. */
const FULL_TEXT_PAUSE_MS = 250;
/** Full-text results loaded at a time (one excerpt file each); the rest on request. */
const FULL_TEXT_PAGE = 5;

interface Result {
	url: string;
	title: string;
	/** Plain text, or Pagefind's excerpt with <mark> highlights. */
	excerpt: string;
	html: boolean;
}
type Messages = Record<"loading" | "empty" | "count" | "failed" | "terms" | "fullText" | "more", string>;

/** The query on the page and how far its full text has been read. */
interface Shown {
	text: string;
	results: Result[];
	/** What Pagefind is asked for this query; none for typed pinyin. */
	fullTextQueries: string[];
	/** Full-text matches not loaded yet, best first; undefined while the full text has not been searched. */
	rest?: PagefindResult[];
	/** Results in all: the small index's and the full text's that are not among them. */
	total: number;
}

let pagefindLoaded: Promise<Pagefind> | undefined;
let indexLoaded: Promise<SearchIndex> | undefined;

function loadPagefind(): Promise<Pagefind> {
	// Loaded at run time from the index the build wrote; never bundled. Pagefind searches in its web worker, so
	// unpacking its engine and index never holds up the page while the reader types on.
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
	await new SearchPage().start();
}

class SearchPage {
	private readonly container = document.getElementById("search-results")!;
	private readonly input = document.getElementById("search-q") as HTMLInputElement;
	private readonly more = document.getElementById("search-more") as HTMLButtonElement;
	private readonly messages = JSON.parse(this.container.dataset.messages!) as Messages;
	private readonly baseTitle = this.container.dataset.title!;
	private filters: Record<string, string> = {};
	private shown: Shown | undefined;
	/** Bumped by every new query; work for an older one stops at its next step. */
	private latest = 0;
	/** Ends the wait for a pause in typing early, when a newer query makes it moot. */
	private wake: (() => void) | undefined;
	private typed = "";

	async start() {
		document.getElementById("search-fallback")?.remove();
		const params = new URLSearchParams(location.search);
		this.typed = (params.get("q") ?? "").trim();
		this.input.value = this.typed;
		this.filters = readFilters(params);
		// Small (about 12 KB gzip) and needed by any query: fetched now, so the first keystroke is answered at once.
		void loadIndex().catch(() => undefined);
		// A pinyin input method composes 低保 through d, di, dib…: only the committed text is searched.
		this.input.addEventListener("input", (e) => {
			if (!e.isComposing) this.typing();
		});
		this.input.addEventListener("compositionend", () => this.typing());
		this.more.addEventListener("click", () => void this.readMore());
		if (this.typed) await this.search(this.typed, true);
	}

	private typing() {
		const text = this.input.value.trim();
		// Browsers differ in whether an input event follows compositionend: one search per text.
		if (text === this.typed) return;
		this.typed = text;
		const url = new URL(location.href);
		if (text) url.searchParams.set("q", text);
		else url.searchParams.delete("q");
		history.replaceState(null, "", url);
		void this.search(text, false);
	}

	/** The small index's results at once, then the full text when the small index found nothing. */
	private async search(text: string, submitted: boolean) {
		const seq = ++this.latest;
		this.wake?.();
		this.container.dataset.state = "busy";
		document.title = text ? `${text} - ${this.baseTitle}` : this.baseTitle;
		if (!text) {
			this.shown = undefined;
			this.show([], "", false);
			this.container.dataset.state = "done";
			return;
		}
		try {
			const query = parseQuery(text);
			// The small index knows nothing of filters: with filters only the full text counts.
			const filtered = Object.keys(this.filters).length > 0;
			const hits = filtered ? [] : searchIndex(await loadIndex(), query, MAX_RESULTS);
			if (seq !== this.latest) return;
			const results = hits.map((h) => this.fromIndex(h));
			const queries = fullTextQueries(query, text.replace(QUOTES, '"'));
			this.shown = { text, results, fullTextQueries: queries, total: results.length };
			this.showCount(results.length > 0 ? this.count() : this.messages.loading);
			this.container.dataset.shown = text;
			// The full text (about 100 KB of engine and index before any excerpt) runs by itself only when the small
			// index found nothing; otherwise the reader asks for it with the button. Pinyin has no full text.
			if (queries.length > 0 && hits.length === 0) {
				if (!submitted) await this.typingPause();
				if (seq !== this.latest) return;
				await this.searchFullText(seq, false);
			}
			if (seq !== this.latest) return;
			this.settle(submitted);
		} catch {
			if (seq === this.latest) this.showCount(this.messages.failed);
		}
		if (seq === this.latest) this.container.dataset.state = "done";
	}

	private typingPause(): Promise<void> {
		return new Promise((resolve) => {
			this.wake = resolve;
			setTimeout(resolve, FULL_TEXT_PAUSE_MS);
		});
	}

	/** Searches the full text of the query shown and loads its first page. */
	private async searchFullText(seq: number, asked: boolean) {
		const shown = this.shown!;
		const found = await fullText(await loadPagefind(), shown.fullTextQueries, this.filters);
		if (seq !== this.latest) return;
		shown.rest = found;
		shown.total += found.length;
		await this.loadPage(seq, asked);
	}

	/**
	 * Loads the excerpts of the next few full-text matches (one fetch each) and adds the pages not shown yet.
	 * When the reader asked (the button), another few while all of them were shown already, so the click adds
	 * something; otherwise the full text's best pages are often the small index's, and the button offers more.
	 */
	private async loadPage(seq: number, asked: boolean) {
		const shown = this.shown!;
		const rest = shown.rest!;
		const seen = new Set(shown.results.map((r) => r.url));
		let added = 0;
		do {
			const data = await Promise.all(rest.splice(0, FULL_TEXT_PAGE).map((r) => r.data()));
			if (seq !== this.latest) return;
			for (const d of data)
				if (seen.has(d.url)) shown.total--;
				else {
					seen.add(d.url);
					shown.results.push({ url: d.url, title: d.meta.title ?? d.url, excerpt: d.excerpt, html: true });
					added++;
				}
		} while (asked && added === 0 && rest.length > 0);
	}

	/** The final state of the query shown: its results and the button for more, or the ways on. */
	private settle(submitted: boolean) {
		const shown = this.shown!;
		if (shown.results.length === 0) {
			this.show([], this.messages.empty.replace("{q}", shown.text), true);
			if (submitted) countMiss(shown.text);
			return;
		}
		this.show(shown.results, this.count(), false);
		const unsearched = shown.rest === undefined && shown.fullTextQueries.length > 0;
		this.more.hidden = !unsearched && !shown.rest?.length;
		this.more.textContent = unsearched ? this.messages.fullText.replace("{q}", shown.text) : this.messages.more;
		this.more.dataset.action = unsearched ? "full-text" : "more";
	}

	/** The button: search the full text the small index made wait, or load its next page. */
	private async readMore() {
		const shown = this.shown;
		if (!shown) return;
		const seq = this.latest;
		const before = shown.results.length;
		this.container.dataset.state = "busy";
		this.more.disabled = true;
		try {
			if (shown.rest === undefined) await this.searchFullText(seq, true);
			else await this.loadPage(seq, true);
			if (seq !== this.latest) return;
			this.settle(false);
			// Keyboard and screen reader users continue at the first new result (or the last one there is).
			const links = document.querySelectorAll<HTMLAnchorElement>("#search-list a");
			links[Math.min(before, links.length - 1)]?.focus();
		} catch {
			if (seq === this.latest) this.showCount(this.messages.failed);
		} finally {
			this.more.disabled = false;
			if (seq === this.latest) this.container.dataset.state = "done";
		}
	}

	private fromIndex({ entry }: SearchHit): Result {
		return { url: entry.url, title: entry.title, excerpt: termsLine(entry, this.messages.terms), html: false };
	}

	private count(): string {
		return this.messages.count.replace("{n}", String(this.shown!.total));
	}

	private showCount(text: string) {
		this.show(this.shown?.results ?? [], text, false);
	}

	private show(results: Result[], statusText: string, nothing: boolean) {
		document.getElementById("search-list")!.replaceChildren(...results.map(renderResult));
		document.getElementById("search-status")!.textContent = statusText;
		document.getElementById("search-none")!.hidden = !nothing;
		this.more.hidden = true;
	}
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
