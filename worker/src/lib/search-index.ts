import { type SearchIndex, SearchIndexSchema } from "../../../core/search";

/**
 * The small search index the build wrote (/search/index.json), parsed with core's schema before anything
 * trusts it. Kept per isolate, like the guides list (guides.ts); a deploy brings a new one.
 */
let loaded: Promise<SearchIndex> | undefined;

export function searchIndexOf(assets: Fetcher): Promise<SearchIndex> {
	loaded ??= load(assets).catch((err: unknown) => {
		loaded = undefined;
		throw err;
	});
	return loaded;
}

async function load(assets: Fetcher): Promise<SearchIndex> {
	const res = await assets.fetch(new Request("http://assets.local/search/index.json"));
	if (!res.ok) throw new Error(`/search/index.json: HTTP ${res.status}`);
	return SearchIndexSchema.parse(await res.json());
}
