import type { ApplyItem } from "../../../core/application";
import type { CalendarYear } from "../../../core/calendar";

/**
 * Data the build writes next to the pages, read through the assets binding: the online forms
 * (/items/forms.json, the same definitions the apply pages were built from) and the working-day
 * calendar (/calendar.json). Kept per isolate; a deploy brings a new isolate.
 */
const cache = new Map<string, Promise<unknown>>();

function builtJson<T>(assets: Fetcher, path: string): Promise<T> {
	let loaded = cache.get(path);
	if (!loaded) {
		loaded = (async () => {
			const res = await assets.fetch(new Request(`http://assets.local${path}`));
			if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
			return res.json<T>();
		})().catch((err: unknown) => {
			cache.delete(path);
			throw err;
		});
		cache.set(path, loaded);
	}
	return loaded as Promise<T>;
}

export async function applyItems(assets: Fetcher): Promise<Map<string, ApplyItem>> {
	const list = await builtJson<ApplyItem[]>(assets, "/items/forms.json");
	return new Map(list.map((i) => [i.code, i]));
}

export function calendarYears(assets: Fetcher): Promise<CalendarYear[]> {
	return builtJson<CalendarYear[]>(assets, "/calendar.json");
}
