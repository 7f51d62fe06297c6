import { describe, expect, it } from "vitest";
import { isEmptyFilter, matchesFilter, parseCatalogueFilter } from "./catalogue-filter";

/** A query string as the key/value pairs URLSearchParams would give. */
const query = (q: string): [string, string][] =>
	q
		.split("&")
		.filter(Boolean)
		.map((pair) => pair.split("=").map(decodeURIComponent) as [string, string]);
const entry = (attrs: Record<string, string>) => (name: string) => attrs[name] ?? null;
const dibao = entry({
	"data-department": "minzheng",
	"data-type": "行政给付",
	"data-level": "both",
	"data-online": "0",
	"data-agent": "1",
	"data-visits": "1",
});

describe("parseCatalogueFilter", () => {
	it("reads known filters and treats empty values as any", () => {
		expect(parseCatalogueFilter(query("department=minzheng&type=&online=1"))).toEqual({
			department: "minzheng",
			online: "1",
		});
		expect(isEmptyFilter(parseCatalogueFilter(query(""))!)).toBe(true);
	});

	it.each(["type=行政检查", "department=<script>", "online=yes", "sort=name", "department=a&department=b", `department=${"a".repeat(41)}`])(
		"refuses %s",
		(text) => {
			expect(parseCatalogueFilter(query(text))).toBeNull();
		},
	);
});

describe("matchesFilter", () => {
	it("keeps an item matching every given filter and drops it on any mismatch", () => {
		expect(matchesFilter({ department: "minzheng", agent: "1" }, dibao)).toBe(true);
		expect(matchesFilter({ department: "renshe" }, dibao)).toBe(false);
		expect(matchesFilter({ online: "1" }, dibao)).toBe(false);
		expect(matchesFilter({ visits: "0" }, dibao)).toBe(false);
		expect(matchesFilter({ type: "行政许可" }, dibao)).toBe(false);
	});

	it("counts an item offered at both levels under either level", () => {
		expect(matchesFilter({ level: "village" }, dibao)).toBe(true);
		expect(matchesFilter({ level: "township" }, dibao)).toBe(true);
		const townshipOnly = entry({ "data-level": "township" });
		expect(matchesFilter({ level: "village" }, townshipOnly)).toBe(false);
	});
});
