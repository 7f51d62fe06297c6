import type { ClockColour } from "./clock";

/**
 * 电子监察 (electronic supervision): the city's rules for warning about a case, a 差评 or a complaint,
 * as data — rule id, colour, what triggers it — so the board, the stored warnings and the README all
 * read one list. Yellow (黄牌) warns before a limit; red (红牌) is past it; legal is past the limit the
 * law sets. The record of a firing uses GB/T 39046-2020 表11's fields (shared/REFERENCE-RULES.md §3).
 */

export type WarningColour = "yellow" | "red" | "legal";

/** What a rule looks at. */
export type Trigger =
	| "promise_near"
	| "promise_past"
	| "legal_past"
	| "answer_past"
	| "notice_late"
	| "refusal_without_reason"
	| "follow_up_late"
	| "complaint_late"
	| "centre_idle";

export interface SupervisionRule {
	/** 监察规则编号. */
	id: string;
	colour: WarningColour;
	trigger: Trigger;
	/** 督办内容, as the board and the record say it. */
	name: string;
	/**
	 * How a firing closes: `auto` when the sweep finds the condition gone (the case accepted, finished,
	 * the follow-up done); `head` for a fact that stays true (a notice that went out late, a day the centre
	 * did not open), closed by the centre head or the admin with a written result (监察结果描述).
	 */
	closes: "auto" | "head";
}

export const SUPERVISION_RULES: readonly SupervisionRule[] = [
	{ id: "JC01", colour: "yellow", trigger: "promise_near", name: "临近承诺办结时限", closes: "auto" },
	{ id: "JC02", colour: "red", trigger: "promise_past", name: "超过承诺办结时限", closes: "auto" },
	{ id: "JC03", colour: "legal", trigger: "legal_past", name: "超过法定办结时限", closes: "auto" },
	{ id: "JC04", colour: "yellow", trigger: "answer_past", name: "受理环节超时（未按时受理或一次性告知）", closes: "auto" },
	{ id: "JC05", colour: "yellow", trigger: "notice_late", name: "补正告知晚于受理期限", closes: "head" },
	{ id: "JC06", colour: "red", trigger: "refusal_without_reason", name: "不予受理未说明理由", closes: "head" },
	{ id: "JC07", colour: "red", trigger: "follow_up_late", name: "差评未按时回访或整改", closes: "auto" },
	{ id: "JC08", colour: "red", trigger: "complaint_late", name: "投诉建议未按时确认或答复", closes: "auto" },
	{ id: "JC09", colour: "yellow", trigger: "centre_idle", name: "中心整个工作日没有办件动态（可能未按时开门）", closes: "head" },
];

export const ruleOf = (trigger: Trigger) => SUPERVISION_RULES.find((r) => r.trigger === trigger)!;

export const ruleById = (id: string) => SUPERVISION_RULES.find((r) => r.id === id);

/** 黄牌 this many counted days before the promise, unless a deployment sets SUPERVISION_NEAR_DAYS. */
export const DEFAULT_NEAR_DAYS = 2;

/** SUPERVISION_NEAR_DAYS as set (0 to 10 counted days), or the default when unset or not such a number. */
export function nearDaysSetting(raw: string | undefined): number {
	const n = Number(raw);
	return raw !== undefined && raw.trim() !== "" && Number.isInteger(n) && n >= 0 && n <= 10 ? n : DEFAULT_NEAR_DAYS;
}

/**
 * 监察预警类型代码: GB/T 39046 names the field but its code list is not public, so this deployment's own
 * list, published with the open data: 1 黄牌 (预警), 2 红牌 (纠错), 3 超法定时限.
 */
export const WARNING_TYPE_CODES: Readonly<Record<WarningColour, string>> = { yellow: "1", red: "2", legal: "3" };

/** 监察编号: the rule, the China day it fired and the row's number, e.g. JC02-20260320-000017. */
export function recordNo(ruleId: string, firedOn: string, id: number): string {
	return `${ruleId}-${firedOn.replaceAll("-", "")}-${String(id).padStart(6, "0")}`;
}

/** A 监察结果描述 written by a head: required, one paragraph, at most 200 characters. */
export const RESULT_MAX = 200;

/** What the case rules need of a running or closed case. */
export interface CaseSignals {
	/** The running clock, if any: kind, colour, remaining days, past the legal limit. */
	clock: { kind: "answer" | "finish"; colour: ClockColour; remaining: number; legalOverdue: boolean } | null;
	/** The 补正 notice went out after the last day to answer (China dates), if one went out. */
	noticeLate: boolean;
	/** Refused (不予受理) with no reason on record. */
	refusedWithoutReason: boolean;
}

/** The rules a case fires today: at most one of near / past promise, plus the legal and step rules. */
export function caseWarnings(s: CaseSignals, nearDays: number = DEFAULT_NEAR_DAYS): SupervisionRule[] {
	const fired: Trigger[] = [];
	const c = s.clock;
	if (c?.kind === "finish") {
		if (c.colour === "red") fired.push("promise_past");
		else if (c.remaining <= nearDays) fired.push("promise_near");
		if (c.legalOverdue) fired.push("legal_past");
	}
	if (c?.kind === "answer" && c.colour === "red") fired.push("answer_past");
	if (s.noticeLate) fired.push("notice_late");
	if (s.refusedWithoutReason) fired.push("refusal_without_reason");
	return fired.map(ruleOf);
}

/**
 * 中心未开门: a working day on which a centre with running cases recorded nothing — no submission, no
 * staff change, no answer. `activeDays` are the China dates with any event of the centre.
 */
export function centreIdle(day: string, isWorkingDay: boolean, runningCases: number, activeDays: ReadonlySet<string>): boolean {
	return isWorkingDay && runningCases > 0 && !activeDays.has(day);
}

/** GB/T 39046-2020 表11 电子监察: the record of one firing, by its Chinese column names. */
export const SUPERVISION_RECORD_FIELDS = {
	办件编号: "subject",
	督办内容: "content",
	机构名称: "centre",
	事项类型代码: "itemTypeCode",
	督办发出时间: "firedAt",
	监察编号: "id",
	监察规则编号: "ruleId",
	监察预警类型代码: "colour",
	状态产生时间: "stateAt",
	监察结果描述: "result",
	责任部门: "window",
} as const;
