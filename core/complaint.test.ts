import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CalendarYearSchema, WorkingCalendar } from "./calendar";
import { checkComplaint, complaintClock, placesCheck } from "./complaint";

// The committed calendars, read as clock.test.ts reads them (core/ has no Node types).
const fsModule = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding: "utf8") => string };
const calendar = new WorkingCalendar(
	["2025", "2026"].map((year) => CalendarYearSchema.parse(parse(readFileSync(`content/calendar/${year}.yaml`, "utf8")))),
);

const open = { asPetition: false, acknowledgedOn: null, extended: false, repliedOn: null };

describe("complaintClock", () => {
	it("acknowledges within 1 and answers within 5 working days, across the Spring Festival and its 调休 Saturday", () => {
		// Filed Friday 2026-02-13: Sat 02-14 works, the festival runs to 02-23.
		expect(complaintClock({ ...open, filedOn: "2026-02-13" }, "2026-02-13", calendar)).toMatchObject({
			acknowledgeBy: "2026-02-14",
			answerBy: "2026-02-27",
			overdueDays: 0,
			late: false,
		});
	});

	it("adds 5 working days once extended, and counts 超期天数 in working days until the answer", () => {
		const filed = { ...open, filedOn: "2026-03-02", acknowledgedOn: "2026-03-02" };
		expect(complaintClock({ ...filed, extended: true }, "2026-03-02", calendar).answerBy).toBe("2026-03-16");
		// Due Monday 03-09; answered Friday 03-13: four working days late (10, 11, 12, 13).
		expect(complaintClock({ ...filed, repliedOn: "2026-03-13" }, "2026-03-20", calendar)).toMatchObject({ overdueDays: 4, late: false });
		expect(complaintClock(filed, "2026-03-10", calendar)).toMatchObject({ overdueDays: 1, late: true });
	});

	it("runs a 信访 on calendar days: notice within 15 days, 60 days from that notice, 30 more once", () => {
		const petition = { ...open, asPetition: true, filedOn: "2026-03-02" };
		expect(complaintClock(petition, "2026-03-02", calendar)).toMatchObject({
			acknowledgeBy: "2026-03-17",
			answerBy: "2026-05-16",
			unit: "自然日",
		});
		expect(complaintClock({ ...petition, acknowledgedOn: "2026-03-05" }, "2026-03-05", calendar).answerBy).toBe("2026-05-04");
		expect(complaintClock({ ...petition, acknowledgedOn: "2026-03-05", extended: true }, "2026-03-05", calendar).answerBy).toBe(
			"2026-06-03",
		);
	});

	it("is late when the acknowledgement is overdue, even with the answer still in time", () => {
		expect(complaintClock({ ...open, filedOn: "2026-03-02" }, "2026-03-04", calendar)).toMatchObject({ acknowledgeLate: true, late: true });
	});
});

describe("checkComplaint", () => {
	const known = placesCheck(
		[
			{
				slug: "qingshi",
				name: "青石镇便民服务中心",
				stations: [{ slug: "shiqiao", name: "石桥村" }],
				windows: [{ slug: "minzheng", name: "民政" }],
			},
		],
		(code) => code === "gaoling-jintie",
	);
	const base = {
		type: "建议",
		centre: "qingshi",
		title: "希望延长午间服务",
		content: "逢场天中午人多，希望午间也有人值班。",
		consent: "true",
	};

	it("takes a complaint with no contact at all, optional fields empty as null", () => {
		const checked = checkComplaint({ ...base, station: "", window: "", item: "", name: "", phone: "" }, known);
		expect(checked).toMatchObject({
			ok: true,
			value: { station: null, window: null, item: null, name: null, phone: null, asPetition: false },
		});
	});

	it("needs a phone for a reply by phone and a name and phone for a 信访, and says so once per field", () => {
		const checked = checkComplaint({ ...base, replyByPhone: "true", asPetition: "true" }, known);
		expect(checked.ok ? [] : checked.errors.map((e) => e.field)).toEqual(["phone", "name"]);
	});

	it("checks places against the centre: a window or station elsewhere is refused", () => {
		const checked = checkComplaint({ ...base, centre: "qingshi", station: "songlin", window: "yibao" }, known);
		expect(checked.ok ? [] : checked.errors.map((e) => e.field)).toEqual(["station", "window"]);
	});
});
