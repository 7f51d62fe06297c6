import { idNumberIndexText, phoneIndexText } from "../../../core/blind-index";
import { addDays } from "../../../core/calendar";
import { CASE_STATUSES, type CaseStatus, STATUS_NAMES } from "../../../core/case";
import { maskIdCard } from "../../../core/idcard";
import { type Command, CommandSchema, type Staff, canSee, commandIssueMessage, decide, overdueReason } from "../../../core/staff";
import { parseTrackingNo } from "../../../core/tracking";
import { t } from "../../../core/zh-CN";
import { type CaseFilter, type StaffCase, caseForStaff, hadCorrection, listCases, staffScope, staffTimeline } from "../db/cases";
import { boardCounts } from "../db/case-clocks";
import { applyChange, audit, setOverdueReason } from "../db/case-writes";
import { decrypt, hmacHex } from "../lib/crypto";
import { type ApiError, apiErrorOf } from "../lib/errors";
import { changeFor } from "./case-changes";
import { refreshClocks } from "./clock-refresh";
import { type RunningClock, caseLaw, clockOf } from "./case-clock";
import { onlineItem } from "../lib/item-data";
import type { Deps } from "./deps";

/**
 * The back office's work on cases, for the JSON API and the pages alike: the list with the deadline
 * board, one case, its changes, the audited ID reveal and the CSV export. `staff` is who is asking.
 */

export type CaseSummary = ReturnType<typeof summary>;

/**
 * `legal` counts 超法定时限 (past the legal limit), which are also among the red ones (past the promise);
 * `deemedAccepted` the 视为受理 cases no clerk has accepted yet.
 */
export type CaseList = {
	cases: CaseSummary[];
	counts: Record<RunningClock["colour"] | "legal", number>;
	deemedAccepted: number;
};

/**
 * The cases the caller may see, filtered by status, item, window, due colour, and found by tracking
 * number, phone or ID number (the last two only through their blind index, never a scan), with the
 * deadline board's counts. A malformed filter names its field.
 */
export async function caseList(
	deps: Deps,
	staff: Staff,
	query: Record<string, string | undefined>,
): Promise<CaseList | { field: "status" | "due" | "q" }> {
	const q = (query.q ?? "").trim();
	const { status, due } = query;
	if (status && !STATUS_NAMES.includes(status as CaseStatus)) return { field: "status" };
	if (due && !["green", "yellow", "red", "legal", "deemed"].includes(due)) return { field: "due" };
	const filter: CaseFilter = {
		status: (status as CaseStatus) || undefined,
		item: query.item || undefined,
		window: query.window || undefined,
	};
	if (q) {
		const tracking = parseTrackingNo(q);
		const phone = phoneIndexText(q);
		const idNumber = idNumberIndexText(q);
		if (tracking.ok) filter.trackingNo = tracking.value;
		else if (phone && deps.keys) filter.phoneIndex = await hmacHex(deps.keys.index, phone);
		else if (idNumber && deps.keys) filter.idIndex = await hmacHex(deps.keys.index, idNumber);
		else return { field: "q" };
	}
	if (due) filter.due = { colour: due as NonNullable<CaseFilter["due"]>["colour"], today: deps.today };
	// The board counts every running case in scope, not only the newest listed (old overdue ones matter most),
	// from the clocks stored for it (migration 0014), brought up to date first.
	await refreshClocks(deps);
	const [listed, board] = await Promise.all([listCases(deps.db, staff, filter), boardCounts(deps.db, staffScope(staff, 2), deps.today)]);
	const { deemedAccepted, ...counts } = board;
	return { cases: listed.map((r) => summary(r, deps)), counts, deemedAccepted };
}

/** The case by its tracking number as typed, when the caller may see it; otherwise simply not there. */
export async function visibleCase(deps: Deps, staff: Staff, trackingNo: string): Promise<StaffCase | null> {
	const tracking = parseTrackingNo(trackingNo);
	const found = tracking.ok ? await caseForStaff(deps.db, staff, tracking.value) : null;
	return found && canSee(staff, found, found.absentA) ? found : null;
}

/** Everything the case page shows: summary, applicant (ID masked), answers, materials, full timeline. */
export async function caseDetail(deps: Deps, found: StaffCase) {
	const { keys } = deps;
	const idNumber = keys && found.idCipher ? await decrypt(keys.cipher, found.idCipher) : undefined;
	const answers = keys && found.answersCipher ? await decrypt(keys.cipher, found.answersCipher) : undefined;
	const item = deps.data.items.get(found.item);
	const form = (await onlineItem(deps.assets, found.item))?.form;
	return {
		...summary(found, deps),
		version: found.version,
		applicant: { name: found.applicantName, phone: found.applicantPhone, idNumber: idNumber ? maskIdCard(idNumber) : "" },
		answers: answers ? (JSON.parse(answers) as Record<string, unknown>) : {},
		/** The form's labels for the answers, in the form's order. */
		labels: Object.fromEntries((form?.fields ?? []).map((f) => [f.name, f.label])),
		materials: item?.materials ?? [],
		timeline: await staffTimeline(deps.db, found.id),
	};
}
export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>;

