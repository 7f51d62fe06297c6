import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CalendarYearSchema, WorkingCalendar } from "./calendar";
import { answerDue, caseClock, deemedAccepted, type CaseClockInput } from "./clock";
import { type AcceptanceRule, type Deadline, PERMIT_ACCEPTANCE } from "./item";

// The committed calendars (the State Council notices for 2025 and 2026), read as e2e/calendar-content.test.ts
// reads them. core/ has no Node types (core/tsconfig.json), so node:fs is imported under a name the type
// checker does not follow, typed with just what is used here.
const fsModule = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding: "utf8") => string };
const calendar = new WorkingCalendar(
	["2025", "2026"].map((year) => CalendarYearSchema.parse(parse(readFileSync(`content/calendar/${year}.yaml`, "utf8")))),
);

const workingDays = (days: number): Deadline => ({ days, unit: "工作日" });
const calendarDays = (days: number): Deadline => ({ days, unit: "自然日" });
const clock = (input: Partial<CaseClockInput> & Pick<CaseClockInput, "acceptedOn" | "promised">) =>
	caseClock({ suspensions: [], today: input.acceptedOn, ...input }, calendar);

describe("caseClock: due dates on the real calendars", () => {
	it("does not count the start day: 5 working days from Monday 2026-03-02 end on Monday 2026-03-09", () => {
		expect(clock({ acceptedOn: "2026-03-02", promised: workingDays(5) }).dueOn).toBe("2026-03-09");
	});

	it("runs across the 2026 Spring Festival (15–23 Feb off, Saturday 14 Feb worked)", () => {
		// Wed 11 Feb: Thu 12, Fri 13, Sat 14 (调休), then back on Tue 24, Wed 25.
		expect(clock({ acceptedOn: "2026-02-11", promised: workingDays(5) }).dueOn).toBe("2026-02-25");
		// Thu 12 Feb, 10 days: 13, 14, 24, 25, 26, 27, Sat 28 (调休), Mon 2, Tue 3, Wed 4 March.
		expect(clock({ acceptedOn: "2026-02-12", promised: workingDays(10) }).dueOn).toBe("2026-03-04");
	});

	it("counts a 调休 Saturday as a working day, to the due date and in the days left", () => {
		const friday = { acceptedOn: "2026-02-27", promised: workingDays(1) };
		expect(clock(friday)).toEqual({ dueOn: "2026-02-28", remaining: 1, colour: "yellow", paused: false, provisional: false });
		expect(clock({ ...friday, today: "2026-02-28" }).remaining).toBe(0);
		expect(clock({ ...friday, today: "2026-03-02" }).colour).toBe("red");
	});

	it("runs across National Day 2026 (1–7 Oct off, Saturday 10 Oct worked)", () => {
		// Wed 30 Sep: Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13 October.
		expect(clock({ acceptedOn: "2026-09-30", promised: workingDays(3) }).dueOn).toBe("2026-10-10");
		expect(clock({ acceptedOn: "2026-09-30", promised: workingDays(5) }).dueOn).toBe("2026-10-13");
		// Fri 18 Sep: Sunday 20 Sep is the 中秋 调休 workday; 25–27 Sep are off.
		expect(clock({ acceptedOn: "2026-09-18", promised: workingDays(1) }).dueOn).toBe("2026-09-20");
	});

	it("runs across the 2025 Spring Festival (28 Jan–4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked)", () => {
		// Fri 24 Jan: Sun 26 (调休), Mon 27, then Wed 5, Thu 6, Fri 7, Sat 8 (调休) February.
		expect(clock({ acceptedOn: "2025-01-24", promised: workingDays(5) }).dueOn).toBe("2025-02-07");
		expect(clock({ acceptedOn: "2025-01-24", promised: workingDays(6) }).dueOn).toBe("2025-02-08");
	});

	it("runs across National Day 2025 (1–8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked)", () => {
		// Fri 26 Sep: Sun 28 (调休), Mon 29, Tue 30, then Thu 9, Fri 10, Sat 11 (调休) October.
		expect(clock({ acceptedOn: "2025-09-26", promised: workingDays(3) }).dueOn).toBe("2025-09-30");
		expect(clock({ acceptedOn: "2025-09-26", promised: workingDays(6) }).dueOn).toBe("2025-10-11");
	});

	it("counts every day, holidays included, for a 自然日 deadline", () => {
		const festival = { acceptedOn: "2026-02-13", promised: calendarDays(7) };
		expect(clock(festival).dueOn).toBe("2026-02-20");
		expect(clock({ ...festival, today: "2026-02-16" })).toEqual({
			dueOn: "2026-02-20",
			remaining: 4,
			colour: "green",
			paused: false,
			provisional: false,
		});
	});

	it("makes a 0-day promise (即办件) due on the day of acceptance", () => {
		expect(clock({ acceptedOn: "2026-03-02", promised: workingDays(0) })).toEqual({
			dueOn: "2026-03-02",
			remaining: 0,
			colour: "yellow",
			paused: false,
			provisional: false,
		});
		expect(clock({ acceptedOn: "2026-03-02", promised: workingDays(0), today: "2026-03-03" })).toMatchObject({
			colour: "red",
			remaining: -1,
		});
		expect(clock({ acceptedOn: "2026-02-28", promised: workingDays(0) }).dueOn).toBe("2026-02-28");
	});
});

