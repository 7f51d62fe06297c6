import { z } from "zod";
import { type WorkingCalendar, chinaDate, stepDays } from "./calendar";
import { parseText } from "./application";
import type { CaseStatus } from "./case";
import { t } from "./zh-CN";

/**
 * 政务服务"好差评" (国办发〔2019〕51号): the applicant rates a closed case once (一事一评), and once more
 * after a bad rating was followed up (二次评价). The level is stored as its words; each official code list
 * is a mapping of its own, because the two in use run in opposite directions (shared/REFERENCE-RULES.md).
 */

/** 评价等级, best first. */
export const RATING_LEVELS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** 差评: the last two levels ("后两个等级为差评"). */
export const isBadRating = (level: RatingLevel) => level === "不满意" || level === "非常不满意";

/** GB/T 39046-2020 表A.8 满意度代码: 1 = 非常满意 … 5 = 非常不满意. */
export const GBT39046_LEVEL_CODE: Record<RatingLevel, number> = { 非常满意: 1, 满意: 2, 基本满意: 3, 不满意: 4, 非常不满意: 5 };

/** The national 好差评 interface as provinces implement it (`satisfaction`): 1 = 非常不满意 … 5 = 非常满意. */
export const PROVINCIAL_LEVEL_CODE: Record<RatingLevel, number> = { 非常满意: 5, 满意: 4, 基本满意: 3, 不满意: 2, 非常不满意: 1 };

/** 评价渠道 (`pf`) and its national code. */
export const RATING_CHANNELS = {
	/** PC 端 */
	pc: 1,
	/** 移动端 */
	mobile: 2,
	/** 二维码 */
	qr: 3,
	/** 政务大厅平板电脑 */
	hallTablet: 4,
	/** 其他终端 (a paper card entered by staff included) */
	otherTerminal: 5,
	/** 电话 */
	phone: 6,
	/** 短信 */
	sms: 7,
} as const;
export type RatingChannel = keyof typeof RATING_CHANNELS;

/** What was rated, by channel kind: an online service, or service in person at a window or station. */
export const RATING_DIMENSIONS = {
	online: ["整体满意度", "办事效率", "办事指南精确度", "办事便捷度", "平台操作性"],
	inPerson: ["整体满意度", "服务效率", "服务水平", "服务态度"],
} as const;

/** Which dimension set a channel's rating uses: a hall tablet or a paper card rates the service in person. */
export const dimensionsOf = (channel: RatingChannel) =>
	channel === "hallTablet" || channel === "otherTerminal" ? RATING_DIMENSIONS.inPerson : RATING_DIMENSIONS.online;

/** The states in which a case may be rated: it was decided (办结, 不予受理) or handed on (转报). */
export const RATABLE_STATUSES: readonly CaseStatus[] = ["completed", "not_accepted", "forwarded"];

/** Longest free text of a rating. */
export const RATING_TEXT_MAX = 200;

const problemsMessage = "请选择哪方面不满意（可以多选）";

/**
 * One rating as the rater gives it; the channel comes from where it was given (the route), never from
 * the body. For a 差评 the rater says what went wrong (at least one dimension of the channel's set); a
 * rating that is not a 差评 names none. `anonymous`: the rater does not want a call back (匿名).
 */
export function ratingSchema(channel: RatingChannel) {
	const allowed: readonly string[] = dimensionsOf(channel);
	return z
		.strictObject({
			level: z.enum(RATING_LEVELS, { error: "请选择评价等级：非常满意、满意、基本满意、不满意或非常不满意" }),
			problems: z.array(z.string(), { error: problemsMessage }).max(allowed.length).default([]),
			text: z.string({ error: "评价内容要写成文字" }).trim().max(RATING_TEXT_MAX, `评价内容不能超过${RATING_TEXT_MAX}个字`).optional(),
			anonymous: z.boolean({ error: "「不需要回访」只能选或不选" }).default(false),
		})
		.superRefine((r, ctx) => {
			if (isBadRating(r.level) && r.problems.length === 0) ctx.addIssue({ code: "custom", path: ["problems"], message: problemsMessage });
			if (!isBadRating(r.level) && r.problems.length > 0)
				ctx.addIssue({ code: "custom", path: ["problems"], message: "只有选「不满意」或「非常不满意」时才选哪方面不满意" });
			if (new Set(r.problems).size !== r.problems.length)
				ctx.addIssue({ code: "custom", path: ["problems"], message: "同一个方面只能选一次" });
			const text = r.text === undefined ? undefined : parseText(r.text, true, RATING_TEXT_MAX);
			if (text && !text.ok) ctx.addIssue({ code: "custom", path: ["text"], message: t(`error.${text.code}`, { label: "评价内容" }) });
			r.problems.forEach((p, i) => {
				if (!allowed.includes(p))
					ctx.addIssue({ code: "custom", path: ["problems", i], message: `「${p}」不是可以选的方面：${allowed.join("、")}` });
			});
		});
}
export type Rating = z.infer<ReturnType<typeof ratingSchema>>;