export type Refusal = { ok: false; status: 403 | 404 | 409 | 422; errors: ApiError[] };

/**
 * The full ID number of a case the caller can see, as an action of its own in the audit log
 * (责任追究). Not for agents: they hand the papers on; the full number is for the window that decides.
 */
export async function revealId(deps: Deps, staff: Staff, found: StaffCase): Promise<{ ok: true; idNumber: string } | Refusal> {
	if (staff.role === "agent") return { ok: false, status: 403, errors: [apiErrorOf("forbidden", { words: "staff.error.revealAgent" })] };
	const idNumber = deps.keys && found.idCipher ? await decrypt(deps.keys.cipher, found.idCipher) : undefined;
	if (!idNumber) return { ok: false, status: 404, errors: [apiErrorOf("erased")] };
	await audit(deps.db, staff, "application.reveal_id", found.trackingNo, deps.now.toISOString());
	return { ok: true, idNumber };
}

/** One staff command on a case the caller can see: the state machine, the inputs, the version, once-only 补正. */
export async function performAction(
	deps: Deps,
	staff: Staff,
	found: StaffCase,
	raw: unknown,
): Promise<{ ok: true; case: CaseSummary & { version: number } } | Refusal> {
	const fail = (status: 403 | 409, error: ApiError): Refusal => ({ ok: false, status, errors: [error] });
	const parsed = CommandSchema.safeParse(raw);
	if (!parsed.success) {
		const errors = parsed.error.issues.slice(0, 50).map((i) => ({
			code: "invalid",
			message: commandIssueMessage(i),
			...(i.path.length ? { field: i.path.join(".") } : {}),
		}));
		return { ok: false, status: 422, errors };
	}
	const command = parsed.data;
	const verdict = decide(staff, found.status, command.action, caseLaw(found, deps).deemed);
	if (!verdict.ok && verdict.code === "forbidden") return fail(403, apiErrorOf("forbidden"));
	if (!verdict.ok && verdict.code === "deemed") return fail(409, apiErrorOf("deemed_accepted"));
	if (!verdict.ok) return fail(409, apiErrorOf("illegal_transition", { values: { status: t(`case.status.${found.status}`) } }));
	if (command.version !== found.version) return fail(409, apiErrorOf("stale"));
	if (command.action === "request_correction" && (await hadCorrection(deps.db, found.id))) return fail(409, apiErrorOf("correction_once"));
	if (command.action === "extend" && !deps.data.items.get(found.item)?.extension) return fail(409, apiErrorOf("no_extension"));
	if (command.action === "extend" && found.extension) return fail(409, apiErrorOf("extension_once"));
	if (command.action === "suspend") {
		const refused = suspensionRefused(deps, found, command);
		if (refused) return refused;
	}
	const late = command.action === "complete" ? overdueRefused(deps, found, command) : undefined;
	if (late && "errors" in late) return late;
	const change = changeFor(late ? late.command : command, found, staff, verdict.to, deps);
	if (!(await applyChange(deps.db, change))) return fail(409, apiErrorOf("stale"));
	const after = (await caseForStaff(deps.db, staff, found.trackingNo))!;
	return { ok: true, case: { ...summary(after, deps), version: after.version } };
}

/**
 * The centre head (or the admin) corrects a case's published 超期原因: `{ reason, version }`. Only a case
 * that has one; the same rules as when it was written.
 */
