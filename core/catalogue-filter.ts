import { z } from "zod";
import { ITEM_TYPES, type Item } from "./item";

/**
 * The catalogue's filters (/items/?department=minzheng&online=1 …). The page carries each item's
 * values as data attributes; the Worker reads the query with this schema and keeps matching items,
 * so the filters work without JavaScript and every filtered view has its own address.
 */
export const CatalogueFilterSchema = z.strictObject({
	department: z
		.string()
		.regex(/^[a-z0-9-]{1,40}$/)
		.optional(),
	type: z.enum(ITEM_TYPES).optional(),
	/** township: offered at the centre; village: a village station can take it. */
	level: z.enum(["township", "village"]).optional(),
	online: z.literal("1").optional(),
	agent: z.literal("1").optional(),
	visits: z.literal("0").optional(),
});
export type CatalogueFilter = z.infer<typeof CatalogueFilterSchema>;

/** The data attributes one catalogue entry carries, named as the query parameters. */
export function filterAttributes(item: Item): Record<string, string> {
	return {
		"data-department": item.department,
		"data-type": item.type,
		"data-level": item.level,
		"data-online": item.online ? "1" : "0",
		"data-agent": item.agent.allowed ? "1" : "0",
		"data-visits": String(item.visits),
	};
}

/** Reads the query string; empty values mean "any". Unknown or malformed values give `null`. */
export function parseCatalogueFilter(params: Iterable<[string, string]>): CatalogueFilter | null {
	const raw: Record<string, string> = {};
	for (const [key, value] of params) {
		if (value === "") continue;
		if (key in raw) return null;
		raw[key] = value;
	}
	const parsed = CatalogueFilterSchema.safeParse(raw);
	return parsed.success ? parsed.data : null;
}

/** Whether an entry with these data attributes passes the filter. */
export function matchesFilter(filter: CatalogueFilter, attr: (name: string) => string | null): boolean {
	if (filter.department && attr("data-department") !== filter.department) return false;
	if (filter.type && attr("data-type") !== filter.type) return false;
	if (filter.level) {
		const level = attr("data-level");
		if (level !== filter.level && level !== "both") return false;
	}
	if (filter.online && attr("data-online") !== "1") return false;
	if (filter.agent && attr("data-agent") !== "1") return false;
	if (filter.visits && attr("data-visits") !== "0") return false;
	return true;
}

export function isEmptyFilter(filter: CatalogueFilter): boolean {
	return Object.keys(filter).length === 0;
}
