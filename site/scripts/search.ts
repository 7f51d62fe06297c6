/**
 * The search page in the browser: reads ?q=, asks the Pagefind index built with the site,
 * and lists the matching guides. The page itself (form, links) works without this script.
 */

interface PagefindResult {
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

interface AliasEntry {
	url: string;
	title: string;
	summary: string;
	terms: string[];
}
interface Result {
	url: string;
	title: string;
	excerpt: string;
}

/**
 * Guides whose editor-given aliases match the query: an alias equal to the query first, then an
 * alias the query contains (吃低保 → 低保) or that contains the query. Two characters at least, so a
 * single character matches nothing here.
 */
export function aliasMatches(entries: AliasEntry[], query: string): Result[] {
	const q = query.replace(/[\s"]/g, "");
	if (q.length < 2) return [];
	const score = (e: AliasEntry) => {
		const terms = e.terms.filter((t) => t.length >= 2);
		if (terms.includes(q)) return 2;
		if (terms.some((t) => q.includes(t) || t.includes(q))) return 1;
		return 0;
	};
	return entries
		.map((e) => ({ e, s: score(e) }))
		.filter(({ s }) => s > 0)
		.sort((a, b) => b.s - a.s)
		.map(({ e }) => ({ url: e.url, title: e.title, excerpt: escapeText(e.summary) }));
}

function escapeText(text: string): string {
	return text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);
}

export async function runSearchPage(): Promise<void> {
	const container = document.getElementById("search-results")!;
	const status = document.getElementById("search-status")!;
	const list = document.getElementById("search-list")!;
	const input = document.getElementById("search-q") as HTMLInputElement;
	const messages = JSON.parse(container.dataset.messages!) as Record<"loading" | "empty" | "count" | "failed", string>;

	document.getElementById("search-fallback")?.remove();
	const params = new URLSearchParams(location.search);
	const query = (params.get("q") ?? "").trim();
	input.value = query;
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
	if (!query) return;
	document.title = `${query} - ${document.title}`;
	status.textContent = messages.loading;

	try {
		// Loaded at run time from the index the build wrote; never bundled.
		const pagefindUrl = "/pagefind/pagefind.js";
		const [pagefind, aliases] = await Promise.all([
			import(/* @vite-ignore */ pagefindUrl) as Promise<Pagefind>,
			fetch("/search/aliases.json").then((r) => r.json() as Promise<AliasEntry[]>),
		]);
		await pagefind.options({ excerptLength: 40 });
		const phrase = query.replace(QUOTES, '"');
		let search = await pagefind.search(phrase, { filters });
		// A quoted Chinese phrase can miss where the words are split differently; then search the words.
		if (search.results.length === 0 && phrase.includes('"'))
			search = await pagefind.search(phrase.replaceAll('"', " ").trim(), { filters });
		const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
		// Alias matches lead only without filters: the alias list knows nothing of filters.
		const leading = Object.keys(filters).length === 0 ? aliasMatches(aliases, phrase) : [];
		const seen = new Set(leading.map((r) => r.url));
		const fullText = found.filter((r) => !seen.has(r.url)).map((r) => ({ url: r.url, title: r.meta.title ?? r.url, excerpt: r.excerpt }));
		const results = [...leading, ...fullText].slice(0, MAX_RESULTS);
		list.replaceChildren(...results.map(renderResult));
		const total = leading.length + search.results.length - found.filter((r) => seen.has(r.url)).length;
		status.textContent = results.length === 0 ? messages.empty.replace("{q}", query) : messages.count.replace("{n}", String(total));
	} catch {
		status.textContent = messages.failed;
	}
}

function renderResult(result: Result): HTMLLIElement {
	const li = document.createElement("li");
	const link = document.createElement("a");
	link.href = result.url;
	link.textContent = result.title;
	const excerpt = document.createElement("p");
	excerpt.append(...highlighted(result.excerpt));
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
