import type { APIRoute } from "astro";
import { loadCatalogue } from "../../lib/content";

/**
 * Every centre with its village stations and windows, as data. The Worker reads this file from the
 * built site to take a complaint (投诉建议) only about places that exist, and to name them; it is parsed
 * with core's PlacesSchema there.
 */
export const GET: APIRoute = async () => {
	const { centres, stations, departmentOf } = await loadCatalogue();
	const places = centres.map((c) => ({
		slug: c.slug,
		name: c.name,
		stations: stations.filter((s) => s.centre === c.slug).map((s) => ({ slug: s.slug, name: s.name })),
		windows: c.windows.map((w) => ({ slug: w.department, name: departmentOf(w.department).name })),
	}));
	return new Response(JSON.stringify(places), { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
