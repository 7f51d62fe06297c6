import { describe, expect, it } from "vitest";
import { isPublicPhone } from "./phone";

describe("isPublicPhone", () => {
	it.each(["0838-6210001", "010-12345678", "13900001101", "12345", "12348"])("accepts %s", (phone) => {
		expect(isPublicPhone(phone)).toBe(true);
	});

	it.each(["6210001", "0838 6210001", "08386210001", "+8613900001101", "1390000110", "12900001101", "110", "0838-621000", ""])(
		"refuses %s",
		(phone) => {
			expect(isPublicPhone(phone)).toBe(false);
		},
	);
});
