import { z } from "zod";
import { TEXTAREA_MAX } from "./limits";
import { requiredText as text } from "./fields";

/**
 * 网上申请表 (online form): the fields an item asks for on top of the standard applicant block
 * (姓名, 身份证号, 手机号, 所在村/社区) and the personal-information notice every form carries.
 * Editors write it in the item's frontmatter; the apply page and the Worker both read it.
 */

/** One choice of a select or a group of radios or checkboxes: what is stored, and what the reader sees. */
export interface Choice {
	value: string;
	text: string;
}

export const FIELD_TYPES = ["text", "textarea", "idcard", "phone", "date", "select", "radio", "checkboxes", "number", "village"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Field names become form keys (answers.householdSize): ASCII camelCase, never a JavaScript built-in. */
const FIELD_NAME = /^[a-z][a-zA-Z0-9]{0,39}$/;
const RESERVED = new Set(["prototype", ...Object.getOwnPropertyNames(Object.prototype)].filter((n) => FIELD_NAME.test(n)));

export const FormFieldSchema = z
	.strictObject({
		/** Key of the answer, e.g. householdSize; unique within the form. */
		name: z
			.string({ error: "请填写字段名 name" })
			.regex(FIELD_NAME, "字段名 name 只能用英文字母和数字，小写字母开头，例如 householdSize")
			.refine((n) => !RESERVED.has(n), "这个字段名是保留字，请换一个"),
		type: z.enum(FIELD_TYPES, { error: `字段类型 type 只能是：${FIELD_TYPES.join("、")}` }),
		/** 标签: what the citizen reads above the box. */
		label: text("字段标签 label"),
		/** 提示: one sentence under the label (what to write, an example). */
		hint: text("字段提示 hint").optional(),
		required: z.boolean().default(true),
		/** select / radio / checkboxes: the choices, exactly as shown and stored. */
		options: z.array(text("选项")).min(2, "选项至少要有两个").max(30, "选项不能超过30个").optional(),
		/** text / textarea: the most characters taken. */
		maxLength: z.number().int().min(1).max(TEXTAREA_MAX).optional(),
		/** number: smallest and largest whole number taken. */
		min: z.number().int().optional(),
		max: z.number().int().optional(),
		/**
		 * Required only when an earlier radio or select field has one of these answers, e.g. the elder's
		 * name when 您是为谁申请 is 替家里的老人申请. Overrides `required`.
		 */
		requiredIf: z
			.strictObject({
				field: z.string({ error: "requiredIf 要写 field：前面哪个单选或下拉字段" }),
				in: z.array(text("requiredIf 的选项")).min(1, "requiredIf 至少要写一个选项 in"),
			})
			.optional(),
		/** date: "past" (today or before, e.g. a birth date) or "future" (today or after, e.g. a planned start). */
		when: z.enum(["past", "future"], { error: "日期范围 when 只能是 past 或 future" }).optional(),
	})
	.superRefine((f, ctx) => {
		const choice = f.type === "select" || f.type === "radio" || f.type === "checkboxes";
		if (choice && !f.options) ctx.addIssue({ code: "custom", path: ["options"], message: "单选、下拉和多选字段要写选项 options" });
		if (!choice && f.options)
			ctx.addIssue({ code: "custom", path: ["options"], message: "只有 select、radio、checkboxes 字段才能写选项 options" });
		if (f.options && new Set(f.options).size !== f.options.length)
			ctx.addIssue({ code: "custom", path: ["options"], message: "选项不能重复" });
		if (f.maxLength !== undefined && f.type !== "text" && f.type !== "textarea")
			ctx.addIssue({ code: "custom", path: ["maxLength"], message: "只有 text、textarea 字段才能写 maxLength" });
		if ((f.min !== undefined || f.max !== undefined) && f.type !== "number")
			ctx.addIssue({ code: "custom", path: ["min"], message: "只有 number 字段才能写 min、max" });
		if (f.type === "number" && (f.min === undefined || f.max === undefined))
			ctx.addIssue({ code: "custom", path: ["min"], message: "数字字段要写最小值 min 和最大值 max" });
		if (f.min !== undefined && f.max !== undefined && f.min > f.max)
			ctx.addIssue({ code: "custom", path: ["max"], message: "最大值 max 不能小于最小值 min" });
		if (f.when !== undefined && f.type !== "date") ctx.addIssue({ code: "custom", path: ["when"], message: "只有 date 字段才能写 when" });
	});
export type FormField = z.infer<typeof FormFieldSchema>;

export const FormSchema = z
	.strictObject({
		/** One sentence above the form: who should apply and what happens after. */
		intro: text("申请表说明 intro"),
		fields: z.array(FormFieldSchema).min(1, "申请表至少要有一个字段").max(30, "申请表不能超过30个字段"),
	})
	.superRefine((form, ctx) => {
		const seen = new Map<string, FormField>();
		form.fields.forEach((f, i) => {
			if (seen.has(f.name))
				ctx.addIssue({ code: "custom", path: ["fields", i, "name"], message: `字段名「${f.name}」重复了，每个字段名只能用一次` });
			const when = f.requiredIf;
			const control = when && seen.get(when.field);
			if (when && (!control || (control.type !== "radio" && control.type !== "select")))
				ctx.addIssue({
					code: "custom",
					path: ["fields", i, "requiredIf", "field"],
					message: `requiredIf 的 field「${when.field}」要写它前面的一个单选（radio）或下拉（select）字段`,
				});
			else if (when && control) {
				const missing = when.in.filter((v) => !control.options?.includes(v));
				if (missing.length > 0)
					ctx.addIssue({
						code: "custom",
						path: ["fields", i, "requiredIf", "in"],
						message: `「${missing.join("、")}」不是字段「${control.name}」的选项`,
					});
			}
			seen.set(f.name, f);
		});
	});
export type Form = z.infer<typeof FormSchema>;
