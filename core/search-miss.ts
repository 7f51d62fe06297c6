/**
 * A search that found nothing (查无结果), counted per day so editors see which words people use that no
 * guide knows yet. Only the query's normalised text is kept, and only when it cannot carry personal data.
 */
import { INVISIBLE_OR_CONTROL } from "./normalize";
import { MAX_QUERY_LENGTH } from "./search-query";

export type SearchMissError = "required" | "invalid" | "too_long" | "personal_data";

/** Seven digits in a row may be a phone, ID or bank number: such a query is never stored. */
const LONG_NUMBER = /\d{7,}/;

/**
 * The one body accepted, `{ q: string }`, checked and normalised (NFKC, lower case, spaces collapsed) the
 * way the search page normalises a query. Anything else is refused and nothing is written.
 */
export function checkSearchMiss(raw: unknown): { ok: true; value: string } | { ok: false; error: SearchMissError } {
	if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, error: "invalid" };
	const keys = Object.keys(raw);
	if (keys.length === 0 || !Object.hasOwn(raw, "q")) return { ok: false, error: "required" };
	if (keys.some((k) => k !== "q")) return { ok: false, error: "invalid" };
	const q = (raw as { q: unknown }).q;
	if (typeof q !== "string") return { ok: false, error: "invalid" };
	if (q.length > MAX_QUERY_LENGTH * 2) return { ok: false, error: "too_long" };
	if (INVISIBLE_OR_CONTROL.test(q) || q.includes("\uFFFD")) return { ok: false, error: "invalid" };
	const value = q.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
	if (value === "") return { ok: false, error: "required" };
	if (value.length > MAX_QUERY_LENGTH) return { ok: false, error: "too_long" };
	if (LONG_NUMBER.test(value.replace(/[\s-]/g, ""))) return { ok: false, error: "personal_data" };
	return { ok: true, value };
}
