import { addDays, chinaDate } from "../../../core/calendar";
import { complaintClock } from "../../../core/complaint";
import { TASK_TYPE_OF } from "../../../core/open-data";
import { followUpState } from "../../../core/rating";
import type { Staff } from "../../../core/staff";
import { RESULT_MAX, type Trigger, caseWarnings, centreIdle, recordNo, ruleById, ruleOf } from "../../../core/supervision";
import { t } from "../../../core/zh-CN";
import { watchedClocks } from "../db/case-clocks";
import { ratingRows } from "../db/ratings";
import {
	type Firing,
	type SupervisionRecord,
	centreActivity,
	closeByStaff,
	closeSwept,
	noticesSentSince,
	openSweptRecords,
	recordById,
	recordFirings,
	recordScope,
	recordsInScope,
	refusalsWithoutReason,
	unansweredComplaints,
} from "../db/supervision";
import { type ApiError, apiErrorOf } from "../lib/errors";
import { answerBy, clockOf } from "./case-clock";
import { refreshClocks } from "./clock-refresh";
import type { Deps } from "./deps";

/**
 * 电子监察 (issue 12): the Cron Trigger's sweep works out every rule of core/supervision.ts over the whole
 * city — the running cases on their clocks, late 补正 notices and refusals without reasons, late 差评
 * follow-ups and complaints, centres with a silent working day — records each new firing with GB/T
 * 39046's fields, and closes those whose condition is gone with what happened. The board reads the records.
 */

/** China midnight of a day, as an ISO instant. */
const midnight = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
/** How far back the sweep looks for a late notice or a refusal: a month covers any missed run. */
const LOOKBACK_DAYS = 31;

type Fire = Omit<Firing, "ruleId" | "colour">;
/** 督办内容 of the rules a case's clock fires. */
const CLOCK_CONTENT = {
	promise_near: "supervision.content.promise_near",
	promise_past: "supervision.content.promise_past",
	legal_past: "supervision.content.legal_past",
	answer_past: "supervision.content.answer_past",
} as const;
const firing = (trigger: Trigger, f: Fire): Firing => {
	const rule = ruleOf(trigger);
	return { ruleId: rule.id, colour: rule.colour, ...f };
};

function typeCode(deps: Deps, item: string): string | null {
	const type = deps.data.items.get(item)?.type;
	return type ? TASK_TYPE_OF[type] : null;
}

/** The rules the running cases fire on their clocks today. */
async function caseFirings(deps: Deps, nearDays: number): Promise<Firing[]> {
	const out: Firing[] = [];
	// Only the running cases whose watch turn has come (from the stored clocks): the rest fire nothing today.
	await refreshClocks(deps);
	for (const r of await watchedClocks(deps.db, deps.today)) {
		const clock = clockOf(r, deps);
		if (!clock) continue;
		const signals = { kind: clock.kind, colour: clock.colour, remaining: clock.remaining, legalOverdue: !!clock.legal?.overdue };
		const base = { subjectType: "case" as const, subject: r.trackingNo, centre: r.centre, window: r.window || null };
		const itemTypeCode = typeCode(deps, r.item);
		const item = deps.data.items.get(r.item)?.name ?? r.item;
		for (const rule of caseWarnings({ clock: signals, noticeLate: false, refusedWithoutReason: false }, nearDays)) {
			const dueOn = rule.trigger === "legal_past" ? clock.legal!.dueOn : clock.dueOn;
			const words = { item, dueOn, days: String(Math.abs(clock.remaining)), unit: clock.unit };
			out.push(
				firing(rule.trigger, {
					...base,
					itemTypeCode,
					content: t(CLOCK_CONTENT[rule.trigger as keyof typeof CLOCK_CONTENT], words),
					// Past a limit: the state began the day after it; near it: now.
					stateAt: rule.trigger === "promise_near" ? deps.now.toISOString() : midnight(addDays(dueOn, 1)),
				}),
			);
		}
	}
	return out;
}

