import { describe, expect, it } from "vitest";
import { ACTIONS, CASE_STATUSES, FINAL_STATUSES, STATUS_NAMES, nextStatus } from "./case";

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

	it("sends an answered 补正 back to the window to be accepted", () => {
		expect(nextStatus("correction", "answer_correction")).toBe("submitted");
	});
});

describe("the state machine", () => {
	/** DESIGN.md's diagram, edge by edge. */
	const EDGES = [
		"submitted accept accepted",
		"accepted start in_progress",
		"submitted request_correction correction",
		"correction answer_correction submitted",
		"submitted refuse not_accepted",
		"submitted withdraw withdrawn",
		"correction withdraw withdrawn",
		"in_progress extend in_progress",
		"in_progress suspend suspended",
		"suspended resume in_progress",
		"in_progress complete completed",
		"in_progress forward forwarded",
	];

	it("allows exactly the transitions of the diagram", () => {
		const allowed = STATUS_NAMES.flatMap((s) => ACTIONS.map((a) => [s, a, nextStatus(s, a)] as const))
			.filter(([, , to]) => to !== undefined)
			.map(([s, a, to]) => `${s} ${a} ${to}`);
		expect(allowed.sort()).toEqual([...EDGES].sort());
	});

	it("lets nothing leave a final state", () => {
		for (const s of FINAL_STATUSES) for (const a of ACTIONS) expect(nextStatus(s, a)).toBeUndefined();
	});
});
