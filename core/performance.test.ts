import { describe, expect, it } from "vitest";
import {
	type CaseFact,
	type ComplaintFact,
	PERFORMANCE_COLUMNS,
	PerformanceFileSchema,
	PerformanceRowSchema,
	monthFigures,
	performanceFile,
	performanceRow,
} from "./performance";

const base: CaseFact = {
	centre: "qingshi",
	window: "minzheng",
	station: "shiqiao",
	item: "gaoling-jintie",
	channel: "online",
	acceptedOn: "2026-03-02",
	closedOn: "2026-03-05",
	status: "completed",
	pastPromise: false,
	pastLegal: false,
	daysUsed: 3,
	promisedDays: 10,
	legalDays: 20,
	overdueReason: null,
	rated: false,
};
const now = new Date("2026-04-01T00:00:00Z");

describe("monthFigures", () => {
	const cases: CaseFact[] = [
		{ ...base, rated: true },
		{ ...base, channel: "agent", daysUsed: 5, rated: true },
		{ ...base, pastPromise: true, daysUsed: 12, overdueReason: "需要县里复核", rated: true },
		{ ...base, pastPromise: true, pastLegal: true, daysUsed: 22, overdueReason: "鉴定排队" },
		{ ...base, status: "not_accepted", daysUsed: null },
		// Withdrawn: nothing to rate, so not counted in 评价率.
		{ ...base, acceptedOn: "2026-02-20", status: "withdrawn", daysUsed: null },
		// Accepted in February, completed in March: counts as done in March, not as accepted.
		{ ...base, acceptedOn: "2026-02-27", legalDays: null, pastLegal: null, daysUsed: 4 },
		// Accepted in March, still running.
		{ ...base, closedOn: null, status: "in_progress", daysUsed: null, channel: "agent" },
		// Another month entirely.
		{ ...base, acceptedOn: "2026-04-01", closedOn: "2026-04-02" },
	];
	const ratings = [
		{ level: "满意", assessNumber: 1, anonymous: false, isDefault: false, followUp: null, on: "2026-03-06" },
		{ level: "非常满意", assessNumber: 1, anonymous: false, isDefault: false, followUp: null, on: "2026-03-06" },
		{ level: "基本满意", assessNumber: 1, anonymous: true, isDefault: true, followUp: null, on: "2026-03-20" },
		{
			level: "不满意",
			assessNumber: 1,
			anonymous: false,
			isDefault: false,
			on: "2026-03-07",
			followUp: {
				contactBy: "2026-03-09T02:00:00Z",
				fixBy: "2026-03-13T02:00:00Z",
				capBy: "2026-03-27T02:00:00Z",
				contactedAt: "2026-03-08T02:00:00Z",
				resolvedAt: "2026-03-10T02:00:00Z",
				finding: "情况属实",
			},
		},
	] as const;
	const complaints: ComplaintFact[] = [
		{ centre: "qingshi", window: null, station: null, filedOn: "2026-03-03", repliedOn: "2026-03-05", inTime: true },
		{ centre: "qingshi", window: null, station: null, filedOn: "2026-03-10", repliedOn: "2026-03-30", inTime: false },
		{ centre: "qingshi", window: null, station: null, filedOn: "2026-02-10", repliedOn: "2026-02-11", inTime: true },
	];
	const f = monthFigures("2026-03", cases, [...ratings], complaints, now);

	it("counts acceptance by its month and completion by its month", () => {
		expect(f).toMatchObject({ month: "2026-03", accepted: 6, completed: 5 });
	});

	it("times completion against the promise and, where there is one, the legal limit", () => {
		// 5 done, 2 past the promise; 4 with a legal limit, 1 past it.
		expect(f.onTimeRate).toBe(60);
		expect(f.legalOnTimeRate).toBe(75);
		expect(f.overdue).toEqual([
			{ item: "gaoling-jintie", reason: "需要县里复核" },
			{ item: "gaoling-jintie", reason: "鉴定排队" },
		]);
	});

	it("averages the days used against the promise and gives 实际提速 against the legal days", () => {
		expect(f.averageDays).toBe(9.2); // (3 + 5 + 12 + 22 + 4) / 5
		expect(f.averagePromisedDays).toBe(10);
		// Legal days 4 × 20 = 80, used 3 + 5 + 12 + 22 = 42: 1 − 42/80 = 47.5 %.
		expect(f.speedUp).toBe(47.5);
	});

	it("leaves default ratings out of 满意率 and 评价率, and counts the 差评 fixed", () => {
		// 3 rated by their applicants out of the 6 closed in March that can be rated; 2 of the 3 satisfied.
		expect(f.ratingRate).toBe(50);
		expect(f.satisfactionRate).toBe(66.7);
		expect(f).toMatchObject({ badRatings: 1, fixRate: 100 });
	});

	it("counts complaints filed in the month and how many were answered in time, and the channels of acceptance", () => {
		expect(f).toMatchObject({ complaints: 2, complaintsInTime: 50, channels: { online: 4, agent: 2, window: 0 } });
	});

	it("answers null rates, not zeros, for a month with nothing", () => {
		expect(monthFigures("2026-05", cases, [], [], now)).toMatchObject({
			accepted: 0,
			onTimeRate: null,
			satisfactionRate: null,
			speedUp: null,
		});
	});
});

