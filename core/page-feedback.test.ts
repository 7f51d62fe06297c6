import { describe, expect, it } from "vitest";
import { checkFeedback, feedbackFromForm, maskPersonalData, recentWeeks, weekFlags, weekOf } from "./page-feedback";

const isGuide = (code: string) => code === "dibao";

describe("weekOf: calendar weeks from Monday, China time", () => {
	it.each([
		["2026-03-22T15:59:59Z", "2026-03-16"], // Sunday 23:59:59 in China
		["2026-03-22T16:00:00Z", "2026-03-23"], // Monday 00:00 in China, still Sunday in UTC
		["2026-03-29T15:59:59Z", "2026-03-23"],
		["2028-02-29T04:00:00Z", "2028-02-28"], // a leap day, a Tuesday
		["2026-01-01T00:00:00Z", "2025-12-29"], // a week across the new year
	])("%s is in the week of %s", (at, monday) => {
		expect(weekOf(new Date(at))).toBe(monday);
	});

	it("lists the recent weeks newest first", () => {
		expect(recentWeeks(new Date("2026-03-25T04:00:00Z"), 3)).toEqual(["2026-03-23", "2026-03-16", "2026-03-09"]);
	});
});

describe("the flag", () => {
	it("takes three of 电话打不通 or 材料不对, nothing else", () => {
		const reasons = { materials: 3, deadline: 9, phone: 2, address: 9, unclear: 9, other: 9 };
		expect(weekFlags(reasons)).toEqual(["materials"]);
		expect(weekFlags({ ...reasons, phone: 3 })).toEqual(["phone", "materials"]);
		expect(weekFlags({ ...reasons, materials: 2 })).toEqual([]);
	});
});

describe("maskPersonalData", () => {
	it.each([
		["手机13812345678", "手机138****5678"],
		["手机 138-1234-5678。", "手机 138****5678。"],
		["0086 13812345678", "138****5678"],
		["8613812345678", "138****5678"],
		["身份证110105194005120011", "身份证110***********0011"],
		["１３８１２３４５６７８", "138****5678"],
		["138123456789", "138*****6789"],
	])("masks %s", (text, masked) => {
		expect(maskPersonalData(text)).toBe(masked);
	});

	it.each(["0838-1234567", "010-12345678", "12345", "2026-03-01", "第3次"])("keeps %s", (text) => {
		expect(maskPersonalData(text)).toBe(text);
	});
});

describe("checkFeedback", () => {
	it("takes 有用 and 没用 with a reason, masking the text", () => {
		expect(checkFeedback({ item: "dibao", useful: true }, isGuide)).toEqual({
			ok: true,
			value: { item: "dibao", useful: true, reason: null, text: null },
		});
		expect(checkFeedback({ item: "dibao", useful: false, reason: "phone", text: " 打13812345678 " }, isGuide)).toEqual({
			ok: true,
			value: { item: "dibao", useful: false, reason: "phone", text: "打138****5678" },
		});
	});

	it("reads a form's yes and no, and keeps repeated keys for the check to refuse", () => {
		expect(feedbackFromForm([["useful", "no"]]).useful).toBe(false);
		expect(feedbackFromForm([["useful", "yes"]]).useful).toBe(true);
		expect(feedbackFromForm([["useful", "maybe"]]).useful).toBe("maybe");
		const twice = feedbackFromForm([
			["item", "dibao"],
			["useful", "no"],
			["reason", "phone"],
			["reason", "other"],
		]);
		expect(checkFeedback(twice, isGuide)).toEqual({ ok: false, errors: [{ field: "reason", code: "type" }] });
	});
});
