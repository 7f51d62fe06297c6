import { describe, expect, it } from "vitest";
import { FIELD_TYPES, FormFieldSchema, FormSchema } from "./form";

/** A form with one field of every type, as an editor writes it; each test breaks one thing. */
function validForm() {
	return {
		intro: "家庭人均收入低于当地低保标准的，可以申请。",
		fields: [
			{ name: "reason", type: "text", label: "申请理由", hint: "一句话说明", maxLength: 50 },
			{ name: "details", type: "textarea", label: "家庭情况", required: false },
			{ name: "spouseId", type: "idcard", label: "配偶身份证号", required: false },
			{ name: "contactPhone", type: "phone", label: "联系电话" },
			{ name: "birthDate", type: "date", label: "出生日期", when: "past" },
			{ name: "startDate", type: "date", label: "希望开始日期", when: "future" },
			{ name: "category", type: "select", label: "类别", options: ["城市", "农村"] },
			{ name: "gender", type: "radio", label: "性别", options: ["男", "女"] },
			{ name: "hardships", type: "checkboxes", label: "困难情形", options: ["因病", "因残", "因灾"] },
			{ name: "householdSize", type: "number", label: "家庭人口", min: 1, max: 20 },
			{ name: "homeVillage", type: "village", label: "户籍所在村" },
		] as Record<string, unknown>[],
	};
}

