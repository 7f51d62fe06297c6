import { parseText } from "./application";
import { type WorkingCalendar, addDays } from "./calendar";
import { deadlineFrom } from "./clock";
import type { Deadline } from "./item";
import { parseMobile, parseName } from "./person";
import { parseTrackingNo } from "./tracking";
import { t } from "./zh-CN";

/**
 * 投诉建议: anyone may ask, complain, suggest or ask for help about a centre, a station, a window, an
 * item or a case, without an account. Each gets a tracking number and query code, a clock, a named
 * owner (首问负责) and an answer of 支持 / 解释说明 / 不予支持 with reasons, which the person rates. The
 * record's fields follow GB/T 39046-2020 表10 (shared/REFERENCE-RULES.md §2).
 */

export const COMPLAINT_TYPES = ["咨询", "投诉", "建议", "求助"] as const;
export type ComplaintType = (typeof COMPLAINT_TYPES)[number];

/** The answer's conclusion, as 信访工作条例第三十二条 words a 处理意见. */
export const COMPLAINT_VERDICTS = ["支持", "解释说明", "不予支持"] as const;
export type ComplaintVerdict = (typeof COMPLAINT_VERDICTS)[number];

/** How the person rates the answer. */
export const REPLY_RATINGS = ["满意", "基本满意", "不满意"] as const;
export type ReplyRating = (typeof REPLY_RATINGS)[number];

export const COMPLAINT_STATUSES = ["received", "acknowledged", "replied"] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/**
 * The clock a complaint runs on. A complaint, suggestion, question or request for help: acknowledged
 * within 1 working day, answered within 5 working days of filing, once 5 more with a reason told to the
 * person (the centre's promise, as 12345 laws and centre rules set it). One the person asks to be handled
 * as 信访 follows 信访工作条例 in calendar days: written notice within 15 days (第二十三条), finished
 * within 60 days of acceptance, once 30 more with the reason told (第三十四条).
 */
export interface ComplaintRule {
	acknowledge: Deadline;
	answer: Deadline;
	extension: Deadline;
	basis: string;
}

export const COMPLAINT_RULE: ComplaintRule = {
	acknowledge: { days: 1, unit: "工作日" },
	answer: { days: 5, unit: "工作日" },
	extension: { days: 5, unit: "工作日" },
	basis: "本中心承诺",
};

export const PETITION_RULE: ComplaintRule = {
	acknowledge: { days: 15, unit: "自然日" },
	answer: { days: 60, unit: "自然日" },
	extension: { days: 30, unit: "自然日" },
	basis: "《信访工作条例》第二十三条、第三十四条",
};

export const ruleOf = (asPetition: boolean) => (asPetition ? PETITION_RULE : COMPLAINT_RULE);

/** What the clock needs of a complaint. */
export interface ComplaintDates {
	asPetition: boolean;
	/** China dates. */
	filedOn: string;
	acknowledgedOn: string | null;
	extended: boolean;
	repliedOn: string | null;
}

/**
 * The complaint's due dates: acknowledge by, answer by (a 信访 counts from its acceptance, the notice day;
 * until then from the latest day that notice may go out), and 超期天数 — days past the answer date, in the
 * rule's unit, until the answer (or today).
 */
export function complaintClock(c: ComplaintDates, today: string, calendar: WorkingCalendar) {
	const rule = ruleOf(c.asPetition);
	const acknowledgeBy = deadlineFrom(c.filedOn, rule.acknowledge, calendar).dueOn;
	const answerFrom = c.asPetition ? (c.acknowledgedOn ?? acknowledgeBy) : c.filedOn;
	const within = c.extended ? { ...rule.answer, days: rule.answer.days + rule.extension.days } : rule.answer;
	const answerBy = deadlineFrom(answerFrom, within, calendar).dueOn;
	const end = c.repliedOn ?? today;
	let overdueDays = 0;
	for (let d = addDays(answerBy, 1); d <= end; d = addDays(d, 1))
		if (rule.answer.unit === "自然日" || calendar.estimateWorkingDay(d).working) overdueDays++;
	const acknowledgeLate = !c.acknowledgedOn && today > acknowledgeBy;
	const late = (!c.repliedOn && today > answerBy) || acknowledgeLate;
	return { acknowledgeBy, answerBy, overdueDays, acknowledgeLate, late, unit: rule.answer.unit, basis: rule.basis };
}

