import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CalendarYearSchema, WorkingCalendar, addDays } from "./calendar";
import { FROM_THE_START, NEVER, type Suspension, caseClock, clockTurns } from "./clock";
import type { Deadline } from "./item";

// The committed calendars, read as clock.test.ts reads them (core/ has no Node types).
const fsModule = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding: "utf8") => string };
const calendar = new WorkingCalendar(
	["2025", "2026"].map((year) => CalendarYearSchema.parse(parse(readFileSync(`content/calendar/${year}.yaml`, "utf8")))),
);

/** What the turns say of one day: the colour caseClock gives, read from the stored dates alone. */
function colourFrom(turns: { nearOn: string; redOn: string }, today: string) {
	return today >= turns.redOn ? "red" : today >= turns.nearOn ? "yellow" : "green";
}

/** The clock as the back office runs it: a today before the start reads as the start (clockFrom). */
function clockOn(acceptedOn: string, promised: Deadline, suspensions: Suspension[], today: string) {
	return caseClock({ acceptedOn, promised, suspensions, today: today < acceptedOn ? acceptedOn : today }, calendar);
}

const day = (offset: number) => addDays("2026-01-05", offset);

/** A start, a limit, and up to two suspensions after it (the last may still be open), as the back office records them. */
const caseArb = fc
	.record({
		start: fc.integer({ min: 0, max: 300 }),
		days: fc.integer({ min: 0, max: 60 }),
		unit: fc.constantFrom<Deadline["unit"]>("工作日", "自然日"),
		pauses: fc.array(fc.record({ after: fc.integer({ min: 0, max: 25 }), length: fc.integer({ min: 0, max: 20 }) }), { maxLength: 2 }),
		open: fc.boolean(),
		near: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
	})
	.map(({ start, days, unit, pauses, open, near }) => {
		const suspensions: Suspension[] = [];
		let at = start;
		pauses.forEach((p, i) => {
			const from = at + p.after;
			const last = i === pauses.length - 1;
			suspensions.push({ from: day(from), to: open && last ? null : day(from + p.length) });
			at = from + p.length;
		});
		return { acceptedOn: day(start), promised: { days, unit }, suspensions, near };
	});

describe("clockTurns: the stored turns give caseClock's colour on every day", () => {
	it("agrees with caseClock from before the start to long after the due date, with and without 挂起 (open or ended)", () => {
		fc.assert(
			fc.property(caseArb, ({ acceptedOn, promised, suspensions, near }) => {
				const turns = clockTurns({ acceptedOn, promised, suspensions }, calendar, near);
				const threshold = near ?? Math.max(2, Math.ceil(promised.days / 5));
				for (let d = addDays(acceptedOn, -3); d <= addDays(acceptedOn, 110); d = addDays(d, 1)) {
					const clock = clockOn(acceptedOn, promised, suspensions, d);
					const level = clock.colour === "red" ? "red" : clock.remaining <= threshold ? "yellow" : "green";
					expect(colourFrom(turns, d), `${JSON.stringify({ acceptedOn, promised, suspensions, near })} on ${d}`).toBe(level);
				}
			}),
			{ numRuns: 120 },
		);
	}, 60_000);

	it("names the days on the real calendar: 5 working days from Monday 2026-03-02 turn yellow on 03-05 and red on 03-10", () => {
		const turns = clockTurns({ acceptedOn: "2026-03-02", promised: { days: 5, unit: "工作日" }, suspensions: [] }, calendar);
		expect(turns).toEqual({ nearOn: "2026-03-05", redOn: "2026-03-10" });
	});

	it("a case paused while green never turns; one paused past its due date stays red; a 即办件 is near from the start", () => {
		const promised: Deadline = { days: 10, unit: "工作日" };
		expect(clockTurns({ acceptedOn: "2026-03-02", promised, suspensions: [{ from: "2026-03-04", to: null }] }, calendar)).toEqual({
			nearOn: NEVER,
			redOn: NEVER,
		});
		const late = clockTurns({ acceptedOn: "2026-03-02", promised, suspensions: [{ from: "2026-03-25", to: null }] }, calendar);
		expect(late.redOn).toBe("2026-03-17");
		expect(clockTurns({ acceptedOn: "2026-03-02", promised: { days: 0, unit: "工作日" }, suspensions: [] }, calendar)).toEqual({
			nearOn: FROM_THE_START,
			redOn: "2026-03-03",
		});
	});
});