/** `path: message` for each problem with one field. */
function fieldMessages(field: Record<string, unknown>): string[] {
	const result = FormFieldSchema.safeParse({ name: "x", label: "标签", ...field });
	return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

function formMessages(form: unknown): string[] {
	const result = FormSchema.safeParse(form);
	return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("FormSchema", () => {
	it("accepts a form with every field type and makes fields required unless told otherwise", () => {
		const form = FormSchema.parse(validForm());
		expect(new Set(form.fields.map((f) => f.type))).toEqual(new Set(FIELD_TYPES));
		expect(form.fields.map((f) => [f.name, f.required])).toEqual([
			["reason", true],
			["details", false],
			["spouseId", false],
			["contactPhone", true],
			["birthDate", true],
			["startDate", true],
			["category", true],
			["gender", true],
			["hardships", true],
			["householdSize", true],
			["homeVillage", true],
		]);
	});

	it("trims labels and options as written", () => {
		const form = FormSchema.parse({ intro: " 说明 ", fields: [{ name: "a", type: "radio", label: " 标签 ", options: [" 是 ", "否"] }] });
		expect(form.intro).toBe("说明");
		expect(form.fields[0]).toMatchObject({ label: "标签", options: ["是", "否"] });
	});

	it("refuses the same field name twice, on the second one", () => {
		const form = validForm();
		form.fields.push({ name: "reason", type: "text", label: "另一个理由" });
		expect(formMessages(form)).toEqual(["fields.11.name: 字段名「reason」重复了，每个字段名只能用一次"]);
	});

	it("refuses an empty form, more than 30 fields, an empty intro and unknown keys", () => {
		expect(formMessages({ ...validForm(), fields: [] })).toEqual(["fields: 申请表至少要有一个字段"]);
		const many = Array.from({ length: 31 }, (_, i) => ({ name: `f${i}`, type: "text", label: `第${i}项` }));
		expect(formMessages({ ...validForm(), fields: many })).toEqual(["fields: 申请表不能超过30个字段"]);
		expect(formMessages({ ...validForm(), intro: "  " })).toEqual(["intro: 申请表说明 intro不能为空"]);
		expect(formMessages({ ...validForm(), title: "x" })).toHaveLength(1);
	});
});

describe("FormFieldSchema", () => {
	it.each(["select", "radio", "checkboxes"])("asks a %s field for its options", (type) => {
		expect(fieldMessages({ type })).toEqual(["options: 单选、下拉和多选字段要写选项 options"]);
	});

	it.each(["text", "textarea", "idcard", "phone", "date", "number", "village"])("refuses options on a %s field", (type) => {
		const extra = type === "number" ? { min: 0, max: 9 } : {};
		expect(fieldMessages({ type, options: ["是", "否"], ...extra })).toEqual([
			"options: 只有 select、radio、checkboxes 字段才能写选项 options",
		]);
	});

	it("refuses repeated options, also when they differ only by surrounding spaces", () => {
		expect(fieldMessages({ type: "select", options: ["是", "否", "是"] })).toEqual(["options: 选项不能重复"]);
		expect(fieldMessages({ type: "checkboxes", options: ["是", " 是 "] })).toEqual(["options: 选项不能重复"]);
	});

	it("refuses fewer than two or more than 30 options, and an empty one", () => {
		expect(fieldMessages({ type: "radio", options: ["是"] })).toEqual(["options: 选项至少要有两个"]);
		expect(fieldMessages({ type: "radio", options: Array.from({ length: 31 }, (_, i) => `选项${i}`) })).toEqual([
			"options: 选项不能超过30个",
		]);
		expect(fieldMessages({ type: "radio", options: ["是", " "] })).toEqual(["options.1: 选项不能为空"]);
	});

	it.each(["idcard", "phone", "date", "select", "radio", "checkboxes", "number", "village"])("refuses maxLength on a %s field", (type) => {
		const extra =
			type === "number" ? { min: 0, max: 9 } : ["select", "radio", "checkboxes"].includes(type) ? { options: ["是", "否"] } : {};
		expect(fieldMessages({ type, maxLength: 10, ...extra })).toEqual(["maxLength: 只有 text、textarea 字段才能写 maxLength"]);
	});

	it("takes maxLength from 1 to 1000 on text and textarea", () => {
		expect(fieldMessages({ type: "text", maxLength: 1 })).toEqual([]);
		expect(fieldMessages({ type: "textarea", maxLength: 1000 })).toEqual([]);
		expect(fieldMessages({ type: "text", maxLength: 0 })).toHaveLength(1);
		expect(fieldMessages({ type: "textarea", maxLength: 1001 })).toHaveLength(1);
		expect(fieldMessages({ type: "text", maxLength: 2.5 })).toHaveLength(1);
	});

	it.each([{ min: 1 }, { max: 9 }, { min: 1, max: 9 }])("refuses %j on a text field", (range) => {
		expect(fieldMessages({ type: "text", ...range })).toEqual(["min: 只有 number 字段才能写 min、max"]);
	});

	it.each([{}, { min: 1 }, { max: 9 }])("asks a number field with %j for both min and max", (range) => {
		expect(fieldMessages({ type: "number", ...range })).toEqual(["min: 数字字段要写最小值 min 和最大值 max"]);
	});

	it("refuses min greater than max on max, and takes min equal to max and negative bounds", () => {
		expect(fieldMessages({ type: "number", min: 10, max: 9 })).toEqual(["max: 最大值 max 不能小于最小值 min"]);
		expect(fieldMessages({ type: "number", min: 5, max: 5 })).toEqual([]);
		expect(fieldMessages({ type: "number", min: -10, max: -1 })).toEqual([]);
		expect(fieldMessages({ type: "number", min: 0.5, max: 9 })).toHaveLength(1);
	});

	it.each(["text", "number", "idcard"])("refuses when on a %s field", (type) => {
		const extra = type === "number" ? { min: 0, max: 9 } : {};
		expect(fieldMessages({ type, when: "past", ...extra })).toEqual(["when: 只有 date 字段才能写 when"]);
	});

	it("takes when past or future only", () => {
		expect(fieldMessages({ type: "date", when: "future" })).toEqual([]);
		expect(fieldMessages({ type: "date" })).toEqual([]);
		expect(fieldMessages({ type: "date", when: "today" })).toEqual(["when: 日期范围 when 只能是 past 或 future"]);
	});

	it.each(["constructor", "prototype", "toString", "valueOf", "hasOwnProperty"])("refuses the reserved name %s", (name) => {
		expect(fieldMessages({ name, type: "text" })).toEqual(["name: 这个字段名是保留字，请换一个"]);
	});

	it.each(["isPrototypeOf", "propertyIsEnumerable", "toLocaleString"])("refuses %s, a property every JavaScript object has", (name) => {
		expect(fieldMessages({ name, type: "text" })).toEqual(["name: 这个字段名是保留字，请换一个"]);
	});

	it.each(["Foo", "a-b", "a_b", "1a", "a b", "", "户籍", "__proto__", "a".repeat(41)])("refuses the name %j", (name) => {
		expect(fieldMessages({ name, type: "text" })).toEqual(["name: 字段名 name 只能用英文字母和数字，小写字母开头，例如 householdSize"]);
	});

	it.each(["a", "householdSize", "field2", "a".repeat(40)])("takes the name %s", (name) => {
		expect(fieldMessages({ name, type: "text" })).toEqual([]);
	});

	it("refuses an unknown type, a missing label and an unknown key", () => {
		expect(fieldMessages({ type: "file" })).toEqual([
			"type: 字段类型 type 只能是：text、textarea、idcard、phone、date、select、radio、checkboxes、number、village",
		]);
		expect(fieldMessages({ type: "text", label: undefined })).toEqual(["label: 请填写字段标签 label"]);
		expect(fieldMessages({ type: "text", placeholder: "x" })).toHaveLength(1);
	});
});

describe("requiredIf", () => {
	const radio = { name: "applyFor", type: "radio", label: "您是为谁申请", options: ["为自己申请", "替老人申请"] };
	const messages = (fields: unknown[]) => {
		const r = FormSchema.safeParse({ intro: "测试", fields });
		return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
	};

	it("takes a condition on an earlier radio's options", () => {
		expect(
			messages([radio, { name: "elderName", type: "text", label: "老人的姓名", requiredIf: { field: "applyFor", in: ["替老人申请"] } }]),
		).toEqual([]);
	});

	it("refuses a condition on a later, unknown or non-choice field, or on an answer that is not an option", () => {
		const dependent = (field: string, values: string[]) => ({
			name: "elderName",
			type: "text",
			label: "老人的姓名",
			requiredIf: { field, in: values },
		});
		expect(messages([dependent("applyFor", ["替老人申请"]), radio])[0]).toMatch(/^fields\.0\.requiredIf\.field: /);
		expect(messages([radio, dependent("nobody", ["替老人申请"])])[0]).toMatch(/^fields\.1\.requiredIf\.field: /);
		expect(messages([{ name: "note", type: "text", label: "备注" }, dependent("note", ["x"])])[0]).toMatch(
			/^fields\.1\.requiredIf\.field: /,
		);
		expect(messages([radio, dependent("applyFor", ["替爷爷申请"])])).toEqual([
			"fields.1.requiredIf.in: 「替爷爷申请」不是字段「applyFor」的选项",
		]);
	});
});
