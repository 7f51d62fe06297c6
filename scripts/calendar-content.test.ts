import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CalendarYearSchema, WorkingCalendar } from "../core/calendar";

// The committed calendars against the State Council notices for 2025 and 2026.
const calendar = new WorkingCalendar(
	["2025", "2026"].map((year) => CalendarYearSchema.parse(parse(readFileSync(`content/calendar/${year}.yaml`, "utf8")))),
);

describe("content/calendar", () => {
	it.each([
		["2025-01-26", true, "春节前调休上班的周日"],
		["2025-01-28", false, "2025 年除夕"],
		["2025-02-04", false, "2025 年春节假期最后一天"],
		["2025-02-08", true, "春节后调休上班的周六"],
		["2025-10-08", false, "国庆中秋假期最后一天"],
		["2025-10-11", true, "国庆后调休上班的周六"],
		["2026-01-04", true, "元旦后调休上班的周日"],
		["2026-02-14", true, "春节前调休上班的周六"],
		["2026-02-16", false, "2026 年除夕"],
		["2026-02-23", false, "2026 年春节假期最后一天"],
		["2026-02-24", true, "春节后第一个工作日"],
		["2026-10-10", true, "国庆后调休上班的周六"],
		["2026-11-28", false, "普通周六"],
	])("%s is %s (%s)", (day, working) => {
		expect(calendar.isWorkingDay(day)).toBe(working);
	});

	it("counts a promise across the 2026 Spring Festival", () => {
		// Accepted on Friday 13 February: the 调休 Saturday counts, then nine days off.
		expect(calendar.addWorkingDays("2026-02-13", 1)).toBe("2026-02-14");
		expect(calendar.addWorkingDays("2026-02-13", 2)).toBe("2026-02-24");
		expect(calendar.addWorkingDays("2026-02-13", 5)).toBe("2026-02-27");
	});
});
