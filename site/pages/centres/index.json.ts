import type { APIRoute } from "astro";
import { centreIndex } from "../../lib/centre-data";
import { loadCatalogue } from "../../lib/content";

/** Every centre by name (core/centre-data.ts CentreIndexSchema): the township choice. */
export const GET: APIRoute = async () =>
	new Response(JSON.stringify(centreIndex(await loadCatalogue())), { headers: { "Content-Type": "application/json; charset=utf-8" } });
