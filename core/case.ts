/**
 * 办件 (case): its states, with the national 办件状态 code each maps to. The transitions a clerk may
 * make belong to the back office; here are the states, what a citizen reads about them, and the
 * transitions a citizen's own action causes.
 */
export const CASE_STATUSES = {
	/** 已提交，待受理 */
	submitted: "02",
	/** 已受理 */
	accepted: "05",
	/** 补正 (一次性告知): waiting for the applicant */
	correction: "06",
	/** 不予受理 */
	not_accepted: "07",
	/** 办理中 */
	in_progress: "08",
	/** 挂起 (clock paused) */
	suspended: "09",
	/** 办结 */
	completed: "10",
	/** 转报 (to a county department) */
	forwarded: "11",
	/** 撤回 */
	withdrawn: "13",
} as const;

export type CaseStatus = keyof typeof CASE_STATUSES;
export const STATUS_NAMES = Object.keys(CASE_STATUSES) as CaseStatus[];

/** What happened, as recorded on the public timeline. */
export const EVENT_KINDS = ["submitted", "correction_requested", "correction_answered"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A material or fact the window asks for in a 补正 notice. */
export interface CorrectionItem {
	/** Stable within the notice: c1, c2 … */
	id: string;
	/** 材料名称 or what is wrong. */
	name: string;
	/** Why it is needed or what is wrong with what was given. */
	reason: string;
}

/** Answering a 补正 sends the case back to the window to be accepted. */
export const AFTER_CORRECTION: CaseStatus = "submitted";
