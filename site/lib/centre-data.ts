import type { CentreData, CentreIndex } from "../../core/centre-data";
import type { SiteCatalogue } from "./content";

/** One centre with its windows, items and village stations, as /centres/<slug>/data.json holds it. */
export function centreData(catalogue: SiteCatalogue, slug: string): CentreData {
	const centre = catalogue.centre(slug);
	return {
		slug: centre.slug,
		name: centre.name,
		township: centre.township,
		address: centre.address,
		hours: centre.hours,
		marketDays: centre.marketDays,
		marketDayNote: centre.marketDayNote,
		phone: centre.phone,
		complaintPhone: centre.complaintPhone,
		windows: centre.windows.map((w) => ({ ...w, departmentName: catalogue.departmentOf(w.department).name })),
		items: centre.items.map((o) => ({ code: o.code, window: o.window ?? catalogue.item(o.code).department, note: o.note })),
		stations: catalogue
			.stationsOf(slug)
			.map((s) => ({ slug: s.slug, name: s.name, village: s.village, address: s.address, hours: s.hours, agent: s.agent, items: s.items })),
	};
}

/** Every centre by name, for the township choice (/centres/index.json). */
export function centreIndex(catalogue: SiteCatalogue): CentreIndex {
	return catalogue.centres.map((c) => ({ slug: c.slug, name: c.name, township: c.township }));
}