/** Limits of the form's free texts, in characters. */
export const COMPLAINT_LIMITS = { title: 30, content: 600 } as const;

export interface ComplaintInput {
	type: ComplaintType;
	centre: string;
	station: string | null;
	window: string | null;
	item: string | null;
	aboutTrackingNo: string | null;
	title: string;
	content: string;
	name: string | null;
	phone: string | null;
	/** 1: answered on /track/ only; 2: also by phone (a mobile is then required). */
	replyByPhone: boolean;
	asPetition: boolean;
}

interface Named {
	slug: string;
	name: string;
}
/** Centres with their stations and windows, as the Worker assembles them from the built centre data (worker/src/lib/places.ts). */
export type Places = (Named & { stations: Named[]; windows: Named[] })[];

/** The check's questions about places and items, answered from the built places and guides. */
export function placesCheck(places: Places, itemExists: (code: string) => boolean): ComplaintPlaces {
	const bySlug = new Map(places.map((c) => [c.slug, c]));
	return {
		centre: (slug) => bySlug.has(slug),
		station: (centre, slug) => bySlug.get(centre)?.stations.some((s) => s.slug === slug) ?? false,
		window: (centre, slug) => bySlug.get(centre)?.windows.some((w) => w.slug === slug) ?? false,
		item: itemExists,
	};
}

/** What the check needs to know of places and items: whether a slug exists (and under which centre). */
export interface ComplaintPlaces {
	centre: (slug: string) => boolean;
	station: (centre: string, slug: string) => boolean;
	window: (centre: string, slug: string) => boolean;
	item: (code: string) => boolean;
}

export type ComplaintError = { field: string; message: string };

const FIELDS = [
	"type",
	"centre",
	"station",
	"window",
	"item",
	"aboutTrackingNo",
	"title",
	"content",
	"name",
	"phone",
	"replyByPhone",
	"asPetition",
	"consent",
];

/**
 * Checks a complaint as posted (JSON, or a form's fields as strings with "true" for a ticked box):
 * every problem at once, in Chinese, each naming its field. Unknown keys are refused; empty optional
 * fields are null.
 */
