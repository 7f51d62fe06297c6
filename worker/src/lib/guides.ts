import { type Guide, GuideListSchema } from "../../../core/page-feedback";

/**
 * Every guide the build wrote (/items/guides.json: code, name, department), parsed with core's schema
 * before anything trusts it. Kept per isolate, like the online forms (built-data.ts); a deploy brings a new one.
 */
let loaded: Promise<Map<string, Guide>> | undefined;

export function guides(assets: Fetcher): Promise<Map<string, Guide>> {
	loaded ??= load(assets).catch((err: unknown) => {
		loaded = undefined;
		throw err;
	});
	return loaded;
}

async function load(assets: Fetcher): Promise<Map<string, Guide>> {
	const res = await assets.fetch(new Request("http://assets.local/items/guides.json"));
	if (!res.ok) throw new Error(`/items/guides.json: HTTP ${res.status}`);
	const list = GuideListSchema.parse(await res.json());
	return new Map(list.map((g) => [g.code, g]));
}
