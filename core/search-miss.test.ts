import { describe, expect, it } from "vitest";
import { checkSearchMiss } from "./search-miss";

describe("checkSearchMiss", () => {
	it("keeps a query, normalised", () => {
		expect(checkSearchMiss({ q: "  ＤＩ   Bao " })).toEqual({ ok: true, value: "di bao" });
		expect(checkSearchMiss({ q: "我家的牛丢了" })).toEqual({ ok: true, value: "我家的牛丢了" });
	});

	it.each([
		[{}, "required"],
		[{ q: "   " }, "required"],
		[null, "invalid"],
		[[], "invalid"],
		["低保", "invalid"],
		[{ q: 1 }, "invalid"],
		[{ q: ["低保"] }, "invalid"],
		[{ q: "低保", ip: "1.2.3.4" }, "invalid"],
		[JSON.parse('{"q":"低保","__proto__":{"x":1}}'), "invalid"],
		[{ q: "低\u0000保" }, "invalid"],
		[{ q: "\u202e低保" }, "invalid"],
		[{ q: "低\uFFFD保" }, "invalid"],
		[{ q: "低".repeat(65) }, "too_long"],
		[{ q: "我的电话138 1234 5678" }, "personal_data"],
		[{ q: "110105194005120015" }, "personal_data"],
	])("refuses %j (%s)", (raw, error) => {
		expect(checkSearchMiss(raw)).toEqual({ ok: false, error });
	});
});
