// Decap CMS fields read off core's zod schemas: which widget, whether required, the options of a choice, the
// pattern of a text and its Chinese message, the shape of a list. Nothing here repeats a schema by hand; only
// the Chinese labels a schema cannot carry (a number, a switch, a choice) come from cms-labels.ts.
import type { z } from "zod";
import { CMS_HINTS, CMS_LABELS, LONG_TEXT } from "./cms-labels";

/** One field of Decap CMS's configuration (the subset this site uses). */
export interface CmsField {
	name: string;
	label: string;
	widget: "string" | "text" | "number" | "boolean" | "select" | "datetime" | "list" | "object" | "markdown";
	required?: boolean;
	hint?: string;
	default?: unknown;
	options?: string[];
	pattern?: [string, string];
	value_type?: "int";
	min?: number;
	max?: number;
	/** list of objects / object: its fields; list of text: `field`. */
	fields?: CmsField[];
	field?: CmsField;
	collapsed?: boolean;
	summary?: string;
	date_format?: string;
	time_format?: boolean;
	format?: string;
}

/** Zod's own description of a schema (zod 4 keeps it on `_zod.def`). */
interface Def {
	type: string;
	shape?: Record<string, z.ZodType>;
	element?: z.ZodType;
	innerType?: z.ZodType;
	defaultValue?: unknown;
	entries?: Record<string, string>;
	options?: z.ZodType[];
	values?: unknown[];
	checks?: { _zod: { def: CheckDef } }[];
	error?: (issue: object) => unknown;
}
interface CheckDef {
	check: string;
	format?: string;
	pattern?: RegExp;
	value?: number;
	inclusive?: boolean;
	error?: (issue: object) => unknown;
}

export const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The keys of an object schema, in order. */
export const shapeOf = (schema: z.ZodType): Record<string, z.ZodType> => defOf(schema).shape ?? {};

/** The schema under optional() and default(), with whether a value may be left out and its default. */
export function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; fallback?: unknown } {
	let inner = schema;
	let optional = false;
	let fallback: unknown;
	for (let def = defOf(inner); def.type === "optional" || def.type === "default"; def = defOf(inner)) {
		optional = true;
		if (def.type === "default") fallback = def.defaultValue;
		inner = def.innerType!;
	}
	return { inner, optional, fallback };
}

const message = (error: CheckDef["error"] | Def["error"]) => {
	const m = error?.({});
	return typeof m === "string" ? m : undefined;
};

/** The name a schema gives its field in its own messages: 请填写材料名称 → 材料名称. */
export function labelFromMessages(schema: z.ZodType): string | undefined {
	const def = defOf(schema);
	const required = /^请填写(.+)$/.exec(message(def.error) ?? "");
	if (required) return required[1];
	for (const check of def.checks ?? []) {
		const named = /^(?:请填写(.+)|(.+)不能为空)$/.exec(message(check._zod.def.error) ?? "");
		if (named) return named[1] ?? named[2];
	}
	return undefined;
}

/** Whether a label is one an editor reads: it has Chinese in it. */
export const isChineseLabel = (label: string) => /\p{Script=Han}/u.test(label);

function patternOf(def: Def): [string, string] | undefined {
	const check = def.checks?.find((c) => c._zod.def.format === "regex")?._zod.def;
	if (!check?.pattern) return undefined;
	return [check.pattern.source, message(check.error) ?? "格式不对"];
}

function bounds(def: Def): Pick<CmsField, "min" | "max" | "value_type"> {
	const out: Pick<CmsField, "min" | "max" | "value_type"> = {};
	for (const { _zod } of def.checks ?? []) {
		const c = _zod.def;
		if (c.check === "number_format" && (c.format === "safeint" || c.format === "int")) out.value_type = "int";
		if (c.check === "greater_than") out.min = c.inclusive === false ? c.value! + 1 : c.value;
		if (c.check === "less_than") out.max = c.inclusive === false ? c.value! - 1 : c.value;
	}
	return out;
}

/**
 * The CMS field for `key` of an object at dotted `path` (collection.key.subkey, list items without index).
 * Inside a group that may be left out (受理时限, 网上申请表) nothing is required by the CMS, which would otherwise
 * demand the parts of a group the guide does not have; the schema check before saving still asks for them.
 */
export function cmsField(key: string, schema: z.ZodType, path: string, inOptional = false): CmsField {
	const { inner, optional, fallback } = unwrap(schema);
	const def = defOf(inner);
	const label = CMS_LABELS[path] ?? labelFromMessages(inner) ?? key;
	const field: CmsField = { name: key, label, widget: "string" };
	if (optional || inOptional) field.required = false;
	if (fallback !== undefined && typeof fallback !== "object") field.default = fallback;
	const hint = CMS_HINTS[path];
	if (hint) field.hint = hint;
	return { ...field, ...widgetOf(def, key, path, label, optional || inOptional) };
}

function widgetOf(def: Def, key: string, path: string, label: string, inOptional: boolean): Partial<CmsField> {
	switch (def.type) {
		case "string": {
			const pattern = patternOf(def);
			return { widget: LONG_TEXT.has(key) ? "text" : "string", ...(pattern ? { pattern } : {}) };
		}
		case "number":
			return { widget: "number", ...bounds(def) };
		case "boolean":
			return { widget: "boolean" };
		case "enum":
			return { widget: "select", options: Object.values(def.entries ?? {}) };
		case "union": {
			// A choice among numbers (跑动次数 0, 1, 2): a whole number between the least and the greatest.
			const values = (def.options ?? []).flatMap((o) => defOf(o).values ?? []).filter((v) => typeof v === "number");
			return { widget: "number", value_type: "int", min: Math.min(...values), max: Math.max(...values) };
		}
		case "date":
			return { widget: "datetime", date_format: "YYYY-MM-DD", time_format: false, format: "YYYY-MM-DD" };
		case "object":
			return { widget: "object", collapsed: inOptional, fields: cmsFields(def.shape ?? {}, path, inOptional) };
		case "array":
			return listOf(def.element!, path, label, inOptional);
		default:
			throw new Error(`${path}：没有对应的编辑控件（${def.type}）`);
	}
}

function listOf(element: z.ZodType, path: string, label: string, inOptional: boolean): Partial<CmsField> {
	const def = defOf(unwrap(element).inner);
	if (def.type === "object") {
		const fields = cmsFields(def.shape ?? {}, path, inOptional);
		return { widget: "list", collapsed: true, summary: `{{fields.${fields[0].name}}}`, fields };
	}
	return { widget: "list", field: { ...cmsField("value", element, `${path}[]`, inOptional), label } };
}

/** The CMS fields of every key of an object shape. */
export function cmsFields(shape: Record<string, z.ZodType>, path: string, inOptional = false): CmsField[] {
	return Object.entries(shape).map(([key, schema]) => cmsField(key, schema, `${path}.${key}`, inOptional));
}
