import { CalendarYearSchema, WorkingCalendar } from "../../../core/calendar";
import { type ItemFacts, ItemFactsIndexSchema } from "../../../core/online-item";
import { centreIndex } from "./centre-data";

/**
 * Data the build writes next to the pages that nearly every request needs, read through the assets
 * binding and parsed with core's schemas before anything trusts it: the facts of the online items
 * (/items/facts.json: name, type, the clock's rules; their forms are per item, item-data.ts), the
 * centres' names (/centres/index.json; their villages are per township, centre-data.ts) and the
 * working-day calendar (/calendar.json). None of it grows with the number of village stations.
 * Kept per isolate; a deploy brings a new isolate.
 */
export interface BuiltData {
	items: Map<string, ItemFacts>;
	/** Every centre's name by slug. */
	centres: Map<string, string>;
	calendar: WorkingCalendar;
}

let loaded: Promise<BuiltData> | undefined;

export function builtData(assets: Fetcher): Promise<BuiltData> {
	loaded ??= load(assets).catch((err: unknown) => {
		loaded = undefined;
		throw err;
	});
	return loaded;
}

async function load(assets: Fetcher): Promise<BuiltData> {
	const [items, centres, years] = await Promise.all([
		builtJson(assets, "/items/facts.json").then((v) => ItemFactsIndexSchema.parse(v)),
		centreIndex(assets),
		builtJson(assets, "/calendar.json").then((v) => CalendarYearSchema.array().parse(v)),
	]);
	return {
		items: new Map(items.map((i) => [i.code, i])),
		centres: new Map(centres.map((c) => [c.slug, c.name])),
		calendar: new WorkingCalendar(years),
	};
}

async function builtJson(assets: Fetcher, path: string): Promise<unknown> {
	const res = await assets.fetch(new Request(`http://assets.local${path}`));
	if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
	return res.json();
}
