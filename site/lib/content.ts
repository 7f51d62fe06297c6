import { type CollectionEntry, type CollectionKey, getCollection } from "astro:content";
import { type Catalogue, type Entry, crossCheck } from "../../core/content-check";

const FILE_EXT: Record<CollectionKey, string> = {
	items: "md",
	departments: "yaml",
	centres: "yaml",
	stations: "yaml",
	events: "yaml",
	calendar: "yaml",
	deployment: "yaml",
};

async function entries<K extends CollectionKey>(key: K): Promise<Entry<CollectionEntry<K>["data"]>[]> {
	const list = await getCollection(key);
	return list
		.map((e) => ({ id: e.id, file: e.filePath ?? `content/${key}/${e.id}.${FILE_EXT[key]}`, data: e.data }))
		.sort((a, b) => a.id.localeCompare(b.id));
}

let loaded: Promise<ReturnType<typeof index>> | undefined;

/**
 * All content, schema-checked by Astro and cross-checked here once per build with the same function
 * `npm run check:content` uses. Errors stop the build; warnings are printed once.
 */
export function loadCatalogue() {
	loaded ??= (async () => {
		const catalogue: Catalogue = {
			items: await entries("items"),
			departments: await entries("departments"),
			centres: await entries("centres"),
			stations: await entries("stations"),
			events: await entries("events"),
			calendars: await entries("calendar"),
			deployment: await entries("deployment"),
		};
		const { errors, warnings } = crossCheck(catalogue, new Date());
		if (errors.length > 0) throw new Error(`内容检查没有通过，请按提示修改：\n${errors.join("\n")}`);
		for (const w of warnings) console.warn(`[内容提醒] ${w}`);
		return index(catalogue);
	})();
	return loaded;
}

function index(c: Catalogue) {
	const items = c.items.map((e) => e.data);
	const itemByCode = new Map(items.map((i) => [i.code, i]));
	const departmentById = new Map(c.departments.map((d) => [d.id, d.data]));
	const centres = c.centres.map((e) => ({ slug: e.id, ...e.data }));
	const stations = c.stations.map((e) => ({ slug: e.id, ...e.data }));
	// Looked up once per page of 2,095 stations and 118 centres: by key, never by scanning the lists again.
	const centreBySlug = new Map(centres.map((x) => [x.slug, x]));
	const stationBySlug = new Map(stations.map((x) => [x.slug, x]));
	const stationsByCentre = Map.groupBy(stations, (s) => s.centre);
	return {
		items,
		departments: c.departments.map((d) => ({ slug: d.id, ...d.data })),
		centres,
		stations,
		events: c.events.map((e) => ({ slug: e.id, ...e.data })),
		item: (code: string) => itemByCode.get(code)!,
		departmentOf: (slug: string) => departmentById.get(slug)!,
		centre: (slug: string) => centreBySlug.get(slug)!,
		station: (slug: string) => stationBySlug.get(slug)!,
		/** A centre's village stations, in slug order. */
		stationsOf: (centre: string) => stationsByCentre.get(centre) ?? [],
		centresOffering: (code: string) => centres.filter((c) => c.items.some((o) => o.code === code)),
		stationsOffering: (code: string) => stations.filter((s) => s.items.includes(code)),
	};
}

export type SiteCatalogue = Awaited<ReturnType<typeof loadCatalogue>>;
