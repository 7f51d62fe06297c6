import { z } from "zod";
import { type WorkingCalendar, stepDays } from "./calendar";
import type { CaseStatus } from "./case";

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

/**
 * One rating as the rater gives it. For a 差评 the rater says what went wrong (at least one dimension of
 * the channel's set); a rating that is not a 差评 names none.
 */
export const RatingSchema = z
	.strictObject({
		level: z.enum(RATING_LEVELS, { error: "请选择评价等级：非常满意、满意、基本满意、不满意或非常不满意" }),
		channel: z.enum(Object.keys(RATING_CHANNELS) as [RatingChannel, ...RatingChannel[]], { error: "评价渠道不对" }),
		problems: z.array(z.string()).max(5).default([]),
		text: z.string().trim().max(RATING_TEXT_MAX, `评价内容不能超过${RATING_TEXT_MAX}个字`).optional(),
	})
	.superRefine((r, ctx) => {
		const allowed: readonly string[] = dimensionsOf(r.channel);
		if (isBadRating(r.level) && r.problems.length === 0)
			ctx.addIssue({ code: "custom", path: ["problems"], message: "请选择哪方面不满意（可以多选）" });
		if (!isBadRating(r.level) && r.problems.length > 0)
			ctx.addIssue({ code: "custom", path: ["problems"], message: "只有选「不满意」或「非常不满意」时才选哪方面不满意" });
		r.problems.forEach((p, i) => {
			if (!allowed.includes(p))
				ctx.addIssue({ code: "custom", path: ["problems", i], message: `「${p}」不是可以选的方面：${allowed.join("、")}` });
		});
	});
export type Rating = z.infer<typeof RatingSchema>;

/** How fast a 差评 is followed up, in working days; per deployment. */
export interface FollowUpSettings {
	/** 回访核实: contact the rater. Shanghai's and Anyang's regulations: within 1 working day. */
	contactDays: number;
	/** 整改: fix what was wrong. */
	fixDays: number;
	/** The hard cap no fix may pass. */
	capDays: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = { contactDays: 1, fixDays: 5, capDays: 15 };

/** The follow-up's due dates for a 差评 given on `ratedOn`, on the working-day calendar (the rating day not counted). */
export function followUpDue(ratedOn: string, settings: FollowUpSettings, calendar: WorkingCalendar) {
	const after = (days: number) => stepDays(ratedOn, days, (d) => calendar.estimateWorkingDay(d).working);
	return { contactBy: after(settings.contactDays), fixBy: after(settings.fixDays), capBy: after(settings.capDays) };
}
