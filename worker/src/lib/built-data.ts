import { CalendarYearSchema, WorkingCalendar } from "../../../core/calendar";
import { type OnlineItem, OnlineItemsSchema } from "../../../core/online-item";

/**
 * Data the build writes next to the pages, read through the assets binding and parsed with core's
 * schemas before anything trusts it: the online items (/items/forms.json, the same definitions the
 * apply pages were built from) and the working-day calendar (/calendar.json). Kept per isolate; a
 * deploy brings a new isolate.
 */
export interface BuiltData {
	items: Map<string, OnlineItem>;
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
	const [items, years] = await Promise.all([
		builtJson(assets, "/items/forms.json").then((v) => OnlineItemsSchema.parse(v)),
		builtJson(assets, "/calendar.json").then((v) => CalendarYearSchema.array().parse(v)),
	]);
	return { items: new Map(items.map((i) => [i.code, i])), calendar: new WorkingCalendar(years) };
}

async function builtJson(assets: Fetcher, path: string): Promise<unknown> {
	const res = await assets.fetch(new Request(`http://assets.local${path}`));
	if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
	return res.json();
}
