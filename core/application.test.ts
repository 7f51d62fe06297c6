import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FieldError, applicationFromForm, checkApplication, fieldLabel, inputId, parseText } from "./application";
import { type ApplyItem, type OnlineItem, withVillages } from "./online-item";
import { FormSchema } from "./form";
import { idCardCheckChar, parseIdCard } from "./idcard";
import { normalizeInput } from "./normalize";
import { parseMobile, parseName } from "./person";

const TODAY = "2026-11-28";
const withCheck = (first17: string) => first17 + idCardCheckChar(first17);
/** Ends with X, so the lower-case x can be tested. */
const ID = withCheck("11010119900307002");
const SPOUSE_ID = withCheck("31010419920511004");

/** One item whose form has every field type, offered by two centres, each with its own village stations. */
const ITEM: ApplyItem = {
	code: "dibao",
	name: "最低生活保障",
	form: FormSchema.parse({
		intro: "家庭人均收入低于当地低保标准的，可以申请。",
		fields: [
			{ name: "reason", type: "text", label: "申请理由", maxLength: 20 },
			{ name: "details", type: "textarea", label: "家庭情况", required: false },
			{ name: "spouseId", type: "idcard", label: "配偶身份证号", required: false },
			{ name: "contactPhone", type: "phone", label: "联系电话", required: false },
			{ name: "birthDate", type: "date", label: "出生日期", when: "past" },
			{ name: "startDate", type: "date", label: "希望开始日期", when: "future", required: false },
			{ name: "category", type: "select", label: "类别", options: ["城市", "农村"] },
			{ name: "gender", type: "radio", label: "性别", options: ["男", "女"] },
			{ name: "hardships", type: "checkboxes", label: "困难情形", options: ["因病", "因残", "因灾", "其他"] },
			{ name: "householdSize", type: "number", label: "家庭人口", min: 1, max: 20 },
			{ name: "children", type: "number", label: "未成年子女人数", min: 0, max: 10, required: false },
			{ name: "homeVillage", type: "village", label: "户籍所在村", required: false },
		],
	}),
	materials: [],
	agentAllowed: false,
	centres: [
		{
			slug: "dongzhen",
			name: "东镇便民服务中心",
			window: "minzheng",
			stations: [
				{ slug: "dongcun", name: "东村" },
				{ slug: "nancun", name: "南村" },
			],
		},
		{ slug: "xizhen", name: "西镇便民服务中心", window: "minzheng", stations: [{ slug: "xicun", name: "西村" }] },
	],
};

/** A second item, offered only by a third centre. */
const OTHER: ApplyItem = {
	code: "linshi-jiuzhu",
	name: "临时救助",
	form: FormSchema.parse({ intro: "遇到急难的，可以申请。", fields: [{ name: "reason", type: "text", label: "申请理由" }] }),
	materials: [],
	agentAllowed: false,
	centres: [{ slug: "beizhen", name: "北镇便民服务中心", window: "minzheng", stations: [{ slug: "beicun", name: "北村" }] }],
};

const find = (code: string) => [ITEM, OTHER].find((i) => i.code === code);

/** A complete, valid application; a fresh copy each call, so a test may change it. */
function valid() {
	return {
		item: "dibao",
		centre: "dongzhen",
		applicant: { name: "张三", idNumber: ID, phone: "13812345678", village: "dongcun" },
		answers: {
			reason: "因病致贫",
			details: "父亲长期住院，母亲务农。",
			spouseId: SPOUSE_ID,
			contactPhone: "13912345678",
			birthDate: "1990-03-07",
			startDate: "2027-01-01",
			category: "农村",
			gender: "男",
			hardships: ["因病"],
			householdSize: 3,
			children: 1,
			homeVillage: "nancun",
		} as Record<string, unknown>,
		consent: true as unknown,
	};
}

