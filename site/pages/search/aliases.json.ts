import type { APIRoute } from "astro";
import { loadCatalogue } from "../../lib/content";

/**
 * The words editors list as keywords and aliases (低保, 盖房子, 新农合 …) for every guide and life
 * event. The search page puts a guide whose alias matches the query first: short colloquial words
 * split into single characters in full-text search and can sink below pages that merely share a character.
 */
export const GET: APIRoute = async () => {
	const { items, events } = await loadCatalogue();
	const entries = [
		...items.map((i) => ({ url: `/items/${i.code}/`, title: i.name, summary: i.summary, terms: [...i.aliases, ...i.keywords] })),
		...events.map((e) => ({ url: `/events/${e.slug}/`, title: e.name, summary: e.summary, terms: [e.name, ...e.keywords] })),
	];
	return new Response(JSON.stringify(entries), { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