describe("caseClock: suspensions (挂起)", () => {
	// Accepted Monday 2 March 2026, 10 working days: due Monday 16 March.
	const base = { acceptedOn: "2026-03-02", promised: workingDays(10) };

	it("moves the due date by the 3 working days paused (Monday to Thursday pauses Mon, Tue, Wed)", () => {
		expect(clock(base).dueOn).toBe("2026-03-16");
		const suspended = clock({ ...base, suspensions: [{ from: "2026-03-09", to: "2026-03-12" }], today: "2026-03-12" });
		expect(suspended.dueOn).toBe("2026-03-19");
		expect(suspended.dueOn).toBe(calendar.addWorkingDays("2026-03-16", 3));
		// Thursday 12 March counts again: 3, 4, 5, 6 and 12 used, 5 left.
		expect(suspended).toMatchObject({ remaining: 5, paused: false, colour: "green" });
	});

	it("pauses nothing for a same-day suspension, and only working days across a weekend", () => {
		expect(clock({ ...base, suspensions: [{ from: "2026-03-09", to: "2026-03-09" }] }).dueOn).toBe("2026-03-16");
		// Friday to Monday pauses Fri, Sat, Sun: one working day.
		expect(clock({ ...base, suspensions: [{ from: "2026-03-06", to: "2026-03-09" }] }).dueOn).toBe("2026-03-17");
	});

	it("pauses calendar days for a 自然日 deadline", () => {
		const natural = { acceptedOn: "2026-03-02", promised: calendarDays(10) };
		expect(clock(natural).dueOn).toBe("2026-03-12");
		// Friday to Monday pauses 6, 7 and 8 March.
		expect(clock({ ...natural, suspensions: [{ from: "2026-03-06", to: "2026-03-09" }] }).dueOn).toBe("2026-03-15");
	});

	it("freezes the days left while a suspension is open, and projects the due date from tomorrow", () => {
		const open = { ...base, suspensions: [{ from: "2026-03-09", to: null }] };
		// Friday 6 March, before the suspension: 3, 4, 5, 6 used.
		expect(clock({ ...open, today: "2026-03-06" })).toMatchObject({ remaining: 6, paused: false });
		expect(clock({ ...open, today: "2026-03-09" })).toEqual({
			dueOn: "2026-03-17",
			remaining: 6,
			colour: "green",
			paused: true,
			provisional: false,
		});
		// Still suspended on Friday 20 March: resuming Monday 23 would leave 23–27 and 30 March.
		expect(clock({ ...open, today: "2026-03-20" })).toEqual({
			dueOn: "2026-03-30",
			remaining: 6,
			colour: "green",
			paused: true,
			provisional: false,
		});
	});

	it("keeps a paused case that was near its due date yellow, and past the old due date not red", () => {
		// Suspended Friday 13 March with 2 days left (Thursday 12 was the 8th day used).
		const open = { ...base, suspensions: [{ from: "2026-03-13", to: null }] };
		expect(clock({ ...open, today: "2026-03-12" })).toMatchObject({ remaining: 2, colour: "yellow" });
		// 1 April, still suspended: resuming Thursday 2 April leaves 2 and 3 April (清明 starts 4 April).
		expect(clock({ ...open, today: "2026-04-01" })).toEqual({
			dueOn: "2026-04-03",
			remaining: 2,
			colour: "yellow",
			paused: true,
			provisional: false,
		});
	});

	it("refuses a suspension that ends before it starts, a today before acceptance, and a date that does not exist", () => {
		expect(() => clock({ ...base, suspensions: [{ from: "2026-03-09", to: "2026-03-06" }] })).toThrow(RangeError);
		expect(() => clock({ ...base, today: "2026-03-01" })).toThrow(RangeError);
		expect(() => clock({ ...base, today: "2026-02-30" })).toThrow(/YYYY-MM-DD/);
	});
});