const check = (body: unknown) => checkApplication(body, find, TODAY);
const errorsOf = (body: unknown): FieldError[] => {
	const result = check(body);
	return result.ok ? [] : result.errors;
};
const withAnswer = (name: string, value: unknown) => {
	const body = valid();
	return { ...body, answers: { ...body.answers, [name]: value } };
};
const withApplicant = (key: string, value: unknown) => {
	const body = valid();
	return { ...body, applicant: { ...body.applicant, [key]: value } };
};
const without = (body: object, key: string) => {
	const copy: Record<string, unknown> = { ...body };
	delete copy[key];
	return copy;
};
const fullWidth = (s: string) => s.replace(/[0-9a-z]/gi, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("checkApplication: a valid application", () => {
	it("returns ok with the item, centre, applicant, answers and consent", () => {
		const result = check(valid());
		expect(result).toEqual({
			ok: true,
			value: {
				item: "dibao",
				centre: "dongzhen",
				applicant: { name: "张三", idNumber: ID, phone: "13812345678", village: "dongcun" },
				answers: valid().answers,
				consent: true,
			},
		});
	});

	it("normalises the applicant as typed: full-width digits and x in the ID number, +86 and dashes in the phone, a look-alike dot", () => {
		const body = valid();
		body.applicant = {
			name: " 阿卜杜•买买提 ",
			idNumber: ` ${fullWidth(ID.toLowerCase())} `,
			phone: "+86 138-1234-5678",
			village: " dongcun ",
		};
		const result = check(body);
		expect(result.ok && result.value.applicant).toEqual({ name: "阿卜杜·买买提", idNumber: ID, phone: "13812345678", village: "dongcun" });
		expect(ID.endsWith("X")).toBe(true);
	});

	it("normalises answers of every kind", () => {
		const body = valid();
		body.answers = {
			...body.answers,
			spouseId: fullWidth(SPOUSE_ID),
			contactPhone: "0086 139 1234 5678",
			birthDate: fullWidth("1990-03-07").replace(/-/g, "－"),
			category: " 农村 ",
			hardships: ["其他", "因灾", "因病"],
			children: -0,
			homeVillage: "ｎａｎｃｕｎ",
		};
		const result = check(body);
		expect(result.ok).toBe(true);
		const answers = result.ok ? result.value.answers : {};
		expect(answers).toMatchObject({
			spouseId: SPOUSE_ID,
			contactPhone: "13912345678",
			birthDate: "1990-03-07",
			category: "农村",
			hardships: ["因病", "因灾", "其他"],
			homeVillage: "nancun",
		});
		expect(Object.is(answers.children, 0)).toBe(true);
	});

	it("turns CRLF and CR into LF in a textarea and keeps Chinese punctuation and full-width characters", () => {
		const result = check(withAnswer("details", "  第一行，有逗号。\r\n第二行：ＡＢＣ１２３\r第三行！  "));
		expect(result.ok && result.value.answers.details).toBe("第一行，有逗号。\n第二行：ＡＢＣ１２３\n第三行！");
	});

	it("accepts the edges: a birth date of today, a start date of today, the smallest and largest numbers", () => {
		for (const [name, value] of [
			["birthDate", TODAY],
			["startDate", TODAY],
			["householdSize", 1],
			["householdSize", 20],
			["children", 0],
			["children", 10],
		] as const) {
			expect(errorsOf(withAnswer(name, value)), `${name}=${value}`).toEqual([]);
		}
	});

	it("omits optional answers left empty or blank, and keeps the required ones", () => {
		const body = valid();
		body.answers = { ...body.answers, details: "", spouseId: "   ", contactPhone: "\u3000", startDate: "", homeVillage: "" };
		delete body.answers.children;
		const result = check(body);
		expect(result.ok).toBe(true);
		expect(Object.keys(result.ok ? result.value.answers : {}).sort()).toEqual(
			["reason", "birthDate", "category", "gender", "hardships", "householdSize"].sort(),
		);
	});

	it("reports every required answer, and only those, when answers is empty", () => {
		expect(errorsOf({ ...valid(), answers: {} })).toEqual(
			["reason", "birthDate", "category", "gender", "hardships", "householdSize"].map((f) => ({ field: `answers.${f}`, code: "required" })),
		);
	});

	it("gives the same value back when the normalised application is checked again", () => {
		const body = valid();
		body.applicant.idNumber = fullWidth(ID.toLowerCase());
		body.answers.hardships = ["因灾", "因病"];
		const first = check(body);
		expect(first.ok).toBe(true);
		expect(first.ok && check(first.value)).toEqual(first);
	});
});

describe("checkApplication: the body and its keys", () => {
	it.each([[[]], [null], ["x"], [1], [undefined], [true]])("refuses %j as the body", (body) => {
		expect(check(body)).toEqual({ ok: false, errors: [{ code: "body" }] });
	});

	it.each(["status", "id", "createdAt", "trackingNo", "constructor", "toString"])("refuses the top-level key %s as unknown", (key) => {
		expect(errorsOf({ ...valid(), [key]: 1 })).toEqual([{ field: key, code: "unknown" }]);
	});

	it("refuses an own __proto__ key from JSON.parse as unknown", () => {
		const body: unknown = JSON.parse(JSON.stringify(valid()).replace(/^\{/, '{"__proto__":{"consent":true},'));
		expect(Object.keys(body as object)).toContain("__proto__");
		expect(errorsOf(body)).toEqual([{ field: "__proto__", code: "unknown" }]);
	});

	it("refuses unknown keys inside applicant and answers, including prototype names", () => {
		const body = JSON.parse(
			JSON.stringify(valid())
				.replace('"applicant":{', '"applicant":{"__proto__":1,"status":"accepted",')
				.replace('"answers":{', '"answers":{"__proto__":1,"constructor":2,"extra":"x",'),
		) as unknown;
		expect(errorsOf(body)).toEqual([
			{ field: "applicant.__proto__", code: "unknown" },
			{ field: "applicant.status", code: "unknown" },
			{ field: "answers.__proto__", code: "unknown" },
			{ field: "answers.constructor", code: "unknown" },
			{ field: "answers.extra", code: "unknown" },
		]);
	});

	it("lists at most 50 errors for a body with 10,000 unknown keys", () => {
		const body: Record<string, unknown> = valid();
		for (let i = 0; i < 10_000; i++) body[`k${i}`] = i;
		const errors = errorsOf(body);
		expect(errors).toHaveLength(50);
		expect(errors[0]).toEqual({ field: "k0", code: "unknown" });
	});

	it("lists at most 50 errors for answers with 10,000 unknown keys", () => {
		const answers: Record<string, unknown> = {};
		for (let i = 0; i < 10_000; i++) answers[`k${i}`] = i;
		expect(errorsOf({ ...valid(), answers })).toHaveLength(50);
	});
});

describe("checkApplication: missing and wrongly typed values", () => {
	it.each([
		["item", [{ field: "item", code: "required" }]],
		["centre", [{ field: "centre", code: "required" }]],
		["consent", [{ field: "consent", code: "consent" }]],
		["applicant", ["name", "idNumber", "phone", "village"].map((k) => ({ field: `applicant.${k}`, code: "required" }))],
	])("reports a missing %s", (key, errors) => {
		expect(errorsOf(without(valid(), key))).toEqual(errors);
	});

	it.each([
		["name", "name.empty"],
		["idNumber", "idcard.empty"],
		["phone", "phone.empty"],
		["village", "required"],
	])("reports applicant.%s when it is absent as required and when it is blank with its own code (%s)", (key, code) => {
		expect(errorsOf({ ...valid(), applicant: without(valid().applicant, key) })).toEqual([{ field: `applicant.${key}`, code: "required" }]);
		expect(errorsOf(withApplicant(key, "  "))).toEqual([{ field: `applicant.${key}`, code }]);
	});

	it.each(["reason", "birthDate", "category", "gender", "hardships", "householdSize"])(
		"reports the required answer %s when it is absent or blank",
		(name) => {
			const body = valid();
			expect(errorsOf({ ...body, answers: without(body.answers, name) })).toEqual([{ field: `answers.${name}`, code: "required" }]);
			expect(errorsOf(withAnswer(name, " \u3000 "))).toEqual([{ field: `answers.${name}`, code: "required" }]);
		},
	);

	it("reports a missing answers object as every required answer missing", () => {
		expect(errorsOf(without(valid(), "answers")).map((e) => e.field)).toEqual([
			"answers.reason",
			"answers.birthDate",
			"answers.category",
			"answers.gender",
			"answers.hardships",
			"answers.householdSize",
		]);
	});

	const wrongTypes: unknown[] = [1, true, [], {}, null];
	const each = (values: unknown[]) => values.map((v) => [v] as const);

	it.each(each(wrongTypes))("reports item: %j as a wrong type", (value) => {
		expect(errorsOf({ ...valid(), item: value })).toEqual([{ field: "item", code: "type" }]);
	});

	it.each(each(wrongTypes))("reports centre: %j as a wrong type", (value) => {
		expect(errorsOf({ ...valid(), centre: value })).toEqual([{ field: "centre", code: "type" }]);
	});

	it.each(each([1, true, [], null, "张三"]))("reports applicant: %j as a wrong type", (value) => {
		expect(errorsOf({ ...valid(), applicant: value })).toEqual([{ field: "applicant", code: "type" }]);
	});

	it.each(each([1, true, [], null, "x"]))("reports answers: %j as a wrong type", (value) => {
		expect(errorsOf({ ...valid(), answers: value })).toEqual([{ field: "answers", code: "type" }]);
	});

	it.each(["name", "idNumber", "phone", "village"].flatMap((key) => wrongTypes.map((value) => [key, value] as const)))(
		"reports applicant.%s: %j as a wrong type",
		(key, value) => {
			expect(errorsOf(withApplicant(key, value))).toEqual([{ field: `applicant.${key}`, code: "type" }]);
		},
	);

	it.each(
		["reason", "details", "spouseId", "contactPhone", "birthDate", "startDate", "category", "gender", "homeVillage"].flatMap((name) =>
			wrongTypes.map((value) => [name, value] as const),
		),
	)("reports answers.%s: %j as a wrong type", (name, value) => {
		expect(errorsOf(withAnswer(name, value))).toEqual([{ field: `answers.${name}`, code: "type" }]);
	});

	it.each(each([true, [], {}, null, [3]]))("reports a number answer given %j as a wrong type", (value) => {
		expect(errorsOf(withAnswer("householdSize", value))).toEqual([{ field: "answers.householdSize", code: "type" }]);
	});

	it.each(each([1, true, {}, null, "因病", [1], [null], [["因病"]]]))("reports a checkbox answer given %j as a wrong type", (value) => {
		expect(errorsOf(withAnswer("hardships", value))).toEqual([{ field: "answers.hardships", code: "type" }]);
	});
});

describe("checkApplication: answers named like Object.prototype properties", () => {
	it("reads only own answers, so an absent optional field named toLocaleString is omitted, not a function", () => {
		const item: ApplyItem = {
			...OTHER,
			code: "proto-names",
			form: {
				intro: "测试",
				fields: ["toLocaleString", "isPrototypeOf", "propertyIsEnumerable"].map((name) => ({
					name,
					type: "text" as const,
					label: name,
					required: false,
				})),
			},
		};
		const body = {
			item: "proto-names",
			centre: "beizhen",
			applicant: { ...valid().applicant, village: "beicun" },
			answers: {},
			consent: true,
		};
		expect(checkApplication(body, () => item, TODAY)).toEqual({ ok: true, value: { ...body, answers: {} } });
		const given = { ...body, answers: { toLocaleString: "有" } };
		expect(checkApplication(given, () => item, TODAY)).toEqual({ ok: true, value: given });
	});
});

describe("checkApplication: item, centre and village", () => {
	it("refuses an item that does not exist, without judging its answers", () => {
		expect(errorsOf({ ...valid(), item: "nope" })).toEqual([{ field: "item", code: "item.unknown" }]);
	});

	it("finds the item as typed with full-width letters and spaces", () => {
		const result = check({ ...valid(), item: ` ${fullWidth("dibao")} ` });
		expect(result.ok && result.value.item).toBe("dibao");
	});

	it("refuses a centre that exists but does not offer the item", () => {
		expect(errorsOf({ ...valid(), centre: "beizhen" })).toEqual([{ field: "centre", code: "centre.unknown" }]);
		expect(errorsOf({ ...valid(), centre: "nowhere" })).toEqual([{ field: "centre", code: "centre.unknown" }]);
	});

	it("refuses a village of another centre's township, for the applicant and for a village answer", () => {
		expect(errorsOf(withApplicant("village", "xicun"))).toEqual([{ field: "applicant.village", code: "village.unknown" }]);
		expect(errorsOf(withAnswer("homeVillage", "xicun"))).toEqual([{ field: "answers.homeVillage", code: "village.unknown" }]);
		expect(
			errorsOf({ ...withApplicant("village", "xicun"), centre: "xizhen", answers: { ...valid().answers, homeVillage: "xicun" } }),
		).toEqual([]);
	});

	it("refuses every village of a centre whose villages were not loaded, and takes them once withVillages puts them on", () => {
		const { centres, ...rest } = ITEM;
		const bare: OnlineItem = { ...rest, centres: centres.map(({ stations: _, ...c }) => c) };
		expect(checkApplication(valid(), () => bare, TODAY)).toEqual({
			ok: false,
			errors: [
				{ field: "applicant.village", code: "village.unknown" },
				{ field: "answers.homeVillage", code: "village.unknown" },
			],
		});
		const loaded = withVillages(bare, "dongzhen", [{ slug: "dongcun", name: "东村" }]);
		expect(loaded.centres.find((c) => c.slug === "xizhen")?.stations).toBeUndefined();
		expect(checkApplication({ ...valid(), answers: { ...valid().answers, homeVillage: "dongcun" } }, () => loaded, TODAY).ok).toBe(true);
	});
});

describe("checkApplication: consent", () => {
	it.each([
		[false, "consent"],
		["true", "type"],
		[1, "type"],
		[null, "type"],
	])("refuses consent: %j with %s", (consent, code) => {
		expect(errorsOf({ ...valid(), consent })).toEqual([{ field: "consent", code }]);
	});
});

describe("checkApplication: numbers", () => {
	it.each([
		["a string of digits", "3"],
		["a fraction", 1.5],
		["NaN", Number.NaN],
		["the string NaN", "NaN"],
		["Infinity from JSON 1e309", JSON.parse("1e309") as number],
		["2^53+1 from JSON", JSON.parse("9007199254740993") as number],
		["2^53 + 2", 2 ** 53 + 2],
		["-Infinity", -Infinity],
	])("refuses %s with number.format", (_, value) => {
		expect(errorsOf(withAnswer("householdSize", value))).toEqual([{ field: "answers.householdSize", code: "number.format" }]);
	});

	it.each([0, 21, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])("refuses %d outside 1–20 with number.range", (value) => {
		expect(errorsOf(withAnswer("householdSize", value))).toEqual([{ field: "answers.householdSize", code: "number.range" }]);
	});
});

describe("checkApplication: dates", () => {
	it.each([
		["birthDate", "2026-02-30", "date.format"],
		["birthDate", "2026-13-01", "date.format"],
		["birthDate", "2025-02-29", "date.format"],
		["birthDate", "1990-3-7", "date.format"],
		["birthDate", "1990/03/07", "date.format"],
		["birthDate", "19900307", "date.format"],
		["birthDate", "1990-03-07T00:00", "date.format"],
		["birthDate", "2099-01-01", "date.range"],
		["birthDate", "2026-11-29", "date.range"],
		["birthDate", "1899-12-31", "date.range"],
		["startDate", "2026-11-27", "date.range"],
		["startDate", "2200-01-01", "date.range"],
	])("refuses %s %s with %s", (name, value, code) => {
		expect(errorsOf(withAnswer(name, value))).toEqual([{ field: `answers.${name}`, code }]);
	});

	it("accepts a leap day that exists", () => {
		expect(errorsOf(withAnswer("birthDate", "2024-02-29"))).toEqual([]);
	});
});

describe("checkApplication: free text", () => {
	it.each([
		["<script>", "markup"],
		["a > b", "markup"],
		["=1+1", "formula"],
		["+1", "formula"],
		["-1", "formula"],
		["@x", "formula"],
		["  =HYPERLINK()", "formula"],
		["因\u200b病", "chars"],
		["因\u202e病", "chars"],
		["因\u0000病", "chars"],
		["因\u007f病", "chars"],
		["因\ufeff病", "chars"],
		["第一行\n第二行", "chars"],
		["第一行\r\n第二行", "chars"],
		["因\u2028病", "chars"],
	])("refuses %j in a one-line text field with %s", (value, code) => {
		expect(errorsOf(withAnswer("reason", value))).toEqual([{ field: "answers.reason", code }]);
	});

	it("turns a pasted tab into a space", () => {
		expect(checkApplication(withAnswer("reason", "因\t病"), find, TODAY)).toMatchObject({
			ok: true,
			value: { answers: { reason: "因 病" } },
		});
	});

	it("takes line breaks in a textarea but not other control characters", () => {
		expect(errorsOf(withAnswer("details", "第一行\n第二行\r\n第三行"))).toEqual([]);
		expect(errorsOf(withAnswer("details", "第一行\u0000"))).toEqual([{ field: "answers.details", code: "chars" }]);
		expect(errorsOf(withAnswer("details", "第一行\u2028第二行"))).toEqual([{ field: "answers.details", code: "chars" }]);
		expect(errorsOf(withAnswer("details", "=SUM(A1)"))).toEqual([{ field: "answers.details", code: "formula" }]);
	});

	it("counts length in characters, so a character outside the BMP (𠮷) counts once", () => {
		expect("𠮷".length).toBe(2);
		expect(errorsOf(withAnswer("reason", "𠮷".repeat(20)))).toEqual([]);
		expect(errorsOf(withAnswer("reason", "𠮷".repeat(21)))).toEqual([{ field: "answers.reason", code: "too_long" }]);
		expect(errorsOf(withAnswer("reason", "字".repeat(21)))).toEqual([{ field: "answers.reason", code: "too_long" }]);
	});

	it("applies the textarea default of 1000 characters", () => {
		expect(errorsOf(withAnswer("details", "字".repeat(1000)))).toEqual([]);
		expect(errorsOf(withAnswer("details", "字".repeat(1001)))).toEqual([{ field: "answers.details", code: "too_long" }]);
	});

	it("keeps SQL-looking and quoted text as text", () => {
		const result = check(withAnswer("reason", "'; DROP TABLE x; --"));
		expect(result.ok && result.value.answers.reason).toBe("'; DROP TABLE x; --");
	});
});

describe("checkApplication: choices", () => {
	it.each([
		["category", "城镇"],
		["category", "城市农村"],
		["gender", "男性"],
		["gender", ""],
	])("refuses %s: %j outside the options", (name, value) => {
		const errors = errorsOf(withAnswer(name, value));
		expect(errors).toEqual([{ field: `answers.${name}`, code: value === "" ? "required" : "option" }]);
	});

	it.each([
		[["因病", "因病"], "duplicate"],
		[["因病", " 因病 "], "duplicate"],
		[["因病", "因穷"], "option"],
		[[""], "option"],
		[Array.from({ length: 10_000 }, () => "因病"), "too_many"],
		[["因病", "因残", "因灾", "其他", "因病"], "too_many"],
		[[], "required"],
	])("refuses checkboxes %j with %s", (value, code) => {
		expect(errorsOf(withAnswer("hardships", value))).toEqual([{ field: "answers.hardships", code }]);
	});

	it("returns any chosen subset in the options' order", () => {
		const options = ["因病", "因残", "因灾", "其他"];
		fc.assert(
			fc.property(fc.shuffledSubarray(options, { minLength: 1 }), (chosen) => {
				const result = check(withAnswer("hardships", chosen));
				expect(result.ok && result.value.answers.hardships).toEqual(options.filter((o) => chosen.includes(o)));
			}),
		);
	});
});

describe("checkApplication never throws", () => {
	it("refuses 1,000 arbitrary JSON values", () => {
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				expect(check(value).ok).toBe(false);
			}),
			{ numRuns: 1000 },
		);
	});

	it("refuses 1,000 arbitrary JSON objects shaped like an application", () => {
		const shaped = fc.record(
			{ item: fc.jsonValue(), centre: fc.jsonValue(), applicant: fc.jsonValue(), answers: fc.jsonValue(), consent: fc.jsonValue() },
			{ requiredKeys: [] },
		);
		fc.assert(
			fc.property(shaped, (value) => {
				expect(check(value).ok).toBe(false);
			}),
			{ numRuns: 1000 },
		);
	});

	/** Every path a mutation may replace, and when the replaced value still makes a valid application. */
	const blank = (v: unknown) => v === undefined || (typeof v === "string" && normalizeInput(v) === "");
	const isStr = (v: unknown): v is string => typeof v === "string";
	const stillValid: Record<string, (v: unknown) => boolean> = {
		item: (v) => isStr(v) && normalizeInput(v) === "dibao",
		centre: (v) => isStr(v) && normalizeInput(v) === "dongzhen",
		consent: (v) => v === true,
		applicant: () => false,
		answers: () => false,
		extra: () => false,
		"applicant.extra": () => false,
		"answers.extra": () => false,
		"applicant.name": (v) => isStr(v) && parseName(v).ok,
		"applicant.idNumber": (v) => isStr(v) && parseIdCard(v, TODAY).ok,
		"applicant.phone": (v) => isStr(v) && parseMobile(v).ok,
		"applicant.village": (v) => isStr(v) && ["dongcun", "nancun"].includes(normalizeInput(v)),
	};
	for (const field of ITEM.form.fields) {
		const optional = (v: unknown) => !field.required && blank(v);
		const rule: Record<string, (v: unknown) => boolean> = {
			text: (v) => isStr(v) && !blank(v) && parseText(v, false, field.maxLength ?? 100).ok,
			textarea: (v) => isStr(v) && !blank(v) && parseText(v, true, field.maxLength ?? 1000).ok,
			idcard: (v) => isStr(v) && parseIdCard(v, TODAY).ok,
			phone: (v) => isStr(v) && parseMobile(v).ok,
			village: (v) => isStr(v) && ["dongcun", "nancun"].includes(normalizeInput(v)),
			date: (v) => isStr(v) && /^\d{4}-\d{2}-\d{2}$/.test(normalizeInput(v)),
			select: (v) => isStr(v) && field.options!.includes(v.trim()),
			radio: (v) => isStr(v) && field.options!.includes(v.trim()),
			checkboxes: (v) =>
				Array.isArray(v) &&
				v.length > 0 &&
				v.every((x) => isStr(x) && field.options!.includes(x.trim())) &&
				new Set(v.map((x: string) => x.trim())).size === v.length,
			number: (v) => Number.isSafeInteger(v) && (v as number) >= field.min! && (v as number) <= field.max!,
		};
		stillValid[`answers.${field.name}`] = (v) => optional(v) || rule[field.type](v);
	}

	it("refuses 1,000 mutations of a valid application unless the replaced value is itself acceptable", () => {
		let accepted = 0;
		fc.assert(
			fc.property(fc.constantFrom(...Object.keys(stillValid)), fc.anything(), (path, value) => {
				const body: Record<string, unknown> = valid();
				const [head, tail] = path.split(".");
				if (tail === undefined) body[head] = value;
				else (body[head] as Record<string, unknown>)[tail] = value;
				const result = check(body);
				expect(result.ok, `${path} = ${fc.stringify(value)}`).toBe(stillValid[path](value));
				if (result.ok) {
					accepted++;
					expect(check(result.value)).toEqual(result);
				} else expect(result.errors.length).toBeGreaterThan(0);
			}),
			{ numRuns: 1000 },
		);
		// Some mutations must stay valid (blank optional answers, whole numbers in range, plain text), or the oracle is untested.
		expect(accepted).toBeGreaterThan(0);
	});

	it("checks 1,000 mutations of a form post without throwing, and never accepts an unknown key", () => {
		const keys = ["item", "centre", "consent", "applicant.name", "answers.householdSize", "answers.hardships", "answers.reason"];
		const unknown = ["__proto__", "__proto__.polluted", "answers.__proto__", "applicant.constructor", "x.y"];
		fc.assert(
			fc.property(fc.constantFrom(...keys, ...unknown), fc.string(), (key, value) => {
				const entries = keys.includes(key) ? replaceEntry(key, value) : [...formEntries(), [key, value] as [string, string]];
				const result = check(applicationFromForm(entries, find));
				if (unknown.includes(key)) expect(result.ok ? [] : result.errors).toContainEqual({ field: key, code: "unknown" });
				expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			}),
			{ numRuns: 1000 },
		);
	});
});

