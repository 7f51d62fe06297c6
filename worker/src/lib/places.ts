import { type Places, PlacesSchema } from "../../../core/complaint";

/**
 * Every centre with its stations and windows (/centres/places.json, written by the build), parsed with
 * core's schema before anything trusts it. Kept per isolate, like the other built data.
 */
let loaded: Promise<Places> | undefined;

export function places(assets: Fetcher): Promise<Places> {
	loaded ??= load(assets).catch((err: unknown) => {
		loaded = undefined;
		throw err;
	});
	return loaded;
}

async function load(assets: Fetcher): Promise<Places> {
	const res = await assets.fetch(new Request("http://assets.local/centres/places.json"));
	if (!res.ok) throw new Error(`/centres/places.json: HTTP ${res.status}`);
	return PlacesSchema.parse(await res.json());
}
