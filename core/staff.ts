import { z } from "zod";
import { isIsoDate } from "./calendar";
import { type Action, type CaseStatus, DELIVERIES, OUTCOMES, nextStatus } from "./case";
import { type StringKey, t } from "./zh-CN";

/**
 * 工作人员 (staff) and what each may see and do. The rules are pure so the Worker, its tests and the
 * back-office pages all read the same ones.
 */

export const ROLES = ["agent", "clerk", "head", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The role's name in Chinese (村代办员 / 窗口工作人员 / 中心负责人 / 市级管理员), from the string table. */
export const roleName = (role: Role) => t(`staff.role.${role}`);

export interface Staff {
	id: number;
	email: string;
	name: string;
	role: Role;
	/** The centre (clerk, head, agent's centre); null for admin. */
	centre: string | null;
	/** The station (agent only). */
	station: string | null;
	/** A clerk's window: the department slug. */
	window: string | null;
	/** A clerk's post at the window: A, or B (AB岗, the backup). */
	post: "A" | "B" | null;
	absent: boolean;
}

/** What the rules need to know about a case. */
export interface CaseScope {
	centre: string;
	station: string;
	window: string;
}

/**
 * Whether a staff member may see a case: admin all; head the whole centre; a clerk the cases of their
 * window — a B post only while an A post of that window is absent (`absentA`); an agent their station's.
 */
export function canSee(staff: Staff, c: CaseScope, absentA: boolean): boolean {
	switch (staff.role) {
		case "admin":
			return true;
		case "head":
			return staff.centre === c.centre;
		case "clerk":
			return staff.centre === c.centre && staff.window === c.window && (staff.post === "A" || absentA);
		case "agent":
			return staff.station === c.station && staff.centre === c.centre;
	}
}

/** Which roles may make which changes: agents apply and follow, they do not decide. */
export function mayAct(staff: Staff, action: Action): boolean {
	if (action === "answer_correction") return false;
	// 延长 needs the head's approval (行政许可法第四十二条: 经本行政机关负责人批准).
	if (action === "extend") return staff.role === "head";
	return staff.role !== "agent";
}

/**
 * Decides a staff command on a case in `status`: the next status, or why not. A case accepted by law
 * (视为受理, `deemed`) can no longer get a 补正 notice or a 不予受理: it is decided on its merits.
 */
export function decide(
	staff: Staff,
	status: CaseStatus,
	action: Action,
	deemed = false,
): { ok: true; to: CaseStatus } | { ok: false; code: "forbidden" | "transition" | "deemed" } {
	if (!mayAct(staff, action)) return { ok: false, code: "forbidden" };
	if (deemed && (action === "request_correction" || action === "refuse")) return { ok: false, code: "deemed" };
	const to = nextStatus(status, action);
	return to ? { ok: true, to } : { ok: false, code: "transition" };
}

const reason = (what: StringKey) =>
	z
		.string({ error: () => t("staff.error.reason.required", { what: t(what) }) })
		.trim()
		.min(2, { error: () => t("staff.error.reason.required", { what: t(what) }) })
		.max(1000, { error: () => t("staff.error.reason.long", { what: t(what) }) });

/** 超期原因: published with the item and the month; at most 300 characters. */
export const overdueReason = z
	.string({ error: () => t("staff.error.reason.required", { what: t("staff.what.overdueReason") }) })
	.trim()
	.min(4, { error: () => t("staff.error.overdueReason.short") })
	.max(300, { error: () => t("staff.error.overdueReason.long") });

const version = z
	.number({ error: () => t("staff.error.version") })
	.int()
	.min(1);

/** 补正: one notice with everything missing, each picked from the item's materials or written in. */
export const CorrectionRequestSchema = z.strictObject({
	action: z.literal("request_correction"),
	version,
	items: z
		.array(
			z.strictObject({
				name: z
					.string()
					.trim()
					.min(1, { error: () => t("staff.error.material.required") })
					.max(100, { error: () => t("staff.error.material.long") }),
				reason: reason("staff.what.correctionReason"),
			}),
		)
		.min(1, { error: () => t("staff.error.materials.none") })
		.max(30, { error: () => t("staff.error.materials.many") }),
	/** Working days the applicant has to answer (default 15). */
	respondWithinDays: z.number().int().min(1).max(60).default(15),
});

/** Staff commands, each with the input its transition needs. Messages come from the string table. */
export const CommandSchema = z.discriminatedUnion(
	"action",
	[
		z.strictObject({ action: z.literal("accept"), version }),
		z.strictObject({ action: z.literal("start"), version }),
		CorrectionRequestSchema,
		z.strictObject({ action: z.literal("refuse"), version, reason: reason("staff.what.refuseReason") }),
		z.strictObject({ action: z.literal("withdraw"), version, reason: reason("staff.what.withdrawReason") }),
		z.strictObject({ action: z.literal("extend"), version, reason: reason("staff.what.extendReason") }),
		z.strictObject({
			action: z.literal("suspend"),
			version,
			/** One of the item's suspension reasons (suspensionReasonsOf). */
			procedure: z
				.string({ error: () => t("staff.error.procedure") })
				.trim()
				.min(1, { error: () => t("staff.error.procedure") })
				.max(50, { error: () => t("staff.error.procedure") }),
			/** The day the procedure is expected to end, told to the applicant in writing. */
			expectedBy: z.string({ error: () => t("staff.error.expectedBy") }).refine(isIsoDate, { error: () => t("staff.error.expectedBy") }),
			reason: reason("staff.what.suspendReason"),
		}),
		z.strictObject({ action: z.literal("resume"), version }),
		z.strictObject({
			action: z.literal("complete"),
			version,
			outcome: z.enum(OUTCOMES, { error: () => t("staff.error.outcome") }),
			result: reason("staff.what.result"),
			delivery: z.enum(DELIVERIES, { error: () => t("staff.error.delivery") }),
			/** 超期原因: required once the promise has passed (优化营商环境条例第三十六条); published, so it names no person. */
			overdueReason: overdueReason.optional(),
		}),
		z.strictObject({ action: z.literal("forward"), version, to: reason("staff.what.forwardTo") }),
	],
	{ error: () => t("staff.error.command") },
);
export type Command = z.infer<typeof CommandSchema>;

/**
 * The Chinese message for a command's problem: the table's words where the schema has them, else one
 * naming the field (zod's own messages are English and never reach staff).
 */
export function commandIssueMessage(issue: z.core.$ZodIssue): string {
	if (/[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
	if (issue.code === "unrecognized_keys") return t("staff.error.unknownKeys", { keys: issue.keys.join("、") });
	const field = issue.path.join(".");
	return field ? t("staff.error.field", { field }) : t("staff.error.commandBody");
}
