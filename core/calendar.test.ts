import { describe, expect, it } from "vitest";
import { CalendarYearSchema, WorkingCalendar, addDays, dayOfWeek } from "./calendar";

/** A small made-up year, so these tests do not depend on content/calendar. */
const year = CalendarYearSchema.parse({
	year: 2030,
	source: "测试用日历",
	holidays: [
		{ name: "元旦", from: "2030-01-01", to: "2030-01-01" },
		{ name: "春节", from: "2030-02-02", to: "2030-02-10" },
	],
	workdays: ["2030-01-27", "2030-02-16"],
});

describe("CalendarYearSchema", () => {
	it("refuses a make-up workday that is not a weekend day", () => {
		const result = CalendarYearSchema.safeParse({ ...year, workdays: ["2030-01-28"] });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].message).toMatch(/本来就是工作日/);
	});

	it("refuses a holiday that ends before it starts, and a date in the wrong year", () => {
		const result = CalendarYearSchema.safeParse({
			...year,
			holidays: [
				{ name: "清明节", from: "2030-04-06", to: "2030-04-04" },
				{ name: "国庆节", from: "2031-10-01", to: "2031-10-07" },
			],
		});
		expect(result.error?.issues.map((i) => i.message)).toEqual([
			expect.stringMatching(/早于开始日期/),
			expect.stringMatching(/不在 2030 年/),
		]);
	});

	it("refuses a day that is both off and a make-up workday", () => {
		const result = CalendarYearSchema.safeParse({ ...year, workdays: ["2030-02-09"] });
		expect(result.error?.issues[0].message).toMatch(/同时写在了放假和调休上班里/);
	});
});

describe("WorkingCalendar", () => {
	const cal = new WorkingCalendar([year]);

	it("knows weekdays, weekends, holidays and make-up workdays", () => {
		expect(cal.isWorkingDay("2030-01-02")).toBe(true); // Wednesday
		expect(cal.isWorkingDay("2030-01-05")).toBe(false); // Saturday
		expect(cal.isWorkingDay("2030-01-01")).toBe(false); // 元旦, a Tuesday
		expect(cal.isWorkingDay("2030-01-27")).toBe(true); // 调休 Sunday
	});

	it("counts working days past a long holiday and a make-up Saturday", () => {
		// Friday 2030-02-01, then 春节 02-02..02-10, back on Monday 02-11.
		expect(cal.addWorkingDays("2030-02-01", 1)).toBe("2030-02-11");
		expect(cal.addWorkingDays("2030-02-11", 5)).toBe("2030-02-16"); // the 调休 Saturday is the 5th
	});

	it("refuses to guess for a year it has no data for", () => {
		expect(() => cal.isWorkingDay("2031-03-03")).toThrow(/没有 2031 年的数据/);
	});
});

describe("WorkingCalendar.estimateWorkingDay", () => {
	// The same year, with a 元旦 that spills into the next (uncovered) year on a Thursday.
	const spill = CalendarYearSchema.parse({ ...year, holidays: [...year.holidays, { name: "元旦", from: "2030-12-31", to: "2031-01-02" }] });
	const cal = new WorkingCalendar([spill]);

	it("answers exactly, not provisionally, inside the covered years", () => {
		expect(cal.estimateWorkingDay("2030-01-01")).toEqual({ working: false, provisional: false }); // 元旦, a Tuesday
		expect(cal.estimateWorkingDay("2030-01-27")).toEqual({ working: true, provisional: false }); // 调休 Sunday
		expect(cal.estimateWorkingDay("2030-01-02")).toEqual({ working: true, provisional: false });
	});

	it("guesses Monday–Friday, provisionally, for a year without data, where isWorkingDay still refuses", () => {
		expect(cal.estimateWorkingDay("2031-03-03")).toEqual({ working: true, provisional: true }); // Monday
		expect(cal.estimateWorkingDay("2031-03-08")).toEqual({ working: false, provisional: true }); // Saturday
		expect(cal.estimateWorkingDay("2029-12-31")).toEqual({ working: true, provisional: true }); // Monday
		expect(() => cal.isWorkingDay("2031-03-03")).toThrow(RangeError);
	});

	it("uses a day an entered notice names even when its year is not covered", () => {
		expect(cal.estimateWorkingDay("2031-01-02")).toEqual({ working: false, provisional: false }); // Thursday, 元旦
		expect(cal.estimateWorkingDay("2031-01-03")).toEqual({ working: true, provisional: true }); // Friday
	});
});

describe("date helpers", () => {
	it("adds days across months and leap days without time-zone drift", () => {
		expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
		expect(addDays("2030-12-31", 1)).toBe("2031-01-01");
		expect(dayOfWeek("2030-01-01")).toBe(2);
	});
});