describe("caseClock: colours", () => {
	const ten = { acceptedOn: "2026-03-02", promised: workingDays(10) };

	it.each([
		["2026-03-11", 3, "green"], // 3 left of 10: above both 2 and 20 %
		["2026-03-12", 2, "yellow"], // exactly 2 left
		["2026-03-14", 1, "yellow"], // a Saturday: Friday was the 9th day
		["2026-03-16", 0, "yellow"], // due today
		["2026-03-17", -1, "red"], // one day after
		["2026-03-18", -2, "red"],
	])("10 working days from 2 March, on %s: %i left, %s", (today, remaining, colour) => {
		expect(clock({ ...ten, today })).toMatchObject({ dueOn: "2026-03-16", remaining, colour });
	});

	it("uses 2 days when 20 % of the promise is less", () => {
		// 5 working days from 2 March: due 9 March; 20 % is 1.
		const five = { acceptedOn: "2026-03-02", promised: workingDays(5) };
		expect(clock({ ...five, today: "2026-03-04" })).toMatchObject({ dueOn: "2026-03-09", remaining: 3, colour: "green" });
		expect(clock({ ...five, today: "2026-03-05" })).toMatchObject({ remaining: 2, colour: "yellow" });
	});

	it("uses 20 % of the promise, rounded up, when that is more than 2", () => {
		// 20 working days from 2 March: due 30 March; 20 % is 4.
		const twenty = { acceptedOn: "2026-03-02", promised: workingDays(20) };
		expect(clock({ ...twenty, today: "2026-03-23" })).toMatchObject({ dueOn: "2026-03-30", remaining: 5, colour: "green" });
		expect(clock({ ...twenty, today: "2026-03-24" })).toMatchObject({ remaining: 4, colour: "yellow" });
		// 11 calendar days: 20 % is 2.2, rounded up 3.
		const eleven = { acceptedOn: "2026-03-02", promised: calendarDays(11) };
		expect(clock({ ...eleven, today: "2026-03-09" })).toMatchObject({ dueOn: "2026-03-13", remaining: 4, colour: "green" });
		expect(clock({ ...eleven, today: "2026-03-10" })).toMatchObject({ remaining: 3, colour: "yellow" });
		// 35 calendar days: 20 % is exactly 7, so 7 left is yellow and 8 green.
		const thirtyFive = { acceptedOn: "2026-03-02", promised: calendarDays(35) };
		expect(clock({ ...thirtyFive, today: "2026-03-29" })).toMatchObject({ dueOn: "2026-04-06", remaining: 8, colour: "green" });
		expect(clock({ ...thirtyFive, today: "2026-03-30" })).toMatchObject({ remaining: 7, colour: "yellow" });
	});

	it("is red and below zero on the weekend straight after a Friday due date", () => {
		// Accepted Friday 6 March, 5 working days: due Friday 13 March.
		const friday = { acceptedOn: "2026-03-06", promised: workingDays(5) };
		expect(clock({ ...friday, today: "2026-03-13" })).toMatchObject({ dueOn: "2026-03-13", remaining: 0, colour: "yellow" });
		expect(clock({ ...friday, today: "2026-03-14" })).toMatchObject({ remaining: -1, colour: "red" });
		expect(clock({ ...friday, today: "2026-03-16" })).toMatchObject({ remaining: -1, colour: "red" });
		expect(clock({ ...friday, today: "2026-03-17" })).toMatchObject({ remaining: -2, colour: "red" });
	});
});

