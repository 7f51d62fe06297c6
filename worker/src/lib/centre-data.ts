import { type CentreData, CentreDataSchema, type CentreIndex, CentreIndexSchema } from "../../../core/centre-data";

/**
 * Per-township data the build writes (/centres/<slug>/data.json, /centres/index.json), read through the
 * assets binding only when a request needs that township, parsed with core's schema, and kept per
 * isolate (a deploy brings a new isolate). An unknown slug is undefined, never an error.
 */
const centres = new Map<string, Promise<CentreData | undefined>>();
let index: Promise<CentreIndex> | undefined;

const SLUG = /^[a-z0-9-]{1,64}$/;

export function centreData(assets: Fetcher, slug: string): Promise<CentreData | undefined> {
	if (!SLUG.test(slug)) return Promise.resolve(undefined);
	let found = centres.get(slug);
	if (!found) {
		found = builtJson(assets, `/centres/${slug}/data.json`).then((v) => (v === undefined ? undefined : CentreDataSchema.parse(v)));
		centres.set(slug, found);
		// A miss is not kept: made-up slugs must not fill the isolate's memory.
		found.then(
			(v) => void (v === undefined && centres.delete(slug)),
			() => centres.delete(slug),
		);
	}
	return found;
}

export function centreIndex(assets: Fetcher): Promise<CentreIndex> {
	index ??= builtJson(assets, "/centres/index.json").then((v) => {
		if (v === undefined) throw new Error("/centres/index.json: not built");
		return CentreIndexSchema.parse(v);
	});
	index.catch(() => (index = undefined));
	return index;
}

async function builtJson(assets: Fetcher, path: string): Promise<unknown> {
	const res = await assets.fetch(new Request(`http://assets.local${path}`));
	if (res.status === 404) return undefined;
	if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
	return res.json();
}
