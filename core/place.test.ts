import { describe, expect, it } from "vitest";
import { parsePlaceValue, placeCookie, placeValue } from "./place";

describe("the reader's place", () => {
	it("round-trips a township and a township with its village", () => {
		expect(parsePlaceValue(placeValue({ centre: "qingshi" }))).toEqual({ centre: "qingshi" });
		expect(parsePlaceValue(placeValue({ centre: "qingshi", station: "shiqiao" }))).toEqual({ centre: "qingshi", station: "shiqiao" });
		expect(placeValue({ centre: "he-ba", station: "dong-ba2" })).toBe("he-ba.dong-ba2");
	});

	it.each([undefined, "", ".", "qingshi.", ".shiqiao", "a.b.c", "QingShi", "青石", "qing shi", "qingshi/../x", "a".repeat(65), "-x"])(
		"reads %j as no place",
		(value) => {
			expect(parsePlaceValue(value)).toBeUndefined();
		},
	);

	it("remembers for a year, site-wide, Lax, out of scripts' reach; Secure only over HTTPS; forgets with Max-Age=0", () => {
		expect(placeCookie({ centre: "qingshi", station: "shiqiao" }, false)).toBe(
			"place=qingshi.shiqiao; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
		);
		expect(placeCookie({ centre: "qingshi" }, true)).toBe("place=qingshi; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly; Secure");
		expect(placeCookie(undefined, false)).toBe("place=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly");
	});
});