/** The valid application as an HTML form posts it. */
function formEntries(): [string, string][] {
	return [
		["item", "dibao"],
		["centre", "dongzhen"],
		["applicant.name", "张三"],
		["applicant.idNumber", ID],
		["applicant.phone", "13812345678"],
		["applicant.village", "dongcun"],
		["answers.reason", "因病致贫"],
		["answers.details", "父亲长期住院，母亲务农。"],
		["answers.spouseId", SPOUSE_ID],
		["answers.contactPhone", "13912345678"],
		["answers.birthDate", "1990-03-07"],
		["answers.startDate", "2027-01-01"],
		["answers.category", "农村"],
		["answers.gender", "男"],
		["answers.hardships", "因病"],
		["answers.householdSize", "3"],
		["answers.children", "1"],
		["answers.homeVillage", "nancun"],
		["consent", "true"],
	];
}

const replaceEntry = (key: string, ...values: string[]): [string, string][] => [
	...formEntries().filter(([k]) => k !== key),
	...values.map((v) => [key, v] as [string, string]),
];

describe("applicationFromForm", () => {
	it("turns a form post into the same application as the JSON body", () => {
		const body = applicationFromForm(formEntries(), find);
		expect(JSON.parse(JSON.stringify(body))).toEqual(valid());
		expect(check(body)).toEqual(check(valid()));
	});

	it("makes one checkbox an array of one and repeated checkboxes an array in the order sent", () => {
		expect(applicationFromForm(formEntries(), find).answers).toMatchObject({ hardships: ["因病"] });
		const body = applicationFromForm(replaceEntry("answers.hardships", "因灾", "因病"), find);
		expect(body.answers).toMatchObject({ hardships: ["因灾", "因病"] });
		const result = check(body);
		expect(result.ok && result.value.answers.hardships).toEqual(["因病", "因灾"]);
	});

	it.each([
		["3", 3],
		["３", 3],
		[" 12 ", 12],
		["-0", -0],
		["-5", -5],
	])("reads the number %j as %d", (typed, n) => {
		expect(applicationFromForm(replaceEntry("answers.householdSize", typed), find).answers).toMatchObject({ householdSize: n });
	});

	it.each(["abc", "1.5", "1e3", "0x10", "1234567890123456"])(
		"keeps %j for a number field as a string, which the check refuses",
		(typed) => {
			const body = applicationFromForm(replaceEntry("answers.householdSize", typed), find);
			expect(body.answers).toMatchObject({ householdSize: typed });
			expect(errorsOf(body)).toEqual([{ field: "answers.householdSize", code: "number.format" }]);
		},
	);

	it("leaves an empty number out, so an optional one is omitted and a required one is reported", () => {
		const optional = applicationFromForm(replaceEntry("answers.children", ""), find);
		expect(Object.hasOwn(optional.answers as object, "children")).toBe(false);
		const result = check(optional);
		expect(result.ok && Object.hasOwn(result.value.answers, "children")).toBe(false);
		expect(errorsOf(applicationFromForm(replaceEntry("answers.householdSize", "  "), find))).toEqual([
			{ field: "answers.householdSize", code: "required" },
		]);
	});

	it("reads consent=true as true and keeps anything else, which the check refuses", () => {
		expect(applicationFromForm(formEntries(), find).consent).toBe(true);
		expect(applicationFromForm(replaceEntry("consent", "on"), find).consent).toBe("on");
		expect(errorsOf(applicationFromForm(replaceEntry("consent", "on"), find))).toEqual([{ field: "consent", code: "type" }]);
		expect(errorsOf(applicationFromForm(replaceEntry("consent"), find))).toEqual([{ field: "consent", code: "consent" }]);
	});

	it("makes a repeated non-checkbox key an array, which the check refuses as a wrong type", () => {
		for (const key of ["answers.reason", "answers.householdSize", "applicant.name", "centre", "item", "consent"]) {
			const values = key === "answers.householdSize" ? ["3", "4"] : key === "consent" ? ["true", "true"] : [`${key}1`, `${key}2`];
			const body = applicationFromForm(replaceEntry(key, ...values), find);
			const [head, tail] = key.split(".");
			const got = tail === undefined ? body[head] : (body[head] as Record<string, unknown>)[tail];
			expect(Array.isArray(got), key).toBe(true);
			expect(errorsOf(body), key).toContainEqual({ field: key, code: "type" });
		}
	});

	it("keeps __proto__ keys as own keys that the check reports, and pollutes no prototype", () => {
		const body = applicationFromForm(
			[
				...formEntries(),
				["__proto__", "x"],
				["__proto__.polluted", "yes"],
				["constructor.prototype.polluted", "yes"],
				["applicant.__proto__", "x"],
				["answers.__proto__", "x"],
				["answers.constructor", "x"],
			],
			find,
		);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf({})).toBe(Object.prototype);
		expect(Object.keys(body)).toContain("__proto__");
		expect(Object.keys(body.answers as object)).toContain("__proto__");
		expect(errorsOf(body)).toEqual([
			{ field: "__proto__", code: "unknown" },
			{ field: "__proto__.polluted", code: "unknown" },
			{ field: "constructor.prototype.polluted", code: "unknown" },
			{ field: "applicant.__proto__", code: "unknown" },
			{ field: "answers.__proto__", code: "unknown" },
			{ field: "answers.constructor", code: "unknown" },
		]);
	});

	it("keeps deeper keys whole, so the check reports them", () => {
		const body = applicationFromForm([...formEntries(), ["applicant.name.first", "张"], ["answers.", "x"]], find);
		expect(errorsOf(body)).toEqual([
			{ field: "answers.", code: "unknown" },
			{ field: "applicant.name.first", code: "unknown" },
		]);
	});

	it("keeps a bare answers or applicant key, so the check reports it instead of it being dropped", () => {
		expect(check(applicationFromForm([...formEntries(), ["answers", "x"]], find)).ok).toBe(false);
		expect(check(applicationFromForm([...formEntries(), ["applicant", "x"]], find)).ok).toBe(false);
	});

	it("reads answers as strings when the item is unknown, and the check reports the item", () => {
		const body = applicationFromForm(replaceEntry("item", "nope"), find);
		expect(body.answers).toMatchObject({ householdSize: "3", hardships: "因病" });
		expect(errorsOf(body)).toEqual([{ field: "item", code: "item.unknown" }]);
	});
});

