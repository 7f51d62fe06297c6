import type { APIRoute } from "astro";
import { loadCatalogue } from "../../lib/content";
import { buildSearchIndex, searchables } from "../../lib/search-index";

/**
 * The small search index (core/search.ts): every guide's and life event's aliases and keywords with their
 * pinyin, the age its conditions name, and the readings of common characters. The search page's script and
 * the Worker's /search/?q= (without JavaScript) both rank with it; Pagefind adds the full text in the browser.
 */
export const GET: APIRoute = async () => {
	const { items, events } = await loadCatalogue();
	const index = buildSearchIndex(searchables(items, events));
	return new Response(JSON.stringify(index), { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
