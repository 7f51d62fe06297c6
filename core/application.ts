import type { Form, FormField } from "./form";
import type { ApplyItem, OnlineItem } from "./online-item";
import { isIsoDate } from "./calendar";
import { TEXTAREA_MAX, TEXT_MAX } from "./limits";
import { type IdCardError, parseIdCard } from "./idcard";
import { INVISIBLE_OR_CONTROL, normalizeInput } from "./normalize";
import { type MobileError, type NameError, parseMobile, parseName } from "./person";
import type { QueryCodeError, TrackingNoError } from "./tracking";

/**
 * 网上申请 (online application): one pure check, run by the apply page before it posts and by the
 * Worker before it writes. Input is what arrived (parsed JSON, or a form turned into the same shape by
 * `applicationFromForm`); output is the normalised application or every problem at once, each with
 * the field it belongs to and a stable code (the Chinese wording lives in the string table).
 */

export interface Applicant {
	/** 姓名 */
	name: string;
	/** 身份证号 (18 characters, upper-case X) */
	idNumber: string;
	/** 手机号 (11 digits) */
	phone: string;
	/** 所在村/社区: the slug of a station of the chosen centre. */
	village: string;
}

export type Answer = string | number | string[];

export interface Application {
	item: string;
	centre: string;
	applicant: Applicant;
	answers: Record<string, Answer>;
	consent: true;
}

export type ErrorCode =
	| "body"
	| "required"
	| "type"
	| "unknown"
	| "too_long"
	| "chars"
	| "markup"
	| "formula"
	| "option"
	| "duplicate"
	| "too_many"
	| "number.format"
	| "number.range"
	| "date.format"
	| "date.range"
	| "consent"
	| "item.unknown"
	| "centre.unknown"
	| "village.unknown"
	| "correction.none"
	| "correction.supplied.required"
	| "correction.supplied.option"
	| IdCardError
	| MobileError
	| NameError
	| TrackingNoError
	| QueryCodeError;

