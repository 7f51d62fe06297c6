import { describe, expect, it } from "vitest";
import { idNumberIndexText, phoneIndexText } from "./blind-index";

describe("blind index text", () => {
	it("gives one text for an ID number however it was typed", () => {
		const plain = "11010519491231002X";
		for (const typed of ["11010519491231002X", "11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", " 110105 19491231 002x "])
			expect(idNumberIndexText(typed)).toBe(plain);
	});

	it("refuses what cannot be an ID number", () => {
		for (const typed of ["", "1101051949123100", "11010519491231002Y", "13812345678"]) expect(idNumberIndexText(typed)).toBeNull();
	});

	it("gives one text for a mobile number, distinct from any ID number's", () => {
		expect(phoneIndexText("138 1234 5678")).toBe("phone:13812345678");
		expect(phoneIndexText("１３８１２３４５６７８")).toBe("phone:13812345678");
		expect(phoneIndexText("12345")).toBeNull();
	});
});
