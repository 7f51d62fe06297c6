import type { ApplyItem } from "../../../core/application";

/**
 * The online forms, read from the built site (/items/forms.json) through the assets binding: the
 * same definitions the apply pages were built from. Kept per isolate; a deploy brings a new isolate.
 */
let loaded: Promise<Map<string, ApplyItem>> | undefined;

export function applyItems(assets: Fetcher): Promise<Map<string, ApplyItem>> {
	loaded ??= (async () => {
		const res = await assets.fetch(new Request("http://assets.local/items/forms.json"));
		if (!res.ok) throw new Error(`forms.json: HTTP ${res.status}`);
		const list = await res.json<ApplyItem[]>();
		return new Map(list.map((i) => [i.code, i]));
	})().catch((err: unknown) => {
		loaded = undefined;
		throw err;
	});
	return loaded;
}
