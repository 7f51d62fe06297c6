import type { APIRoute } from "astro";
import { getCollection } from "astro:content";

/**
 * The working-day calendar (public holidays and 调休 workdays per year) as data: the Worker runs
 * every case's legal clock on it, so a new year's notice is a content change, not a code change.
 */
export const GET: APIRoute = async () => {
	const years = (await getCollection("calendar")).map((e) => e.data).sort((a, b) => a.year - b.year);
	return new Response(JSON.stringify(years), { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
