// What the CMS checks before it saves: the entry as the editor left it, cleaned of the empty values the
// editor's boxes leave behind, then read by the same schema as `npm run check:content`. A refusal carries the
// content check's own Chinese messages.
import { schemaErrors } from "../../core/content-check";
import { CMS_COLLECTIONS } from "./cms-config";

/** Drops what an untouched box leaves: empty text, empty optional groups. Lists keep their (possibly empty) shape. */
export function withoutEmpty(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutEmpty);
	if (value && typeof value === "object" && !(value instanceof Date)) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) {
			const kept = withoutEmpty(v);
			if (kept === undefined || kept === null || kept === "") continue;
			if (typeof kept === "object" && !Array.isArray(kept) && Object.keys(kept).length === 0) continue;
			out[k] = kept;
		}
		return out;
	}
	return typeof value === "string" ? value.trim() : value;
}

/** The file an entry is saved to, as the content check names it. */
export function entryFile(collection: string, slug: string): string {
	const c = CMS_COLLECTIONS.find((x) => x.name === collection);
	return c ? `${c.folder}/${slug}.${c.format}` : `${collection}/${slug}`;
}

/** The content check's messages for one entry's data (without an item's Markdown body); empty when it may be saved. */
export function entryErrors(collection: string, slug: string, data: Record<string, unknown>): string[] {
	const c = CMS_COLLECTIONS.find((x) => x.name === collection);
	if (!c) return [];
	const fields = { ...data };
	delete fields.body;
	const parsed = c.schema.safeParse(withoutEmpty(fields));
	return parsed.success ? [] : schemaErrors(entryFile(collection, slug), parsed.error);
}