describe("parseText", () => {
	it("trims, keeps NFC and Chinese punctuation, and does not fold full-width characters", () => {
		expect(parseText("  你好，世界！ＡＢＣ  ", false, 100)).toEqual({ ok: true, value: "你好，世界！ＡＢＣ" });
		expect(parseText("e\u0301", false, 100)).toEqual({ ok: true, value: "\u00e9" });
	});

	it("counts the limit after trimming and in code points", () => {
		expect(parseText(`  ${"a".repeat(5)}  `, false, 5).ok).toBe(true);
		expect(parseText("𠮷𠮷𠮷", false, 3).ok).toBe(true);
		expect(parseText("𠮷𠮷𠮷𠮷", false, 3)).toEqual({ ok: false, code: "too_long" });
	});

	it("refuses a formula sign only as the first character", () => {
		expect(parseText("温度-1度", false, 100).ok).toBe(true);
		expect(parseText("a@b.com", false, 100).ok).toBe(true);
		expect(parseText("-1", false, 100)).toEqual({ ok: false, code: "formula" });
	});
});

describe("fieldLabel and inputId", () => {
	const labels = { centre: "便民服务中心", "applicant.name": "姓名" };

	it("names an answer by its form label, an unknown answer by its key, and the applicant block by the fixed labels", () => {
		expect(fieldLabel(ITEM, "answers.householdSize", labels)).toBe("家庭人口");
		expect(fieldLabel(ITEM, "answers.nope", labels)).toBe("nope");
		expect(fieldLabel(undefined, "answers.householdSize", labels)).toBe("householdSize");
		expect(fieldLabel(ITEM, "applicant.name", labels)).toBe("姓名");
		expect(fieldLabel(ITEM, "centre", labels)).toBe("便民服务中心");
		expect(fieldLabel(ITEM, "status", labels)).toBe("status");
		expect(fieldLabel(ITEM, undefined, labels)).toBe("");
	});

	it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
		"names an unknown key %s by the key itself, never by a property of Object.prototype",
		(key) => {
			expect(fieldLabel(ITEM, key, labels)).toBe(key);
		},
	);

	it("makes an element id from a dotted path", () => {
		expect(inputId("applicant.idNumber")).toBe("f-applicant-idNumber");
		expect(inputId("answers.householdSize")).toBe("f-answers-householdSize");
		expect(inputId("consent")).toBe("f-consent");
		expect(inputId("reason", "refuse")).toBe("f-reason-refuse");
	});
});

