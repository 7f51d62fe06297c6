import { z } from "zod";
import { addDays, chinaDate, dayOfWeek } from "./calendar";
import { parseText } from "./application";
import { maskIdCard } from "./idcard";
import { maskMobile } from "./person";
import { type StringKey, t } from "./zh-CN";

/**
 * 本页有用吗 (guide feedback): a reader says a guide helped or not, and if not, what was wrong and, in a
 * few words, how. No personal data is asked for; what looks like an ID or mobile number in the words is
 * masked before anything stores it. One pure check, run by the Worker on JSON and on a plain form alike.
 */

/** Why a guide did not help, as stored and sent; the words are `feedback.reason.<reason>`. */
export const FEEDBACK_REASONS = ["materials", "deadline", "phone", "address", "unclear", "other"] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** Longest free text, in characters. */
export const FEEDBACK_TEXT_MAX = 300;

/** Calendar weeks the back office and the editor's script show, the current one included. */
export const FEEDBACK_WEEKS_SHOWN = 12;

/** The reasons that flag an item when they repeat within one calendar week (China time). */
export const FLAGGED_REASONS: readonly FeedbackReason[] = ["phone", "materials"];
/** How many of one flagged reason in one calendar week flag the item. */
export const FEEDBACK_FLAG_THRESHOLD = 3;

/** The keys a submission may have. */
export const FEEDBACK_KEYS = ["item", "useful", "reason", "text"] as const;

export const reasonLabel = (reason: FeedbackReason) => t(`feedback.reason.${reason}`);
export const isFeedbackReason = (value: unknown): value is FeedbackReason =>
	typeof value === "string" && (FEEDBACK_REASONS as readonly string[]).includes(value);

export interface PageFeedback {
	item: string;
	useful: boolean;
	/** Only for a guide that did not help. */
	reason: FeedbackReason | null;
	/** The reader's words with ID and mobile numbers masked; null when none. */
	text: string | null;
}

export type FeedbackErrorCode =
	| "body"
	| "required"
	| "type"
	| "unknown"
	| "too_long"
	| "chars"
	| "markup"
	| "formula"
	| "option"
	| "item.unknown"
	| "feedback.useful"
	| "feedback.other";

