import { describe, expect, it } from "vitest";
import { maskMobile, maskName, parseMobile, parseName } from "./person";

describe("parseMobile", () => {
	it.each(["13812341234", "+86 138 1234 1234", "0086-138-1234-1234", "１３８１２３４１２３４", " 19912341234 "])("accepts %j", (input) => {
		expect(parseMobile(input).ok).toBe(true);
	});

	it("keeps only the 11 digits", () => {
		expect(parseMobile("+86 138-1234-1234")).toEqual({ ok: true, value: "13812341234" });
	});

	it.each([
		["", "phone.empty"],
		["1381234123", "phone.format"],
		["138123412345", "phone.format"],
		["10812341234", "phone.format"],
		["11812341234", "phone.format"],
		["12812341234", "phone.format"],
		["0838-6210001", "phone.landline"],
		["010-12345678", "phone.landline"],
		["1381234\u202e1234", "phone.format"],
		["138'OR 1=1", "phone.format"],
	])("refuses %j with %s", (input, code) => {
		expect(parseMobile(input)).toEqual({ ok: false, code });
	});

	it("masks the middle four digits", () => {
		expect(maskMobile("13812341234")).toBe("138****1234");
	});
});

describe("parseName", () => {
	it.each(["张三", "欧阳娜娜", "阿卜杜热合曼·买买提明", "吉𠮷祥"])("accepts %s", (name) => {
		expect(parseName(name)).toEqual({ ok: true, value: name });
	});

	it.each([
		["阿依古丽•买买提", "阿依古丽·买买提"],
		["阿依古丽．买买提", "阿依古丽·买买提"],
		["  李四 ", "李四"],
	])("reads the look-alike dot or spaces in %j", (input, value) => {
		expect(parseName(input)).toEqual({ ok: true, value });
	});

	it.each([
		["", "name.empty"],
		["   ", "name.empty"],
		["张", "name.short"],
		["张".repeat(31), "name.long"],
		["John Smith", "name.format"],
		["张三😀", "name.format"],
		["<script>", "name.format"],
		["张\u200b三", "name.format"],
		["·张三", "name.format"],
		["=张三", "name.format"],
	])("refuses %j with %s", (input, code) => {
		expect(parseName(input)).toEqual({ ok: false, code });
	});

	it("masks all but the first character", () => {
		expect(maskName("欧阳娜娜")).toBe("欧***");
		expect(maskName("张三")).toBe("张*");
	});
});
