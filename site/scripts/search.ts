/**
 * The search page in the browser: reads ?q=, asks the Pagefind index built with the site,
 * and lists the matching guides. The page itself (form, links) works without this script.
 */

interface PagefindResult {
	data(): Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
	options(opts: Record<string, unknown>): Promise<void>;
	search(query: string): Promise<{ results: PagefindResult[] }>;
}

const MAX_RESULTS = 10;

export async function runSearchPage(): Promise<void> {
	const container = document.getElementById("search-results")!;
	const status = document.getElementById("search-status")!;
	const list = document.getElementById("search-list")!;
	const input = document.getElementById("search-q") as HTMLInputElement;
	const messages = JSON.parse(container.dataset.messages!) as Record<"loading" | "empty" | "count" | "failed", string>;

	document.getElementById("search-fallback")?.remove();
	const query = (new URLSearchParams(location.search).get("q") ?? "").trim();
	input.value = query;
	if (!query) return;
	document.title = `${query} - ${document.title}`;
	status.textContent = messages.loading;

	try {
		// Loaded at run time from the index the build wrote; never bundled.
		const pagefindUrl = "/pagefind/pagefind.js";
		const pagefind = (await import(/* @vite-ignore */ pagefindUrl)) as Pagefind;
		await pagefind.options({ excerptLength: 40 });
		const search = await pagefind.search(query);
		const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
		list.replaceChildren(...results.map(renderResult));
		status.textContent =
			results.length === 0 ? messages.empty.replace("{q}", query) : messages.count.replace("{n}", String(search.results.length));
	} catch {
		status.textContent = messages.failed;
	}
}

function renderResult(result: { url: string; excerpt: string; meta: { title?: string } }): HTMLLIElement {
	const li = document.createElement("li");
	const link = document.createElement("a");
	link.href = result.url;
	link.textContent = result.meta.title ?? result.url;
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