/** How fast a 差评 is followed up, in working days; per deployment (wrangler.toml FOLLOW_UP_*_DAYS). */
export interface FollowUpSettings {
	/** 回访核实: contact the rater. Shanghai's and Anyang's regulations: within 1 working day. */
	contactDays: number;
	/** 整改: fix what was wrong and reply. */
	fixDays: number;
	/** The hard cap no fix may pass. */
	capDays: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = { contactDays: 1, fixDays: 5, capDays: 15 };

/**
 * The follow-up's due instants for a 差评 given at `ratedAt`: n working days later at the same time of
 * day in China ("within 1 working day" of a rating at 10:00 on Monday ends at 10:00 on Tuesday). The
 * rating day never counts; a rating on a day off runs from that day all the same.
 */
export function followUpDue(ratedAt: Date, settings: FollowUpSettings, calendar: WorkingCalendar) {
	const ratedOn = chinaDate(ratedAt);
	const sinceMidnight = ratedAt.getTime() - Date.parse(`${ratedOn}T00:00:00+08:00`);
	const after = (days: number) => {
		const day = stepDays(ratedOn, days, (d) => calendar.estimateWorkingDay(d).working);
		return new Date(Date.parse(`${day}T00:00:00+08:00`) + sinceMidnight).toISOString();
	};
	return { contactBy: after(settings.contactDays), fixBy: after(settings.fixDays), capBy: after(settings.capDays) };
}

/** 整改结论: what the follow-up found. 申诉 (a misdirected or malicious rating) only the centre head decides. */
export const FOLLOW_UP_FINDINGS = ["情况属实", "解释说明", "申诉"] as const;
export type FollowUpFinding = (typeof FOLLOW_UP_FINDINGS)[number];

export interface FollowUpDates {
	contactBy: string | null;
	fixBy: string;
	capBy: string;
	contactedAt: string | null;
	resolvedAt: string | null;
}

/**
 * Where an open follow-up stands at `now`: the next step (contact, unless anonymous or done; then the
 * fix), its due instant, and its colour — red once that instant has passed, yellow on its last China
 * day, green before. A resolved follow-up has no step.
 */
export function followUpState(f: FollowUpDates, now: Date) {
	if (f.resolvedAt) return { step: "done" as const, dueBy: null, colour: null, late: false, pastCap: false };
	const step = f.contactBy && !f.contactedAt ? ("contact" as const) : ("fix" as const);
	const dueBy = step === "contact" ? f.contactBy! : f.fixBy;
	const late = now.toISOString() > dueBy;
	const colour: "green" | "yellow" | "red" = late ? "red" : chinaDate(now) === chinaDate(new Date(dueBy)) ? "yellow" : "green";
	return { step, dueBy, colour, late, pastCap: now.toISOString() > f.capBy };
}

/** What the figures need of one rating and its follow-up. */
export interface RatingFact {
	level: RatingLevel;
	assessNumber: 1 | 2;
	anonymous: boolean;
	isDefault: boolean;
	followUp: (FollowUpDates & { finding: FollowUpFinding | null }) | null;
}

/**
 * The figures of a set of ratings at `now`. 满意率 counts first ratings given by a person: a default
 * rating (is_default) and a 差评 the head found misdirected or malicious (申诉) are left out, and said so.
 * 回访率 is for named 差评 only (an anonymous rater cannot be called).
 */
export function ratingFigures(facts: readonly RatingFact[], now: Date) {
	const first = facts.filter((f) => f.assessNumber === 1);
	const defaults = first.filter((f) => f.isDefault).length;
	const appealed = first.filter((f) => f.followUp?.finding === "申诉").length;
	const counted = first.filter((f) => !f.isDefault && f.followUp?.finding !== "申诉");
	const byLevel = Object.fromEntries(RATING_LEVELS.map((l) => [l, counted.filter((f) => f.level === l).length])) as Record<
		RatingLevel,
		number
	>;
	const satisfied = byLevel["非常满意"] + byLevel["满意"] + byLevel["基本满意"];
	const followUps = facts.flatMap((f) => (f.followUp ? [{ ...f.followUp, anonymous: f.anonymous }] : []));
	const named = followUps.filter((f) => !f.anonymous);
	const open = followUps.filter((f) => !f.resolvedAt);
	return {
		rated: counted.length,
		byLevel,
		/** Per cent with one decimal, or null when nobody rated. */
		satisfactionRate: counted.length === 0 ? null : Math.round((satisfied / counted.length) * 1000) / 10,
		bad: byLevel["不满意"] + byLevel["非常不满意"],
		leftOut: { defaults, appealed },
		followUps: {
			open: open.length,
			late: open.filter((f) => followUpState(f, now).late).length,
			resolved: followUps.length - open.length,
			resolvedInTime: followUps.filter((f) => f.resolvedAt && f.resolvedAt <= f.fixBy).length,
		},
		/** 实名差评回访率: named 差评 called back, per cent; null when there are none. */
		contactRate: named.length === 0 ? null : Math.round((named.filter((f) => f.contactedAt).length / named.length) * 1000) / 10,
	};
}
export type RatingFigures = ReturnType<typeof ratingFigures>;