describe("caseClock: years the calendar does not cover", () => {
	it("estimates 2027 as Monday–Friday and says so, where the strict calendar refuses", () => {
		// Wed 23 Dec 2026: 24, 25, 28, 29, 30, 31 Dec, then 1 (a guess: really 元旦), 4, 5, 6 January 2027.
		const late = { acceptedOn: "2026-12-23", promised: workingDays(10) };
		expect(() => calendar.addWorkingDays(late.acceptedOn, 10)).toThrow(/没有 2027 年的数据/);
		expect(clock({ ...late, today: "2026-12-24" })).toEqual({
			dueOn: "2027-01-06",
			remaining: 9,
			colour: "green",
			paused: false,
			provisional: true,
		});
	});

	it("does not ask the calendar about paused days, so an uncovered year inside a suspension is no guess", () => {
		// Accepted Friday 20 Dec 2024 (no 2024 calendar here), suspended the next day until Thursday 2 January 2025.
		const paused2024 = { acceptedOn: "2024-12-20", promised: workingDays(5), suspensions: [{ from: "2024-12-21", to: "2025-01-02" }] };
		expect(clock({ ...paused2024, today: "2025-01-02" })).toEqual({
			dueOn: "2025-01-08",
			remaining: 4,
			colour: "green",
			paused: false,
			provisional: false,
		});
	});

	it("is provisional once an overdue count reaches into 2027, and not when the calendar is not needed", () => {
		// Thu 24 Dec 2026, 5 working days: due Thursday 31 December, inside 2026.
		const december = { acceptedOn: "2026-12-24", promised: workingDays(5) };
		expect(clock({ ...december, today: "2026-12-31" })).toMatchObject({ dueOn: "2026-12-31", provisional: false });
		expect(clock({ ...december, today: "2027-01-05" })).toMatchObject({ colour: "red", remaining: -3, provisional: true });
		// 自然日 never asks the calendar.
		expect(clock({ acceptedOn: "2026-12-23", promised: calendarDays(15), today: "2027-01-02" })).toEqual({
			dueOn: "2027-01-07",
			remaining: 5,
			colour: "green",
			paused: false,
			provisional: false,
		});
	});
});

