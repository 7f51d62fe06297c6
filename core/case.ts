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

/**
 * Every change of state, with the states it may start from (DESIGN.md's state machine). Staff make all of
 * them except answer_correction, which is the applicant's.
 */
export const TRANSITIONS = {
	/** 受理 */
	accept: { from: ["submitted"], to: "accepted" },
	/** 开始办理 */
	start: { from: ["accepted"], to: "in_progress" },
	/** 一次性告知补正 */
	request_correction: { from: ["submitted"], to: "correction" },
	/** the applicant's answer to the 补正 notice */
	answer_correction: { from: ["correction"], to: "submitted" },
	/** 不予受理 */
	refuse: { from: ["submitted"], to: "not_accepted" },
	/** 撤回: asked by the applicant, or no answer to 补正 in time */
	withdraw: { from: ["submitted", "correction"], to: "withdrawn" },
	/** 延长办理期限: once, by the centre head, as the item's rule allows; the case stays in progress */
	extend: { from: ["in_progress"], to: "in_progress" },
	/** 挂起 (特别程序): the clock stops */
	suspend: { from: ["in_progress"], to: "suspended" },
	/** 恢复办理 */
	resume: { from: ["suspended"], to: "in_progress" },
	/** 办结 */
	complete: { from: ["in_progress"], to: "completed" },
	/** 转报 to a county department */
	forward: { from: ["in_progress"], to: "forwarded" },
} as const satisfies Record<string, { from: readonly CaseStatus[]; to: CaseStatus }>;

export type Action = keyof typeof TRANSITIONS;
export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

/** The state an action leads to from `status`, or undefined when the state machine forbids it. */
export function nextStatus(status: CaseStatus, action: Action): CaseStatus | undefined {
	const t = TRANSITIONS[action];
	return (t.from as readonly CaseStatus[]).includes(status) ? t.to : undefined;
}

/** States in which nothing more happens to the case. */
export const FINAL_STATUSES: readonly CaseStatus[] = ["not_accepted", "completed", "forwarded", "withdrawn"];

/** What happened, as recorded on the public timeline: the submission, then one kind per action. */
export type EventKind =
	"submitted" | "correction_requested" | "correction_answered" | Exclude<Action, "request_correction" | "answer_correction">;

/** The timeline kind each action records. */
export const EVENT_OF = {
	accept: "accept",
	start: "start",
	request_correction: "correction_requested",
	answer_correction: "correction_answered",
	refuse: "refuse",
	withdraw: "withdraw",
	extend: "extend",
	suspend: "suspend",
	resume: "resume",
	complete: "complete",
	forward: "forward",
} as const satisfies Record<Action, EventKind>;

/** 办理结果: approved (批准), denied (不予批准), done (已办理, for items that grant nothing). */
export const OUTCOMES = ["approved", "denied", "done"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** 结果送达方式: how the result reaches the applicant (the values the API takes and stores). */
export const DELIVERIES = ["窗口领取", "邮寄", "代办员送达", "电子送达"] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** A material or fact the window asks for in a 补正 notice. */
export interface CorrectionItem {
	/** Stable within the notice: c1, c2 … */
	id: string;
	/** 材料名称 or what is wrong. */
	name: string;
	/** Why it is needed or what is wrong with what was given. */
	reason: string;
}