export interface FieldError {
	/** Dotted path as in the form's input names: applicant.idNumber, answers.householdSize; absent for the body as a whole. */
	field?: string;
	code: ErrorCode;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Top-level and applicant keys, in the order the form shows them. */
export const APPLICATION_KEYS = ["item", "centre", "applicant", "answers", "consent"] as const;
export const APPLICANT_KEYS = ["name", "idNumber", "phone", "village"] as const;

/** More problems than this are not listed: one bad body must not make a huge answer. */
const MAX_ERRORS = 50;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks one submission. `find` looks up an item by code, with the villages of the chosen centre
 * (withVillages); `today` is the date in Asia/Shanghai (YYYY-MM-DD), which bounds birth dates and date fields.
 */
export function checkApplication(raw: unknown, find: (code: string) => ApplyItem | undefined, today: string): Checked<Application> {
	const errors: FieldError[] = [];
	const fail = (field: string | undefined, code: ErrorCode) =>
		void (errors.length < MAX_ERRORS && errors.push(field ? { field, code } : { code }));
	if (!isRecord(raw)) return { ok: false, errors: [{ code: "body" }] };
	for (const key of Object.keys(raw)) if (!(APPLICATION_KEYS as readonly string[]).includes(key)) fail(key, "unknown");

	const item = typeof raw.item === "string" ? find(normalizeInput(raw.item)) : undefined;
	if (raw.item === undefined) fail("item", "required");
	else if (typeof raw.item !== "string") fail("item", "type");
	else if (!item) fail("item", "item.unknown");

	const centreSlug = typeof raw.centre === "string" ? normalizeInput(raw.centre) : "";
	const centre = item?.centres.find((c) => c.slug === centreSlug);
	if (raw.centre === undefined) fail("centre", "required");
	else if (typeof raw.centre !== "string") fail("centre", "type");
	else if (centreSlug === "") fail("centre", "required");
	else if (item && !centre) fail("centre", "centre.unknown");

	const applicant = checkApplicant(raw.applicant, centre, today, fail);
	const answers = item ? checkAnswers(raw.answers, item.form, centre, today, fail) : undefined;

	if (raw.consent === undefined) fail("consent", "consent");
	else if (raw.consent !== true) fail("consent", typeof raw.consent === "boolean" ? "consent" : "type");

	if (errors.length > 0 || !item || !centre || !applicant || !answers) return { ok: false, errors };
	return { ok: true, value: { item: item.code, centre: centre.slug, applicant, answers, consent: true } };
}

type Fail = (field: string | undefined, code: ErrorCode) => void;
type Centre = ApplyItem["centres"][number] | undefined;

function checkApplicant(raw: unknown, centre: Centre, today: string, fail: Fail): Applicant | undefined {
	if (raw === undefined) {
		for (const key of APPLICANT_KEYS) fail(`applicant.${key}`, "required");
		return undefined;
	}
	if (!isRecord(raw)) return void fail("applicant", "type");
	for (const key of Object.keys(raw)) if (!(APPLICANT_KEYS as readonly string[]).includes(key)) fail(`applicant.${key}`, "unknown");
	const value: Partial<Applicant> = {};
	const parse = (key: keyof Applicant, parser: (s: string) => { ok: true; value: string } | { ok: false; code: ErrorCode }) => {
		const v = raw[key];
		if (v === undefined) return fail(`applicant.${key}`, "required");
		if (typeof v !== "string") return fail(`applicant.${key}`, "type");
		const r = parser(v);
		if (r.ok) value[key] = r.value;
		else fail(`applicant.${key}`, r.code);
	};
	parse("name", parseName);
	parse("idNumber", (s) => parseIdCard(s, today));
	parse("phone", parseMobile);
	parse("village", (s) => parseVillage(s, centre));
	return value.name && value.idNumber && value.phone && value.village ? (value as Applicant) : undefined;
}

function parseVillage(input: string, centre: Centre): { ok: true; value: string } | { ok: false; code: ErrorCode } {
	const slug = normalizeInput(input);
	if (slug === "") return { ok: false, code: "required" };
	// Without a valid centre the centre's own error says what to fix; the village cannot be judged yet.
	if (!centre) return { ok: true, value: slug };
	// A centre whose villages were not loaded cannot vouch for one: refused, never guessed.
	return centre.stations?.some((s) => s.slug === slug) ? { ok: true, value: slug } : { ok: false, code: "village.unknown" };
}

function checkAnswers(raw: unknown, form: Form, centre: Centre, today: string, fail: Fail): Record<string, Answer> | undefined {
	const given: Record<string, unknown> = raw === undefined ? {} : isRecord(raw) ? raw : {};
	if (raw !== undefined && !isRecord(raw)) return void fail("answers", "type");
	const names = new Set(form.fields.map((f) => f.name));
	for (const key of Object.keys(given)) if (!names.has(key)) fail(`answers.${key}`, "unknown");
	const answers: Record<string, Answer> = {};
	let ok = true;
	for (const field of form.fields) {
		const path = `answers.${field.name}`;
		const result = checkField(
			{ ...field, required: isRequired(field, given) },
			Object.hasOwn(given, field.name) ? given[field.name] : undefined,
			centre,
			today,
		);
		if (result === undefined) continue;
		if ("code" in result) {
			ok = false;
			fail(path, result.code);
		} else answers[field.name] = result.value;
	}
	return ok ? answers : undefined;
}

/** A field with requiredIf is required when its controlling field's answer is one of the listed ones. */
export function isRequired(field: FormField, given: Record<string, unknown>): boolean {
	if (!field.requiredIf) return field.required;
	const control = Object.hasOwn(given, field.requiredIf.field) ? given[field.requiredIf.field] : undefined;
	return typeof control === "string" && field.requiredIf.in.includes(control.normalize("NFC").trim());
}

/** undefined: an optional field left empty. */
function checkField(field: FormField, v: unknown, centre: Centre, today: string): { value: Answer } | { code: ErrorCode } | undefined {
	const missing = () => (field.required ? { code: "required" as const } : undefined);
	if (v === undefined || (typeof v === "string" && normalizeInput(v) === "")) return missing();
	if (field.type === "checkboxes") return checkChoices(field, v);
	if (field.type === "number") {
		if (typeof v !== "number" || !Number.isSafeInteger(v))
			return { code: typeof v === "number" || typeof v === "string" ? "number.format" : "type" };
		const n = v === 0 ? 0 : v; // -0 is 0
		return n < (field.min ?? 0) || n > (field.max ?? Number.MAX_SAFE_INTEGER) ? { code: "number.range" } : { value: n };
	}
	if (typeof v !== "string") return { code: "type" };
	const r = checkString(field, v, centre, today);
	return r.ok ? { value: r.value } : { code: r.code };
}

function checkString(
	field: FormField,
	v: string,
	centre: Centre,
	today: string,
): { ok: true; value: string } | { ok: false; code: ErrorCode } {
	switch (field.type) {
		case "idcard":
			return parseIdCard(v, today);
		case "phone":
			return parseMobile(v);
		case "village":
			return parseVillage(v, centre);
		case "date":
			return parseDate(v, field.when, today);
		case "select":
		case "radio": {
			const value = v.normalize("NFC").trim();
			return field.options?.includes(value) ? { ok: true, value } : { ok: false, code: "option" };
		}
		default:
			return parseText(v, field.type === "textarea", field.maxLength ?? (field.type === "textarea" ? TEXTAREA_MAX : TEXT_MAX));
	}
}

function checkChoices(field: FormField, v: unknown): { value: string[] } | { code: ErrorCode } | undefined {
	const options = field.options ?? [];
	if (!Array.isArray(v)) return { code: "type" };
	if (v.length > options.length) return { code: "too_many" };
	if (!v.every((x) => typeof x === "string")) return { code: "type" };
	const values = v.map((x: string) => x.normalize("NFC").trim());
	if (values.some((x) => !options.includes(x))) return { code: "option" };
	if (new Set(values).size !== values.length) return { code: "duplicate" };
	if (values.length === 0) return field.required ? { code: "required" } : undefined;
	// Stored in the form's order, whatever order they came in.
	return { value: options.filter((o) => values.includes(o)) };
}

/**
 * Free text keeps its Chinese punctuation (NFC, not NFKC: ，stays ，), loses surrounding space and
 * refuses what has no place in it: control and invisible characters (a line break only in a textarea),
 * markup brackets, and a leading = + - @ that a spreadsheet would run as a formula.
 */
export function parseText(
	input: string,
	multiline: boolean,
	maxLength: number,
): { ok: true; value: string } | { ok: false; code: ErrorCode } {
	// A tab pasted into a text box is a space to the reader.
	const value = input.normalize("NFC").replace(/\r\n?/g, "\n").replace(/\t/g, " ").trim();
	if ([...value].length > maxLength) return { ok: false, code: "too_long" };
	if (!value.isWellFormed() || value.includes("\uFFFD")) return { ok: false, code: "chars" };
	if (INVISIBLE_OR_CONTROL.test(multiline ? value.replace(/\n/g, "") : value)) return { ok: false, code: "chars" };
	if (/[<>]/.test(value)) return { ok: false, code: "markup" };
	if (/^[=+\-@]/.test(value)) return { ok: false, code: "formula" };
	return { ok: true, value };
}

function parseDate(input: string, when: FormField["when"], today: string): { ok: true; value: string } | { ok: false; code: ErrorCode } {
	const value = normalizeInput(input);
	if (!isIsoDate(value)) return { ok: false, code: "date.format" };
	if (value < "1900-01-01" || value > "2199-12-31") return { ok: false, code: "date.range" };
	if ((when === "past" && value > today) || (when === "future" && value < today)) return { ok: false, code: "date.range" };
	return { ok: true, value };
}

/**
 * A plain HTML form post turned into the JSON shape: applicant.name → { applicant: { name } },
 * answers.x repeated → an array for checkboxes, whole numbers → numbers, consent=true → true.
 * Anything else is kept as it came, so the check reports it (unknown key, wrong type) instead of
 * this step dropping it silently.
 */
export function applicationFromForm(
	entries: Iterable<[string, string]>,
	find: (code: string) => Pick<OnlineItem, "form"> | undefined,
): Record<string, unknown> {
	const list = [...entries];
	// No prototype: a key such as __proto__ becomes an own key the check reports, never a setter.
	const top = Object.create(null) as Record<string, unknown>;
	const applicant = Object.create(null) as Record<string, unknown>;
	const answers = Object.create(null) as Record<string, unknown>;
	const itemCode = list.find(([k]) => k === "item")?.[1];
	const fields = new Map((itemCode ? find(normalizeInput(itemCode))?.form.fields : undefined)?.map((f) => [f.name, f]));
	const put = (target: Record<string, unknown>, key: string, value: unknown, asList: boolean) => {
		const before = target[key];
		const earlier: unknown[] = before === undefined ? [] : Array.isArray(before) ? before : [before];
		target[key] = asList || before !== undefined ? [...earlier, value] : value;
	};
	for (const [key, value] of list) {
		const [head, ...rest] = key.split(".");
		const sub = rest.join(".");
		if (head === "applicant" && sub) put(applicant, sub, value, false);
		else if (head === "answers" && sub) {
			const field = fields.get(sub);
			if (field?.type === "checkboxes") put(answers, sub, value, true);
			else if (field?.type === "number" && /^-?\d{1,15}$/.test(normalizeInput(value)))
				put(answers, sub, Number(normalizeInput(value)), false);
			else if (field?.type === "number" && normalizeInput(value) === "") continue;
			else put(answers, sub, value, false);
		} else if (key === "consent") put(top, key, value === "true" ? true : value, false);
		else put(top, key, value, false);
	}
	// A bare `applicant` or `answers` key beside dotted ones makes two values: the check reports the type.
	if (Object.keys(applicant).length > 0) top.applicant = top.applicant === undefined ? applicant : [top.applicant, applicant];
	top.answers = top.answers === undefined ? answers : [top.answers, answers];
	return top;
}

/** The label of a field for messages: the form's own label, or the applicant block's. */
export function fieldLabel(item: OnlineItem | undefined, field: string | undefined, applicantLabels: Record<string, string>): string {
	if (!field) return "";
	if (field.startsWith("answers.")) return item?.form.fields.find((f) => f.name === field.slice(8))?.label ?? field.slice(8);
	return Object.hasOwn(applicantLabels, field) ? applicantLabels[field] : field;
}

/**
 * The id of the input for a field path, for error links: applicant.idNumber → f-applicant-idNumber. A page
 * with several forms that share input names scopes each form's ids: reason in the refuse form → f-reason-refuse.
 */
export const inputId = (field: string, scope?: string) => `f-${field.replace(/\./g, "-")}${scope ? `-${scope}` : ""}`;
