import { chinaDate } from "../../core/calendar";
import { itemsToRows } from "../../core/open-data";
import { offeringsByCentre } from "../../core/open-data-centres";
import { loadCatalogue } from "./content";

/** The 事项目录 rows, each centre's 实施清单 and the build's date (China time), for the open-data files and their page. */
export async function openData() {
	const c = await loadCatalogue();
	const site = import.meta.env.SITE;
	return {
		rows: itemsToRows({ items: c.items, site }),
		centres: offeringsByCentre({ items: c.items, centres: c.centres, stations: c.stations, departments: c.departments, site }),
		items: c.items,
		updated: chinaDate(new Date()),
	};
}

/** A built CSV file's response: UTF-8 text (the assets layer serves dist/ by the file's extension). */
export const csvResponse = (body: string) => new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8" } });
export const jsonResponse = (body: unknown) =>
	new Response(JSON.stringify(body, null, "\t"), { headers: { "Content-Type": "application/json; charset=utf-8" } });