/** 补正 notices sent after the last day to answer (JC05), and refusals with no reason on record (JC06). */
async function stepFirings(deps: Deps): Promise<Firing[]> {
	const since = midnight(addDays(deps.today, -LOOKBACK_DAYS));
	const [notices, refusals] = await Promise.all([noticesSentSince(deps.db, since), refusalsWithoutReason(deps.db, since)]);
	const out: Firing[] = [];
	for (const n of notices) {
		const lastDay = answerBy({ item: n.item_code, submittedAt: n.submitted_at, answeredAt: null }, deps);
		const sentOn = chinaDate(new Date(n.notice_sent_at));
		if (sentOn <= lastDay) continue;
		out.push(
			firing("notice_late", {
				subjectType: "case",
				subject: n.tracking_no,
				centre: n.centre_slug,
				window: n.window_department,
				itemTypeCode: typeCode(deps, n.item_code),
				content: t("supervision.content.notice_late", { sentOn, lastDay }),
				stateAt: n.notice_sent_at,
			}),
		);
	}
	for (const r of refusals)
		out.push(
			firing("refusal_without_reason", {
				subjectType: "case",
				subject: r.tracking_no,
				centre: r.centre_slug,
				window: r.window_department,
				itemTypeCode: typeCode(deps, r.item_code),
				content: t("supervision.content.refusal_without_reason", { on: chinaDate(new Date(r.closed_at)) }),
				stateAt: r.closed_at,
			}),
		);
	return out;
}

/** 差评 follow-ups past their due hour (JC07) and complaints not acknowledged or answered in time (JC08). */
async function voiceFirings(deps: Deps): Promise<Firing[]> {
	const at = deps.now.toISOString();
	const [ratings, complaints] = await Promise.all([
		ratingRows(deps.db, { sql: "1 = 1", values: [] }, { from: at, to: at }),
		unansweredComplaints(deps.db),
	]);
	const out: Firing[] = [];
	for (const r of ratings) {
		if (!r.followUp || r.followUp.resolvedAt) continue;
		const state = followUpState(r.followUp, deps.now);
		if (!state.late || !state.dueBy) continue;
		out.push(
			firing("follow_up_late", {
				subjectType: "case",
				subject: r.trackingNo,
				centre: r.centre,
				window: r.window || null,
				itemTypeCode: typeCode(deps, r.item),
				content: t(`supervision.content.follow_up_late.${state.step}`, { dueBy: chinaDate(new Date(state.dueBy)) }),
				stateAt: state.dueBy,
			}),
		);
	}
	const day = (iso: string | null) => (iso ? chinaDate(new Date(iso)) : null);
	for (const c of complaints) {
		const dates = {
			asPetition: c.as_petition === 1,
			filedOn: day(c.created_at)!,
			acknowledgedOn: day(c.acknowledged_at),
			extended: c.extended_at !== null,
			repliedOn: null,
		};
		const clock = complaintClock(dates, deps.today, deps.data.calendar);
		if (!clock.late) continue;
		const dueOn = clock.acknowledgeLate ? clock.acknowledgeBy : clock.answerBy;
		out.push(
			firing("complaint_late", {
				subjectType: "complaint",
				subject: c.tracking_no,
				centre: c.centre_slug,
				window: c.window_department,
				itemTypeCode: null,
				content: t(`supervision.content.complaint_late.${clock.acknowledgeLate ? "acknowledge" : "answer"}`, { dueOn }),
				stateAt: midnight(addDays(dueOn, 1)),
			}),
		);
	}
	return out;
}

/** The last working day before today on which a centre with open cases recorded nothing at all (JC09). */
async function idleFirings(deps: Deps): Promise<Firing[]> {
	let day = addDays(deps.today, -1);
	for (let i = 0; i < 14 && !deps.data.calendar.estimateWorkingDay(day).working; i++) day = addDays(day, -1);
	const centres = await centreActivity(deps.db, midnight(day), midnight(addDays(day, 1)));
	return centres
		.filter((c) => centreIdle(day, deps.data.calendar.estimateWorkingDay(day).working, c.openCases, new Set(c.active ? [day] : [])))
		.map((c) =>
			firing("centre_idle", {
				subjectType: "centre",
				subject: `${c.centre}/${day}`,
				centre: c.centre,
				window: null,
				itemTypeCode: null,
				content: t("supervision.content.centre_idle", { day, cases: String(c.openCases) }),
				stateAt: midnight(day),
			}),
		);
}

/** Why a swept record closes: its case or complaint moved on, or it turned into a redder rule. */
function sweptResult(record: SupervisionRecord, firingNow: ReadonlySet<string>): string {
	const rule = ruleById(record.ruleId)!;
	if (rule.trigger === "promise_near" && firingNow.has(`JC02 ${record.subject}`)) return t("supervision.result.escalated");
	return t(`supervision.result.${rule.trigger}`);
}

/**
 * The sweep: record what fires now and is not on record, close what no longer fires. `nearDays` is
 * SUPERVISION_NEAR_DAYS. Returns the counts for the job's log line.
 */
