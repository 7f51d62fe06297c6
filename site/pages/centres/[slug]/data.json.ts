import type { APIRoute } from "astro";
import { centreData } from "../../../lib/centre-data";
import { loadCatalogue } from "../../../lib/content";

export async function getStaticPaths() {
	const { centres } = await loadCatalogue();
	return centres.map((c) => ({ params: { slug: c.slug } }));
}

/** One centre as data (core/centre-data.ts): read by the Worker and the pages' scripts, one township at a time. */
export const GET: APIRoute = async ({ params }) =>
	new Response(JSON.stringify(centreData(await loadCatalogue(), params.slug!)), {
		headers: { "Content-Type": "application/json; charset=utf-8" },
	});
