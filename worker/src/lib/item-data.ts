import { normalizeInput } from "../../../core/normalize";
import { type ApplyItem, type OnlineItem, OnlineItemSchema, withVillages } from "../../../core/online-item";
import { centreData } from "./centre-data";

/**
 * One online item's form and centres (/items/<code>/form.json), read through the assets binding only
 * when a request is about that item, parsed with core's schema and kept per isolate. An unknown code
 * is undefined, never an error, and is not kept (made-up codes must not fill the isolate's memory).
 */
const items = new Map<string, Promise<OnlineItem | undefined>>();

const CODE = /^[a-z0-9-]{1,64}$/;

export function onlineItem(assets: Fetcher, code: string): Promise<OnlineItem | undefined> {
	if (!CODE.test(code)) return Promise.resolve(undefined);
	let found = items.get(code);
	if (!found) {
		found = assets.fetch(new Request(`http://assets.local/items/${code}/form.json`)).then(async (res) => {
			if (res.status === 404) return undefined;
			if (!res.ok) throw new Error(`/items/${code}/form.json: HTTP ${res.status}`);
			return OnlineItemSchema.parse(await res.json());
		});
		items.set(code, found);
		found.then(
			(v) => void (v === undefined && items.delete(code)),
			() => items.delete(code),
		);
	}
	return found;
}

/**
 * What checking an application needs, and nothing more: the item it names and, when that item is
 * offered by the centre it names, that township's villages (one /centres/<slug>/data.json). Values as
 * they arrived; anything not a string finds nothing and the check says why.
 */
export async function applyItemFor(assets: Fetcher, rawItem: unknown, rawCentre: unknown): Promise<ApplyItem | undefined> {
	const code = typeof rawItem === "string" ? normalizeInput(rawItem) : "";
	const item = await onlineItem(assets, code);
	if (!item) return undefined;
	const slug = typeof rawCentre === "string" ? normalizeInput(rawCentre) : "";
	const offered = item.centres.some((c) => c.slug === slug);
	const centre = offered ? await centreData(assets, slug) : undefined;
	// The applicant's village is any of the township's, whether or not its station takes this item.
	return withVillages(
		item,
		slug,
		centre?.stations.map((s) => ({ slug: s.slug, name: s.village })),
	);
}