describe("requiredIf: required for some answers of an earlier field", () => {
	const conditional: ApplyItem = {
		code: "cond",
		name: "按情况必填",
		form: FormSchema.parse({
			intro: "测试",
			fields: [
				{ name: "applyFor", type: "radio", label: "您是为谁申请", options: ["为自己申请", "替老人申请"] },
				{ name: "elderName", type: "text", label: "老人的姓名", requiredIf: { field: "applyFor", in: ["替老人申请"] } },
			],
		}),
		materials: [],
		agentAllowed: false,
		centres: [{ slug: "qingshi", name: "青石镇便民服务中心", window: "minzheng", stations: [{ slug: "shiqiao", name: "石桥村" }] }],
	};
	const findConditional = (code: string) => (code === "cond" ? conditional : undefined);
	const body = (answers: Record<string, unknown>) => ({
		item: "cond",
		centre: "qingshi",
		applicant: { name: "张三", idNumber: ID, phone: "13812345678", village: "shiqiao" },
		answers,
		consent: true,
	});

	it("is not required when the controlling answer is not listed", () => {
		expect(checkApplication(body({ applyFor: "为自己申请" }), findConditional, TODAY).ok).toBe(true);
	});

	it("is required when it is", () => {
		expect(checkApplication(body({ applyFor: "替老人申请" }), findConditional, TODAY)).toEqual({
			ok: false,
			errors: [{ field: "answers.elderName", code: "required" }],
		});
		expect(checkApplication(body({ applyFor: "替老人申请", elderName: "李奶奶" }), findConditional, TODAY).ok).toBe(true);
	});
});