describe("performance.json", () => {
	const march = monthFigures("2026-03", [base, { ...base, pastPromise: true, overdueReason: "需要县里复核" }], [], [], now);
	const rows = [performanceRow("city", "全市", march), performanceRow("centre", "青石镇便民服务中心", march)];

	it("has a row shape with exactly the open-data columns, in their order", () => {
		expect(Object.keys(PerformanceRowSchema.shape)).toEqual(PERFORMANCE_COLUMNS.map(([, key]) => key));
		expect(Object.keys(rows[0])).toEqual(PERFORMANCE_COLUMNS.map(([, key]) => key));
	});

	it("builds the file through its schema: licence, the last computation as China date and instant, columns, rows", () => {
		const file = performanceFile(rows, "2026-03-31T16:30:00.000Z");
		expect(file).toMatchObject({ updated: "2026-04-01", computedAt: "2026-03-31T16:30:00.000Z" });
		expect(file.columns[0]).toEqual({ key: "month", name: "统计月份" });
		expect(file.rows[1]).toMatchObject({ scope: "便民服务中心", accepted: 2, onTimeRate: 50, overdueCount: 1, satisfactionRate: null });
		expect(performanceFile([], null)).toMatchObject({ updated: null, computedAt: null, rows: [] });
	});

	it("refuses a row with a missing or extra key, a wrong type, a rate over 100 or another scope, and columns out of order", () => {
		const file = performanceFile(rows, "2026-03-31T16:30:00.000Z");
		const bad = (change: (f: Record<string, unknown> & { rows: Record<string, unknown>[] }) => void) => {
			const copy = JSON.parse(JSON.stringify(file)) as Record<string, unknown> & { rows: Record<string, unknown>[] };
			change(copy);
			return PerformanceFileSchema.safeParse(copy).success;
		};
		expect(bad(() => undefined)).toBe(true);
		expect(bad((f) => delete f.rows[0].accepted)).toBe(false);
		expect(bad((f) => (f.rows[0].phone = "13800000000"))).toBe(false);
		expect(bad((f) => (f.rows[0].accepted = "2"))).toBe(false);
		expect(bad((f) => (f.rows[0].onTimeRate = 100.1))).toBe(false);
		expect(bad((f) => (f.rows[0].scope = "某人"))).toBe(false);
		expect(bad((f) => (f.updated = "2026-4-1"))).toBe(false);
		expect(bad((f) => void (f.columns as unknown[]).reverse())).toBe(false);
	});
});
