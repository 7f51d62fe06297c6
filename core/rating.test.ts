import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CalendarYearSchema, WorkingCalendar } from "./calendar";
import {
	DEFAULT_FOLLOW_UP,
	GBT39046_LEVEL_CODE,
	PROVINCIAL_LEVEL_CODE,
	RATING_CHANNELS,
	RATING_LEVELS,
	type RatingChannel,
	followUpDue,
	followUpState,
	isBadRating,
	ratingSchema,
} from "./rating";

// The committed calendars, read as clock.test.ts reads them (core/ has no Node types).
const fsModule = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding: "utf8") => string };
const calendar = new WorkingCalendar(
	["2025", "2026"].map((year) => CalendarYearSchema.parse(parse(readFileSync(`content/calendar/${year}.yaml`, "utf8")))),
);

const messagesOf = ({ channel, ...input }: { channel: RatingChannel } & Record<string, unknown>) => {
	const result = ratingSchema(channel).safeParse(input);
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

describe("ratingSchema", () => {
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

	it("refuses an unknown level, a channel in the body, a problem twice, markup and text over 200 characters, in Chinese", () => {
		expect(messagesOf({ level: "一般", channel: "pc" })[0]).toMatch(/^level: 请选择评价等级/);
		// The route says where a rating comes from; the body cannot.
		expect(messagesOf({ level: "满意", channel: "pc", channelName: "sms" })).toHaveLength(1);
		expect(messagesOf({ level: "不满意", channel: "pc", problems: ["办事效率", "办事效率"] })).toContain("problems: 同一个方面只能选一次");
		expect(messagesOf({ level: "满意", channel: "pc", text: "好".repeat(201) })[0]).toMatch(/^text: 评价内容不能超过200个字/);
		expect(messagesOf({ level: "满意", channel: "pc", text: "<b>好</b>" })).toEqual([
			"text: 评价内容里不能有 < 或 > 符号，请删掉后再提交。",
		]);
		expect(messagesOf({ level: "满意", channel: "pc", anonymous: "yes" })[0]).toMatch(/^anonymous: /);
	});
});

describe("followUpDue: a 差评's follow-up on the working-day calendar", () => {
	const at = (chinaTime: string) => new Date(`${chinaTime}+08:00`);
	const china = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16);

	it("gives 1, 5 and 15 working days by default, at the rating's time of day, across a 调休 Saturday and the Spring Festival", () => {
		// Rated Friday 2026-02-13 at 10:30: Sat 02-14 is a 调休 workday, then the festival to 02-23, and Sat 02-28 works too.
		const due = followUpDue(at("2026-02-13T10:30:00"), DEFAULT_FOLLOW_UP, calendar);
		expect([due.contactBy, due.fixBy, due.capBy].map(china)).toEqual(["2026-02-14T10:30", "2026-02-27T10:30", "2026-03-12T10:30"]);
	});

	it("takes the China date, not the UTC one: 07:00 on Tuesday in China is still Monday in UTC", () => {
		expect(china(followUpDue(at("2026-03-03T07:00:00"), DEFAULT_FOLLOW_UP, calendar).contactBy)).toBe("2026-03-04T07:00");
	});

	it("follows the deployment's own settings", () => {
		const due = followUpDue(at("2026-03-02T09:00:00"), { contactDays: 2, fixDays: 7, capDays: 15 }, calendar);
		expect([due.contactBy, due.fixBy].map(china)).toEqual(["2026-03-04T09:00", "2026-03-11T09:00"]);
	});
});

describe("followUpState: the next step, its due time and colour", () => {
	const due = followUpDue(new Date("2026-03-02T02:00:00Z"), DEFAULT_FOLLOW_UP, calendar); // Monday 10:00 in China
	const open = { ...due, contactedAt: null, resolvedAt: null };

	it("asks for the call first: green on the rating day, yellow on its last day, red once the hour has passed", () => {
		expect(followUpState(open, new Date("2026-03-02T08:00:00Z"))).toMatchObject({ step: "contact", colour: "green", late: false });
		expect(followUpState(open, new Date("2026-03-03T01:59:00Z"))).toMatchObject({ step: "contact", colour: "yellow", late: false });
		expect(followUpState(open, new Date("2026-03-03T02:01:00Z"))).toMatchObject({ step: "contact", colour: "red", late: true });
	});

	it("then runs on the fix date; an anonymous rating has no call; a resolved one has no step", () => {
		const called = { ...open, contactedAt: "2026-03-02T05:00:00Z" };
		expect(followUpState(called, new Date("2026-03-03T05:00:00Z"))).toMatchObject({ step: "fix", dueBy: due.fixBy, colour: "green" });
		expect(followUpState({ ...open, contactBy: null }, new Date("2026-03-03T05:00:00Z"))).toMatchObject({ step: "fix" });
		expect(followUpState(called, new Date("2026-03-23T05:00:00Z"))).toMatchObject({ colour: "red", pastCap: true });
		expect(followUpState(called, new Date("2026-03-20T05:00:00Z"))).toMatchObject({ colour: "red", pastCap: false });
		expect(followUpState({ ...called, resolvedAt: "2026-03-04T00:00:00Z" }, new Date("2026-03-20T00:00:00Z"))).toMatchObject({
			step: "done",
			colour: null,
		});
	});
});
