import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CalendarYearSchema, WorkingCalendar } from "./calendar";
import {
	DEFAULT_FOLLOW_UP,
	GBT39046_LEVEL_CODE,
	PROVINCIAL_LEVEL_CODE,
	RATING_CHANNELS,
	RATING_LEVELS,
	RatingSchema,
	followUpDue,
	isBadRating,
} from "./rating";

// The committed calendars, read as clock.test.ts reads them (core/ has no Node types).
const fsModule = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding: "utf8") => string };
const calendar = new WorkingCalendar(
	["2025", "2026"].map((year) => CalendarYearSchema.parse(parse(readFileSync(`content/calendar/${year}.yaml`, "utf8")))),
);

const messagesOf = (input: unknown) => {
	const result = RatingSchema.safeParse(input);
	return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("好差评 levels and the two code lists", () => {
	it("maps each level to GB/T 39046 表A.8 (1 = 非常满意) and to the provincial interface (1 = 非常不满意)", () => {
		expect(RATING_LEVELS.map((l) => GBT39046_LEVEL_CODE[l])).toEqual([1, 2, 3, 4, 5]);
		expect(RATING_LEVELS.map((l) => PROVINCIAL_LEVEL_CODE[l])).toEqual([5, 4, 3, 2, 1]);
		// The same words, opposite numbers: nothing may store the number instead of the words.
		for (const l of RATING_LEVELS) expect(GBT39046_LEVEL_CODE[l] + PROVINCIAL_LEVEL_CODE[l]).toBe(6);
	});

	it("counts only 不满意 and 非常不满意 as 差评", () => {
		expect(RATING_LEVELS.filter(isBadRating)).toEqual(["不满意", "非常不满意"]);
	});

	it("carries the national channel codes", () => {
		expect(RATING_CHANNELS).toEqual({ pc: 1, mobile: 2, qr: 3, hallTablet: 4, otherTerminal: 5, phone: 6, sms: 7 });
	});
});

describe("RatingSchema", () => {
	it("takes a good rating without problems, and a 差评 with what went wrong from the channel's dimensions", () => {
		expect(messagesOf({ level: "满意", channel: "mobile" })).toEqual([]);
		expect(messagesOf({ level: "不满意", channel: "mobile", problems: ["办事效率"], text: "等了很久" })).toEqual([]);
		expect(messagesOf({ level: "非常不满意", channel: "hallTablet", problems: ["服务态度"] })).toEqual([]);
	});

	it("asks a 差评 what went wrong, refuses problems on a good rating and a dimension of the other channel kind", () => {
		expect(messagesOf({ level: "不满意", channel: "pc" })).toEqual(["problems: 请选择哪方面不满意（可以多选）"]);
		expect(messagesOf({ level: "满意", channel: "pc", problems: ["办事效率"] })).toEqual([
			"problems: 只有选「不满意」或「非常不满意」时才选哪方面不满意",
		]);
		// 服务态度 is asked in person, 平台操作性 online.
		expect(messagesOf({ level: "不满意", channel: "pc", problems: ["服务态度"] })[0]).toMatch(/^problems.0: 「服务态度」不是可以选的方面/);
		expect(messagesOf({ level: "不满意", channel: "hallTablet", problems: ["平台操作性"] })[0]).toMatch(/^problems.0: 「平台操作性」/);
	});

	it("refuses an unknown level or channel and text over 200 characters, in Chinese", () => {
		expect(messagesOf({ level: "一般", channel: "pc" })[0]).toMatch(/^level: 请选择评价等级/);
		expect(messagesOf({ level: "满意", channel: "wechat" })[0]).toMatch(/^channel: 评价渠道不对/);
		expect(messagesOf({ level: "满意", channel: "pc", text: "好".repeat(201) })[0]).toMatch(/^text: 评价内容不能超过200个字/);
	});
});

describe("followUpDue: a 差评's follow-up on the working-day calendar", () => {
	it("gives 1, 5 and 15 working days by default, across a 调休 Saturday and the Spring Festival", () => {
		// Rated Friday 2026-02-13: Sat 02-14 is a 调休 workday, then the festival to 02-23, and Sat 02-28 works too.
		expect(followUpDue("2026-02-13", DEFAULT_FOLLOW_UP, calendar)).toEqual({
			contactBy: "2026-02-14",
			fixBy: "2026-02-27",
			capBy: "2026-03-12",
		});
	});

	it("follows the deployment's own settings", () => {
		expect(followUpDue("2026-03-02", { contactDays: 2, fixDays: 7, capDays: 15 }, calendar)).toMatchObject({
			contactBy: "2026-03-04",
			fixBy: "2026-03-11",
		});
	});
});