export function checkComplaint(
	raw: unknown,
	places: ComplaintPlaces,
): { ok: true; value: ComplaintInput } | { ok: false; errors: ComplaintError[] } {
	if (typeof raw !== "object" || raw === null || Array.isArray(raw))
		return { ok: false, errors: [{ field: "type", message: t("complaint.error.body") }] };
	const o = raw as Record<string, unknown>;
	const errors: ComplaintError[] = [];
	const fail = (field: string, message: string) => void errors.push({ field, message });
	for (const k of Object.keys(o)) if (!FIELDS.includes(k)) fail(k, t("complaint.error.unknown", { field: k }));
	const str = (k: string) => {
		const v = o[k];
		return typeof v === "string" ? v.trim() : v === undefined || v === null ? "" : undefined;
	};
	const flag = (k: string) =>
		o[k] === true || o[k] === "true" ? true : o[k] === undefined || o[k] === false || o[k] === "" ? false : undefined;

	const type = str("type");
	if (!COMPLAINT_TYPES.includes(type as ComplaintType)) fail("type", t("complaint.error.type"));
	const centre = str("centre") ?? "";
	if (!places.centre(centre)) fail("centre", t("complaint.error.centre"));
	const optionalSlug = (k: "station" | "window" | "item", ok: (v: string) => boolean) => {
		const v = str(k);
		if (v === undefined || (v && !ok(v))) fail(k, t(`complaint.error.${k}`));
		return v || null;
	};
	const station = optionalSlug("station", (v) => places.station(centre, v));
	const window = optionalSlug("window", (v) => places.window(centre, v));
	const item = optionalSlug("item", places.item);
	const about = str("aboutTrackingNo");
	let aboutTrackingNo: string | null = null;
	if (about === undefined) fail("aboutTrackingNo", t("complaint.error.aboutTrackingNo"));
	else if (about) {
		const parsed = parseTrackingNo(about);
		if (parsed.ok) aboutTrackingNo = parsed.value;
		else fail("aboutTrackingNo", t("complaint.error.aboutTrackingNo"));
	}
	const text = (k: "title" | "content", label: string, min: number, required: boolean) => {
		const v = str(k);
		if (v === undefined) return void fail(k, t("error.type", { label }));
		if (!v) return required ? void fail(k, t("error.required", { label })) : null;
		const parsed = parseText(v, k === "content", COMPLAINT_LIMITS[k]);
		if (!parsed.ok) return void fail(k, t(`error.${parsed.code}`, { label }));
		if ([...parsed.value].length < min) return void fail(k, t("complaint.error.short", { label, min }));
		return parsed.value;
	};
	const title = text("title", t("complaint.label.title"), 4, true);
	const content = text("content", t("complaint.label.content"), 10, true);
	const { name, phone, replyByPhone, asPetition } = checkContact(str, flag, fail, (field) => errors.some((e) => e.field === field));
	if (o.consent !== true && o.consent !== "true") fail("consent", t("complaint.error.consent"));
	if (errors.length > 0) return { ok: false, errors: errors.slice(0, 50) };
	return {
		ok: true,
		value: {
			type: type as ComplaintType,
			centre,
			station,
			window,
			item,
			aboutTrackingNo,
			title: title!,
			content: content!,
			name,
			phone,
			replyByPhone: replyByPhone!,
			asPetition: asPetition!,
		},
	};
}

/**
 * The name, mobile and the two boxes: both contacts are optional, but a reply by phone needs the mobile
 * and a 信访 needs both (信访工作条例第十九条: it states the person's name; the phone is how the notice
 * reaches them).
 */
function checkContact(
	str: (k: string) => string | undefined,
	flag: (k: string) => boolean | undefined,
	fail: (field: string, message: string) => void,
	hasError: (field: string) => boolean,
) {
	const nameText = str("name");
	let name: string | null = null;
	if (nameText === undefined) fail("name", t("error.type", { label: t("complaint.label.name") }));
	else if (nameText) {
		const parsed = parseName(nameText);
		if (parsed.ok) name = parsed.value;
		else fail("name", t(`error.${parsed.code}`));
	}
	const phoneText = str("phone");
	let phone: string | null = null;
	if (phoneText === undefined) fail("phone", t("error.type", { label: t("complaint.label.phone") }));
	else if (phoneText) {
		const parsed = parseMobile(phoneText);
		if (parsed.ok) phone = parsed.value;
		else fail("phone", t(`error.${parsed.code}`));
	}
	const replyByPhone = flag("replyByPhone");
	const asPetition = flag("asPetition");
	if (replyByPhone === undefined) fail("replyByPhone", t("complaint.error.flag"));
	if (asPetition === undefined) fail("asPetition", t("complaint.error.flag"));
	if (replyByPhone && !phone && !hasError("phone")) fail("phone", t("complaint.error.phoneForReply"));
	if (asPetition && !name && !hasError("name")) fail("name", t("complaint.error.nameForPetition"));
	if (asPetition && !phone && !hasError("phone")) fail("phone", t("complaint.error.phoneForPetition"));
	return { name, phone, replyByPhone, asPetition };
}
