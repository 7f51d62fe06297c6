import { describe, expect, it } from "vitest";
import { AFTER_CORRECTION, CASE_STATUSES, EVENT_KINDS, STATUS_NAMES } from "./case";

describe("case statuses", () => {
	it("map to the national 办件状态 codes named in the comments", () => {
		expect(CASE_STATUSES).toEqual({
			submitted: "02",
			accepted: "05",
			correction: "06",
			not_accepted: "07",
			in_progress: "08",
			suspended: "09",
			completed: "10",
			forwarded: "11",
			withdrawn: "13",
		});
	});

	it("has nine names, each with its own two-digit code", () => {
		expect(STATUS_NAMES).toHaveLength(9);
		expect(STATUS_NAMES).toEqual(Object.keys(CASE_STATUSES));
		const codes = Object.values(CASE_STATUSES);
		expect(new Set(codes).size).toBe(9);
		for (const code of codes) expect(code).toMatch(/^\d{2}$/);
	});

	it("sends an answered 补正 back to be accepted, and records the three citizen events", () => {
		expect(AFTER_CORRECTION).toBe("submitted");
		expect(STATUS_NAMES).toContain(AFTER_CORRECTION);
		expect(EVENT_KINDS).toEqual(["submitted", "correction_requested", "correction_answered"]);
	});
});