export interface FeedbackError {
	field?: string;
	code: FeedbackErrorCode;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks one submission: `{ item, useful: true }`, or `{ item, useful: false, reason, text? }` (a text is
 * needed with 其他). `isGuide` says whether an item code has a guide. Every problem at once.
 */
export function checkFeedback(
	raw: unknown,
	isGuide: (code: string) => boolean,
): { ok: true; value: PageFeedback } | { ok: false; errors: FeedbackError[] } {
	if (!isRecord(raw)) return { ok: false, errors: [{ code: "body" }] };
	const errors: FeedbackError[] = Object.keys(raw)
		.filter((k) => !(FEEDBACK_KEYS as readonly string[]).includes(k))
		.map((field) => ({ field, code: "unknown" }));
	const { item, useful, reason, text } = raw;
	if (item === undefined || item === "") errors.push({ field: "item", code: "required" });
	else if (typeof item !== "string") errors.push({ field: "item", code: "type" });
	else if (!isGuide(item.trim())) errors.push({ field: "item", code: "item.unknown" });
	if (useful === undefined) errors.push({ field: "useful", code: "required" });
	else if (typeof useful !== "boolean") errors.push({ field: "useful", code: "type" });

	// Absent or empty is not given; null is a value of the wrong type, like a number.
	const given = (v: unknown) => v !== undefined && v !== "";
	let words: string | null = null;
	if (given(text)) {
		const parsed = typeof text === "string" ? parseText(text, true, FEEDBACK_TEXT_MAX) : ({ ok: false, code: "type" } as const);
		if (!parsed.ok) errors.push({ field: "text", code: parsed.code as FeedbackErrorCode });
		else words = parsed.value === "" ? null : maskPersonalData(parsed.value);
	}
	if (useful === true) {
		for (const field of ["reason", "text"] as const) if (given(raw[field])) errors.push({ field, code: "feedback.useful" });
	} else if (useful === false) {
		if (!given(reason)) errors.push({ field: "reason", code: "required" });
		else if (typeof reason !== "string") errors.push({ field: "reason", code: "type" });
		else if (!isFeedbackReason(reason)) errors.push({ field: "reason", code: "option" });
		else if (reason === "other" && words === null && !errors.some((e) => e.field === "text"))
			errors.push({ field: "text", code: "feedback.other" });
	}
	if (errors.length > 0) return { ok: false, errors: errors.slice(0, 20) };
	return {
		ok: true,
		value: {
			item: (item as string).trim(),
			useful: useful as boolean,
			reason: useful ? null : (reason as FeedbackReason),
			text: useful ? null : words,
		},
	};
}

/**
 * A plain form's fields in the JSON shape: useful=yes|no → true|false; a key sent twice becomes a list,
 * which the check refuses as the wrong type. No prototype, so __proto__ is an own key the check names.
 */
export function feedbackFromForm(entries: Iterable<[string, string]>): Record<string, unknown> {
	const out = Object.create(null) as Record<string, unknown>;
	for (const [key, value] of entries) {
		const v: unknown = key === "useful" ? (({ yes: true, no: false } as Record<string, boolean>)[value] ?? value) : value;
		out[key] = Object.hasOwn(out, key) ? [out[key], v].flat() : v;
	}
	return out;
}

// A run of ten or more digits as people write numbers (spaces or dashes between them, a leading +), maybe ending in X.
const DIGIT_RUN = /(?<!\d)\+?\d(?:[\s-]?\d){9,}(?:[\s-]?[Xx])?(?!\d)/g;

/**
 * What looks like personal data in free text, masked as every citizen view masks it: a mainland mobile
 * number (11 digits from 13–19, with +86, 0086 or 86 before it, spaces or dashes inside) as 138****1234;
 * any other run of 11 or more digits (an ID number, old or new, a bank card, a mistyped mobile) as
 * 110***********1234. A landline with its area code (0838-1234567), a date or an amount stays as written:
 * the number a reader could not get through to is what the editor needs. Full-width digits count as digits.
 */
export function maskPersonalData(text: string): string {
	const ascii = text.replace(/[０-９Ｘｘ＋]/g, (ch) => ch.normalize("NFKC"));
	return ascii.replace(DIGIT_RUN, (run) => {
		const compact = run.replace(/[\s-]/g, "").replace(/^\+/, "").toUpperCase();
		const mobile = compact.replace(/^(0086|86)(?=1[3-9]\d{9}$)/, "");
		if (/^1[3-9]\d{9}$/.test(mobile)) return maskMobile(mobile);
		if (/^0[1-9]\d{8,10}$/.test(compact)) return run;
		return compact.replace(/X$/, "").length >= 11 ? maskIdCard(compact) : run;
	});
}

/** The Chinese sentence for a feedback error (the shared words of the form errors where they fit). */
export function feedbackErrorMessage(error: FeedbackError): string {
	const label = error.field && Object.hasOwn(FIELD_LABELS, error.field) ? t(FIELD_LABELS[error.field]) : (error.field ?? "");
	if (error.code === "required" && error.field === "reason") return t("feedback.error.reason");
	const key: StringKey =
		error.code === "feedback.useful" || error.code === "feedback.other" || error.code === "body" || error.code === "item.unknown"
			? `feedback.error.${error.code.replace("feedback.", "") as "useful" | "other" | "body" | "item.unknown"}`
			: `error.${error.code}`;
	return t(key, { label });
}

const FIELD_LABELS: Record<string, StringKey> = {
	item: "feedback.label.item",
	useful: "feedback.label.useful",
	reason: "feedback.label.reason",
	text: "feedback.label.text",
};

// ── weeks ───────────────────────────────────────────────────────────────────────────────────────

/** The Monday (YYYY-MM-DD) of the calendar week, China time, an instant falls in. */
export function weekOf(instant: Date): string {
	const day = chinaDate(instant);
	return addDays(day, -((dayOfWeek(day) + 6) % 7));
}

/** The Mondays of the last `count` calendar weeks up to the one of `now`, newest first. */
export function recentWeeks(now: Date, count: number): string[] {
	const current = weekOf(now);
	return Array.from({ length: count }, (_, i) => addDays(current, -7 * i));
}

/** One week of one item: how many found it useful, how many not, and why. */
export interface FeedbackWeek {
	week: string;
	useful: number;
	notUseful: number;
	reasons: Record<FeedbackReason, number>;
	/** The flagged reasons that reached the threshold this week. */
	flags: FeedbackReason[];
}

export const emptyWeek = (week: string): FeedbackWeek => ({
	week,
	useful: 0,
	notUseful: 0,
	reasons: Object.fromEntries(FEEDBACK_REASONS.map((r) => [r, 0])) as Record<FeedbackReason, number>,
	flags: [],
});

/** The flags of a week: each flagged reason given FEEDBACK_FLAG_THRESHOLD times or more. */
export const weekFlags = (reasons: Record<FeedbackReason, number>): FeedbackReason[] =>
	FLAGGED_REASONS.filter((r) => reasons[r] >= FEEDBACK_FLAG_THRESHOLD);

/** One guide as the build lists it for the Worker (/items/guides.json). */
export const GuideSchema = z.strictObject({
	code: z.string().min(1),
	name: z.string().min(1),
	/** The department's slug: the window that handles the item. */
	department: z.string().min(1),
	departmentName: z.string().min(1),
});
export type Guide = z.infer<typeof GuideSchema>;
export const GuideListSchema = z.array(GuideSchema);
