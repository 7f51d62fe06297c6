import { z } from "zod";
import { type Action, type CaseStatus, nextStatus } from "./case";

/**
 * 工作人员 (staff) and what each may see and do. The rules are pure so the Worker, its tests and the
 * back-office pages all read the same ones.
 */

export const ROLES = ["agent", "clerk", "head", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** 代办员 / 窗口工作人员 / 中心负责人 / 市级管理员 */
export const ROLE_NAMES: Record<Role, string> = { agent: "代办员", clerk: "窗口工作人员", head: "中心负责人", admin: "市级管理员" };

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
	return staff.role !== "agent";
}

/** Decides a staff command on a case in `status`: the next status, or why not. */
export function decide(
	staff: Staff,
	status: CaseStatus,
	action: Action,
): { ok: true; to: CaseStatus } | { ok: false; code: "forbidden" | "transition" } {
	if (!mayAct(staff, action)) return { ok: false, code: "forbidden" };
	const to = nextStatus(status, action);
	return to ? { ok: true, to } : { ok: false, code: "transition" };
}

const reason = (what: string) =>
	z
		.string({ error: `请填写${what}` })
		.trim()
		.min(2, `请填写${what}`)
		.max(1000, `${what}不能超过1000字，请精简`);

const version = z.number({ error: "缺少版本号 version，请刷新页面后重试" }).int().min(1);

/** 补正: one notice with everything missing, each picked from the item's materials or written in. */
export const CorrectionRequestSchema = z.strictObject({
	action: z.literal("request_correction"),
	version,
	items: z
		.array(
			z.strictObject({
				name: z.string().trim().min(1, "请填写要补正的材料").max(100, "材料名称不能超过100字"),
				reason: reason("补正原因"),
			}),
		)
		.min(1, "补正通知至少要列一项材料")
		.max(30, "补正材料不能超过30项"),
	/** Working days the applicant has to answer (default 15). */
	respondWithinDays: z.number().int().min(1).max(60).default(15),
});

/** Staff commands, each with the input its transition needs. */
export const CommandSchema = z.discriminatedUnion(
	"action",
	[
		z.strictObject({ action: z.literal("accept"), version }),
		z.strictObject({ action: z.literal("start"), version }),
		CorrectionRequestSchema,
		z.strictObject({ action: z.literal("refuse"), version, reason: reason("不予受理的理由") }),
		z.strictObject({ action: z.literal("withdraw"), version, reason: reason("撤回的原因") }),
		z.strictObject({ action: z.literal("suspend"), version, reason: reason("暂停计时的原因（特别程序）") }),
		z.strictObject({ action: z.literal("resume"), version }),
		z.strictObject({
			action: z.literal("complete"),
			version,
			outcome: z.enum(["approved", "denied", "done"], { error: "请选择办理结果：批准、不予批准或已办理" }),
			result: reason("办理结果说明"),
			delivery: z.enum(["窗口领取", "邮寄", "代办员送达", "电子送达"], { error: "请选择结果送达方式" }),
		}),
		z.strictObject({ action: z.literal("forward"), version, to: reason("转报的部门") }),
	],
	{ error: "不认识这个操作，请刷新页面后重试" },
);
export type Command = z.infer<typeof CommandSchema>;