describe("answerDue and deemedAccepted (行政许可法第三十二条第一款第（四）项)", () => {
	const monday = { submittedOn: "2026-03-02", noticeSentOn: null, acceptedOn: null };

	it("gives the office 5 working days after receipt", () => {
		expect(answerDue("2026-03-02", PERMIT_ACCEPTANCE, calendar)).toEqual({ dueOn: "2026-03-09", provisional: false });
		// Thu 12 Feb 2026: Fri 13, Sat 14 (调休), Tue 24, Wed 25, Thu 26.
		expect(answerDue("2026-02-12", PERMIT_ACCEPTANCE, calendar)).toEqual({ dueOn: "2026-02-26", provisional: false });
		// Tue 30 Sep 2025: Thu 9, Fri 10, Sat 11 (调休), Mon 13, Tue 14 October.
		expect(answerDue("2025-09-30", PERMIT_ACCEPTANCE, calendar)).toEqual({ dueOn: "2025-10-14", provisional: false });
		// Tue 29 Dec 2026: 30, 31 Dec, then a Monday–Friday guess for 2027.
		expect(answerDue("2026-12-29", PERMIT_ACCEPTANCE, calendar)).toEqual({ dueOn: "2027-01-05", provisional: true });
	});

	it("deems the application accepted only after the 5th working day passes in silence", () => {
		expect(deemedAccepted({ ...monday, today: "2026-03-09" }, PERMIT_ACCEPTANCE, calendar)).toBe(false);
		expect(deemedAccepted({ ...monday, today: "2026-03-10" }, PERMIT_ACCEPTANCE, calendar)).toBe(true);
	});

	it("is not deemed when the notice went out on the 5th working day, and is when it went out late", () => {
		expect(deemedAccepted({ ...monday, noticeSentOn: "2026-03-09", today: "2026-03-20" }, PERMIT_ACCEPTANCE, calendar)).toBe(false);
		expect(deemedAccepted({ ...monday, noticeSentOn: "2026-03-10", today: "2026-03-20" }, PERMIT_ACCEPTANCE, calendar)).toBe(true);
	});

	it("is not deemed when the case was accepted or refused in time", () => {
		expect(deemedAccepted({ ...monday, acceptedOn: "2026-03-05", today: "2026-03-20" }, PERMIT_ACCEPTANCE, calendar)).toBe(false);
		expect(deemedAccepted({ ...monday, refusedOn: "2026-03-03", today: "2026-03-20" }, PERMIT_ACCEPTANCE, calendar)).toBe(false);
		expect(deemedAccepted({ ...monday, acceptedOn: "2026-03-11", today: "2026-03-20" }, PERMIT_ACCEPTANCE, calendar)).toBe(true);
	});

	it("counts the 5 days as working days across the Spring Festival, not as calendar days", () => {
		const beforeFestival = { submittedOn: "2026-02-12", noticeSentOn: null, acceptedOn: null };
		// Five calendar days would have run out on 17 February.
		expect(deemedAccepted({ ...beforeFestival, today: "2026-02-20" }, PERMIT_ACCEPTANCE, calendar)).toBe(false);
		expect(deemedAccepted({ ...beforeFestival, noticeSentOn: "2026-02-25", today: "2026-03-02" }, PERMIT_ACCEPTANCE, calendar)).toBe(false);
		expect(deemedAccepted({ ...beforeFestival, today: "2026-02-26" }, PERMIT_ACCEPTANCE, calendar)).toBe(false);
		expect(deemedAccepted({ ...beforeFestival, today: "2026-02-27" }, PERMIT_ACCEPTANCE, calendar)).toBe(true);
	});

	it("puts a 视为受理 case on the clock from receipt: received Mon 2026-03-02, accepted 03-26, 15 working days promised", () => {
		// Silence to 03-09 made it accepted on 03-02; the late click on 03-26 does not undo that.
		expect(deemedAccepted({ ...monday, acceptedOn: "2026-03-26", today: "2026-03-27" }, PERMIT_ACCEPTANCE, calendar)).toBe(true);
		// Counted from the day of receipt it was due on 03-23 and is overdue …
		expect(clock({ acceptedOn: "2026-03-02", promised: workingDays(15), today: "2026-03-27" })).toMatchObject({
			dueOn: "2026-03-23",
			colour: "red",
		});
		// … where counting from the click would show green with 14 days left.
		expect(clock({ acceptedOn: "2026-03-26", promised: workingDays(15), today: "2026-03-27" })).toMatchObject({
			colour: "green",
			remaining: 14,
		});
	});

	it("never deems an item whose rule has no 视为受理, or that has no rule", () => {
		// 信访工作条例第二十三条: a written answer within 15 calendar days, silence does not accept.
		const petition: AcceptanceRule = { within: calendarDays(15), deemed: false, basis: "《信访工作条例》第二十三条" };
		expect(answerDue("2026-02-12", petition, calendar).dueOn).toBe("2026-02-27");
		expect(deemedAccepted({ ...monday, today: "2026-04-30" }, petition, calendar)).toBe(false);
		expect(deemedAccepted({ ...monday, today: "2026-04-30" }, undefined, calendar)).toBe(false);
	});
});