export async function editOverdueReason(deps: Deps, staff: Staff, found: StaffCase, raw: unknown): Promise<{ ok: true } | Refusal> {
	if (staff.role !== "head" && staff.role !== "admin")
		return { ok: false, status: 403, errors: [apiErrorOf("forbidden", { words: "staff.error.overdueReason.head" })] };
	if (found.overdueReason === null) return { ok: false, status: 409, errors: [apiErrorOf("no_overdue_reason")] };
	const body = (typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
	const unknown = Object.keys(body).filter((k) => k !== "reason" && k !== "version");
	const parsed = overdueReason.safeParse(body.reason);
	const version = typeof body.version === "string" ? Number(body.version) : body.version;
	const errors: ApiError[] = unknown.map((k) => ({ code: "invalid", field: k, message: t("staff.error.unknownKeys", { keys: k }) }));
	if (!parsed.success) errors.push({ code: "invalid", field: "reason", message: parsed.error.issues[0].message });
	if (errors.length > 0) return { ok: false, status: 422, errors };
	if (version !== found.version) return { ok: false, status: 409, errors: [apiErrorOf("stale")] };
	const at = deps.now.toISOString();
	const input = { caseId: found.id, trackingNo: found.trackingNo, version: found.version, staff, at };
	const saved = await setOverdueReason(deps.db, { ...input, before: found.overdueReason, after: parsed.data! });
	return saved ? { ok: true } : { ok: false, status: 409, errors: [apiErrorOf("stale")] };
}

/**
 * 办结 past the promise needs its 超期原因 (优化营商环境条例第三十六条: published); in time, a reason sent is
 * not kept, so nothing on time is ever published as late.
 */
function overdueRefused(
	deps: Deps,
	found: StaffCase,
	command: Extract<Command, { action: "complete" }>,
): Refusal | { command: Extract<Command, { action: "complete" }> } {
	const clock = clockOf(found, deps);
	if (clock?.colour !== "red") return { command: { ...command, overdueReason: undefined } };
	if (command.overdueReason) return { command };
	const message = t("staff.error.overdueReason.required", { dueOn: clock.dueOn });
	return { ok: false, status: 422, errors: [{ code: "invalid", field: "overdueReason", message }] };
}

/**
 * 挂起 only for a procedure the item's law leaves out of its limit (suspensionReasonsOf), expected to end
 * after today and within a year: the applicant is told the date.
 */
function suspensionRefused(deps: Deps, found: StaffCase, command: { procedure: string; expectedBy: string }): Refusal | undefined {
	const reasons = deps.data.items.get(found.item)?.suspension ?? [];
	if (reasons.length === 0) return { ok: false, status: 409, errors: [apiErrorOf("no_suspension")] };
	const errors: ApiError[] = [];
	if (!reasons.some((r) => r.name === command.procedure)) {
		const words = { procedure: command.procedure, allowed: reasons.map((r) => r.name).join("、") };
		errors.push({ code: "invalid", field: "procedure", message: t("staff.error.procedureUnknown", words) });
	}
	if (command.expectedBy <= deps.today || command.expectedBy > addDays(deps.today, 365))
		errors.push({ code: "invalid", field: "expectedBy", message: t("staff.error.expectedBy") });
	return errors.length > 0 ? { ok: false, status: 422, errors } : undefined;
}

/**
 * A command from the back office's plain HTML forms: numbers from text, and a 补正 list from the
 * ticked materials plus one written item per line, all with the one reason given.
 */
export function commandFromForm(entries: [string, string][]): Record<string, unknown> {
	const one = (k: string) => entries.find(([name]) => name === k)?.[1];
	const out: Record<string, unknown> = {};
	for (const [k, v] of entries) if (!["version", "material", "otherItems", "respondWithinDays"].includes(k)) out[k] = v;
	out.version = Number(one("version"));
	// The 超期原因 box is on every 办结 form; left empty it is not sent.
	if (out.overdueReason === "") delete out.overdueReason;
	if (one("action") === "request_correction") {
		const reason = one("reason") ?? "";
		const written = (one("otherItems") ?? "")
			.split("\n")
			.map((l) => l.trim())
			.filter(Boolean);
		const names = [...entries.filter(([k]) => k === "material").map(([, v]) => v), ...written];
		out.items = names.map((name) => ({ name, reason }));
		delete out.reason;
		const days = one("respondWithinDays");
		if (days) out.respondWithinDays = Number(days);
	}
	return out;
}

/** A case as the list, the export and the case page show it, with its clock as of deps.today. */
export function summary(r: StaffCase, deps: Deps) {
	const law = caseLaw(r, deps);
	return {
		trackingNo: r.trackingNo,
		item: { code: r.item, name: deps.data.items.get(r.item)?.name ?? r.item },
		centre: r.centre,
		station: r.station,
		window: r.window,
		status: r.status,
		statusCode: CASE_STATUSES[r.status],
		statusLabel: t(`case.status.${r.status}`),
		applicantName: r.applicantName,
		submittedAt: r.submittedAt,
		acceptedOn: r.acceptedOn,
		/** The day the clock runs from: the day of receipt for a 视为受理 case, else the acceptance day. */
		clockStartsOn: law.startsOn,
		clock: clockOf(r, deps),
		/** 视为受理 by the item's acceptance rule (行政许可法第三十二条 for 行政许可), for good. */
		deemedAccepted: law.deemed,
		firstHandler: r.firstHandler,
		paperForwardedAt: r.paperForwardedAt,
		/** 超期原因, published (优化营商环境条例第三十六条); null unless completed past the promise. */
		overdueReason: r.overdueReason,
	};
}
