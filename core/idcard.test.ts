import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idCardCheckChar, maskIdCard, parseIdCard } from "./idcard";

const TODAY = "2026-11-28";
const withCheck = (first17: string) => first17 + idCardCheckChar(first17);

/** Valid numbers: a real-looking region, a real birth date up to today, any sequence. */
const validIdCard = fc
	.record({
		region: fc.constantFrom("110101", "310104", "440305", "510104", "654325", "810000", "820000", "830000"),
		birth: fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }),
		sequence: fc.integer({ min: 0, max: 999 }),
	})
	.map(({ region, birth, sequence }) =>
		withCheck(region + birth.toISOString().slice(0, 10).replaceAll("-", "") + String(sequence).padStart(3, "0")),
	);

describe("parseIdCard (GB 11643)", () => {
	it("accepts every generated valid number", () => {
		fc.assert(
			fc.property(validIdCard, (id) => {
				expect(parseIdCard(id, TODAY)).toEqual({ ok: true, value: id });
			}),
			{ numRuns: 2000 },
		);
	});

	it("refuses every single-character substitution", () => {
		fc.assert(
			fc.property(validIdCard, fc.nat(17), fc.constantFrom(..."0123456789X"), (id, at, char) => {
				fc.pre(id[at] !== char && !(at < 17 && char === "X"));
				expect(parseIdCard(id.slice(0, at) + char + id.slice(at + 1), TODAY).ok).toBe(false);
			}),
			{ numRuns: 3000 },
		);
	});

	it("refuses every adjacent transposition", () => {
		fc.assert(
			fc.property(validIdCard, fc.nat(16), (id, at) => {
				fc.pre(id[at] !== id[at + 1]);
				const swapped = id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2);
				expect(parseIdCard(swapped, TODAY).ok).toBe(false);
			}),
			{ numRuns: 3000 },
		);
	});

	it("normalises full-width digits, a lower-case x and surrounding spaces once", () => {
		const id = withCheck("11010119900307002");
		expect(id.endsWith("X")).toBe(true);
		const typed = `  ${[...id.toLowerCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("")} `;
		expect(parseIdCard(typed, TODAY)).toEqual({ ok: true, value: id });
	});

	it.each([
		["", "idcard.empty"],
		["110101900307002", "idcard.old15"],
		["11010119900307002", "idcard.length"],
		["1101011990030700231", "idcard.length"],
		["11010119900307002Y", "idcard.format"],
		["110101199003070\u200b02X", "idcard.format"],
		[withCheck("00000019900307002"), "idcard.region"],
		[withCheck("11000019900307002"), "idcard.region"],
		[withCheck("91010019900307002"), "idcard.foreigner"],
		[withCheck("11010119990230002"), "idcard.date"],
		[withCheck("11010119000229002"), "idcard.date"],
		[withCheck("11010118991231002"), "idcard.date"],
		[withCheck("11010120261129002"), "idcard.date"],
	])("refuses %j with %s", (input, code) => {
		expect(parseIdCard(input, TODAY)).toEqual({ ok: false, code });
	});

	it("accepts a leap day that exists and a birth today", () => {
		expect(parseIdCard(withCheck("11010120000229002"), TODAY).ok).toBe(true);
		expect(parseIdCard(withCheck("11010120261128002"), TODAY).ok).toBe(true);
	});
});

describe("maskIdCard", () => {
	it("shows the first three and last four characters only", () => {
		expect(maskIdCard("11010119900307002X")).toBe("110***********002X");
	});
});