export async function sweepSupervision(deps: Deps, nearDays: number): Promise<{ fired: number; closed: number }> {
	const now = [
		...(await caseFirings(deps, nearDays)),
		...(await stepFirings(deps)),
		...(await voiceFirings(deps)),
		...(await idleFirings(deps)),
	];
	const firingNow = new Set(now.map((f) => `${f.ruleId} ${f.subject}`));
	const at = deps.now.toISOString();
	const gone = (await openSweptRecords(deps.db)).filter((r) => !firingNow.has(`${r.ruleId} ${r.subject}`));
	const closed = await closeSwept(
		deps.db,
		gone.map((r) => ({ id: r.id, result: sweptResult(r, firingNow) })),
		at,
	);
	const fired = await recordFirings(deps.db, now, at);
	return { fired, closed };
}

/** A record as the board and the API show it: its 监察编号 and the rule's words beside the stored fields. */
export function recordView(r: SupervisionRecord) {
	const rule = ruleById(r.ruleId);
	return {
		no: recordNo(r.ruleId, chinaDate(new Date(r.firedAt)), r.id),
		...r,
		rule: rule?.name ?? r.ruleId,
		closes: rule?.closes ?? "auto",
	};
}
export type RecordView = ReturnType<typeof recordView>;

/**
 * The supervision board in the caller's scope: open warnings (legal and red first) with counts per centre
 * and rule, and what closed in the last 30 days with its result. Agents have no board.
 */
export async function supervisionBoard(deps: Deps, staff: Staff) {
	const scope = recordScope(staff);
	if (!scope) return null;
	const { open, closed } = await recordsInScope(deps.db, scope, midnight(addDays(deps.today, -30)));
	const byCentre = new Map<string, Record<string, number>>();
	for (const r of open) {
		const counts = byCentre.get(r.centre) ?? {};
		counts[r.ruleId] = (counts[r.ruleId] ?? 0) + 1;
		byCentre.set(r.centre, counts);
	}
	return {
		open: open.map(recordView),
		closed: closed.map(recordView),
		byCentre: [...byCentre].sort(([a], [b]) => a.localeCompare(b)).map(([centre, counts]) => ({ centre, counts })),
	};
}
export type SupervisionBoard = NonNullable<Awaited<ReturnType<typeof supervisionBoard>>>;

type Refusal = { ok: false; status: 403 | 404 | 409 | 422; errors: ApiError[] };

/**
 * The centre head (or the admin) closes a warning the sweep cannot close itself, with 监察结果描述:
 * `{ result }`, one paragraph of at most RESULT_MAX characters. A record is named by its 监察编号.
 */
export async function closeWarning(deps: Deps, staff: Staff, no: string, raw: unknown): Promise<{ ok: true } | Refusal> {
	const id = /^JC\d{2}-\d{8}-(\d{6})$/.exec(no)?.[1];
	const record = id ? await recordById(deps.db, Number(id)) : null;
	const scope = recordScope(staff);
	const visible =
		record &&
		recordView(record).no === no &&
		scope &&
		(staff.role === "admin" || (record.centre === staff.centre && (staff.role === "head" || record.window === staff.window)));
	if (!record || !visible) return { ok: false, status: 404, errors: [apiErrorOf("not_found")] };
	if (staff.role !== "head" && staff.role !== "admin")
		return { ok: false, status: 403, errors: [apiErrorOf("forbidden", { words: "supervision.error.head" })] };
	if (ruleById(record.ruleId)?.closes !== "head") return { ok: false, status: 409, errors: [apiErrorOf("supervision_swept")] };
	if (record.closedAt) return { ok: false, status: 409, errors: [apiErrorOf("supervision_closed")] };
	const body = (typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
	const errors: ApiError[] = Object.keys(body)
		.filter((k) => k !== "result")
		.map((k) => ({ code: "invalid", field: k, message: t("staff.error.unknownKeys", { keys: k }) }));
	const result = typeof body.result === "string" ? body.result.trim() : "";
	if (result === "" || result.length > RESULT_MAX || /[\r\n]/.test(result))
		errors.push({ code: "invalid", field: "result", message: t("supervision.error.result", { max: String(RESULT_MAX) }) });
	if (errors.length > 0) return { ok: false, status: 422, errors };
	const closed = await closeByStaff(deps.db, record, staff, result, deps.now.toISOString());
	return closed ? { ok: true } : { ok: false, status: 409, errors: [apiErrorOf("supervision_closed")] };
}
