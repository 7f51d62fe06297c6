import type { Places } from "../../../core/complaint";
import { centreData, centreIndex } from "./centre-data";

/**
 * Places as the complaint check and the performance pages name them: every centre by name
 * (/centres/index.json), and the village stations and windows of only the centres asked for (each its
 * /centres/<slug>/data.json, kept per isolate) — "all" for the open-data files that name every one.
 */
export async function places(assets: Fetcher, detailed: readonly string[] | "all"): Promise<Places> {
	const index = await centreIndex(assets);
	const wanted = new Set(detailed === "all" ? index.map((c) => c.slug) : detailed);
	return Promise.all(
		index.map(async (c) => {
			const data = wanted.has(c.slug) ? await centreData(assets, c.slug) : undefined;
			return {
				slug: c.slug,
				name: c.name,
				stations: (data?.stations ?? []).map((s) => ({ slug: s.slug, name: s.name })),
				windows: (data?.windows ?? []).map((w) => ({ slug: w.department, name: w.departmentName })),
			};
		}),
	);
}
