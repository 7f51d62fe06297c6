import { describe, expect, it } from "vitest";
import { chinaDate, chinaDateTime } from "./calendar";

describe("chinaDate", () => {
	it.each([
		["2026-03-14T15:59:59Z", "2026-03-14"],
		["2026-03-14T16:00:00Z", "2026-03-15"],
		["2026-12-31T15:59:59Z", "2026-12-31"],
		["2026-12-31T16:00:00Z", "2027-01-01"],
		["2028-02-28T16:00:00Z", "2028-02-29"],
		["2028-02-29T16:00:00Z", "2028-03-01"],
		["2027-02-28T16:00:00Z", "2027-03-01"],
		["2026-07-01T00:00:00Z", "2026-07-01"],
	])("reads %s as %s in China (UTC+8 all year)", (instant, date) => {
		expect(chinaDate(new Date(instant))).toBe(date);
	});

	it("keeps a submission at 23:59:59.999 Shanghai time on its own day", () => {
		expect(chinaDate(new Date("2026-12-31T23:59:59.999+08:00"))).toBe("2026-12-31");
		expect(chinaDate(new Date("2027-01-01T00:00:00+08:00"))).toBe("2027-01-01");
	});
});

describe("chinaDateTime", () => {
	it.each([
		["2026-03-15T01:05:00Z", "2026-03-15 09:05"],
		["2026-03-14T16:00:00Z", "2026-03-15 00:00"],
		["2026-12-31T15:59:59Z", "2026-12-31 23:59"],
		["2026-12-31T16:00:00Z", "2027-01-01 00:00"],
		["2028-02-28T16:30:00Z", "2028-02-29 00:30"],
	])("shows %s as %s", (instant, text) => {
		expect(chinaDateTime(new Date(instant))).toBe(text);
	});
});
