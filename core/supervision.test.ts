import { describe, expect, it } from "vitest";
import { DEFAULT_NEAR_DAYS, SUPERVISION_RULES, caseWarnings, centreIdle, nearDaysSetting, recordNo } from "./supervision";

const running = { noticeLate: false, refusedWithoutReason: false };
const ids = (s: Parameters<typeof caseWarnings>[0], near?: number) => caseWarnings(s, near).map((r) => r.id);

describe("电子监察 rules", () => {
	it("are data: unique ids, one rule per trigger", () => {
		expect(new Set(SUPERVISION_RULES.map((r) => r.id)).size).toBe(SUPERVISION_RULES.length);
		expect(new Set(SUPERVISION_RULES.map((r) => r.trigger)).size).toBe(SUPERVISION_RULES.length);
	});

	it("gives 黄牌 within N counted days of the promise, 红牌 past it, and its own mark past the legal limit", () => {
		const finish = (remaining: number, colour: "green" | "yellow" | "red", legalOverdue = false) => ({
			...running,
			clock: { kind: "finish" as const, colour, remaining, legalOverdue },
		});
		expect(ids(finish(5, "green"))).toEqual([]);
		expect(ids(finish(2, "yellow"))).toEqual(["JC01"]);
		expect(ids(finish(3, "green"), 3)).toEqual(["JC01"]);
		expect(ids(finish(-1, "red"))).toEqual(["JC02"]);
		expect(ids(finish(-9, "red", true))).toEqual(["JC02", "JC03"]);
	});

	it("warns of a late step: an answer past its day, a 补正 notice sent late, a refusal with no reason", () => {
		expect(ids({ ...running, clock: { kind: "answer", colour: "red", remaining: -1, legalOverdue: false } })).toEqual(["JC04"]);
		expect(ids({ clock: null, noticeLate: true, refusedWithoutReason: true })).toEqual(["JC05", "JC06"]);
	});

	it("marks a centre idle only on a working day with running cases and no event at all", () => {
		expect(centreIdle("2026-03-02", true, 4, new Set())).toBe(true);
		expect(centreIdle("2026-03-02", true, 4, new Set(["2026-03-02"]))).toBe(false);
		expect(centreIdle("2026-03-07", false, 4, new Set())).toBe(false);
		expect(centreIdle("2026-03-02", true, 0, new Set())).toBe(false);
	});

	it("close by themselves only where the condition can go away; a fact that stays true waits for the head", () => {
		const byHead = SUPERVISION_RULES.filter((r) => r.closes === "head").map((r) => r.trigger);
		expect(byHead).toEqual(["notice_late", "refusal_without_reason", "centre_idle"]);
	});

	it("read SUPERVISION_NEAR_DAYS as a whole number of days from 0 to 10, else the default", () => {
		expect(nearDaysSetting("3")).toBe(3);
		expect(nearDaysSetting("0")).toBe(0);
		for (const raw of [undefined, "", " ", "-1", "11", "2.5", "两天"]) expect(nearDaysSetting(raw)).toBe(DEFAULT_NEAR_DAYS);
	});

	it("number a record by rule, China day and row", () => {
		expect(recordNo("JC02", "2026-03-20", 17)).toBe("JC02-20260320-000017");
	});
});
