import { type Context, Hono } from "hono";
import type { ApplyItem } from "../../../core/application";
import { WorkingCalendar, addDays, chinaDate } from "../../../core/calendar";
import { type CaseStatus, type CorrectionItem, CASE_STATUSES, FINAL_STATUSES, STATUS_NAMES } from "../../../core/case";
import { type CaseClock, caseClock, deemedAccepted } from "../../../core/clock";
import { maskIdCard } from "../../../core/idcard";
import { parseMobile } from "../../../core/person";
import { type Command, CommandSchema, type Staff, canSee, decide } from "../../../core/staff";
import { parseTrackingNo } from "../../../core/tracking";
import type { z } from "zod";
import { t } from "../../../site/i18n/zh-CN";
import type { AppEnv } from "../app-env";
import { type Change, type StaffCase, applyChange, audit, caseForStaff, hadCorrection, listCases, openCaseClocks } from "../db/cases";
import { applyItems, calendarYears } from "../lib/apply-data";
import { decrypt, hmacHex, keysFrom } from "../lib/crypto";
import { type ApiError, errorResponse } from "../lib/errors";
import { hasPersonalDataInUrl, isSameOrigin } from "../lib/guards";
import { BodyRejected, readBody } from "../lib/request-body";

type C = Context<AppEnv>;

/**
 * /api/staff/cases — the back office's cases: the list with the deadline board, one case, its changes
 * (each exactly as the state machine allows, with the input it needs), the full ID number as an
 * audited action of its own, and the CSV export. requireStaff has already established who is asking.
 */
export const staffCases = new Hono<AppEnv>();

staffCases.use(async (c, next) => {
	// A phone or ID number is searched by POST (/search): in an address it would land in history and logs.
	if (hasPersonalDataInUrl(new URL(c.req.url))) {
		return errorResponse(c, 400, [{ code: "personal_data_in_url", message: t("api.personalDataInUrl") }]);
	}
	if (c.req.method !== "GET" && !isSameOrigin(c.req.raw)) {
		return errorResponse(c, 403, [{ code: "cross_site", message: t("api.crossSite") }]);
	}
	await next();
});

const me = (c: C) => c.get("staff") as Staff;

staffCases.get("/", async (c) => {
	const list = await caseList(c, c.req.query());
	return "cases" in list ? c.json(list) : badFilter(c, list.field);
});

/** POST /api/staff/cases/search { q, status?, item?, window?, due? } (JSON or a form): the list, found by phone or ID number. */
staffCases.post("/search", async (c) => {
	let query: Record<string, string | undefined>;
	try {
		const body = await readBody(c.req.raw);
		const raw = body.kind === "json" ? body.value : Object.fromEntries(body.entries);
		if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return badFilter(c, "q");
		const entries = Object.entries(raw as Record<string, unknown>);
		if (entries.some(([k, v]) => !["q", "status", "item", "window", "due"].includes(k) || typeof v !== "string")) return badFilter(c, "q");
		query = Object.fromEntries(entries) as Record<string, string>;
	} catch (err) {
		if (err instanceof BodyRejected)
			return errorResponse(c, err.reason === "too_large" ? 413 : 400, [{ code: `body_${err.reason}`, message: t("api.json") }]);
		throw err;
	}
	const list = await caseList(c, query);
	return "cases" in list ? c.json(list) : badFilter(c, list.field);
});

/**
 * The cases the caller may see, filtered by status, item, window, due colour, and found by tracking
 * number, phone or ID number (the last two only through their blind index, never a scan), with the
 * deadline board's counts. A malformed filter names its field.
 */
export async function caseList(c: C, query: Record<string, string | undefined>) {
	const keys = await keysFrom(c.env.PII_KEY);
	const q = (query.q ?? "").trim();
	const { status, due } = query;
	if (status && !STATUS_NAMES.includes(status as CaseStatus)) return { field: "status" as const };
	if (due && !["green", "yellow", "red"].includes(due)) return { field: "due" as const };
	const filter: Parameters<typeof listCases>[2] = {
		status: (status as CaseStatus) || undefined,
		item: query.item || undefined,
		window: query.window || undefined,
	};
	if (q) {
		const tracking = parseTrackingNo(q);
		const phone = parseMobile(q);
		if (tracking.ok) filter.trackingNo = tracking.value;
		else if (phone.ok && keys) filter.phoneIndex = await hmacHex(keys.index, `phone:${phone.value}`);
		else if (keys && /^\d{17}[\dXx]$/.test(q)) filter.idIndex = await hmacHex(keys.index, q.toUpperCase());
		else return { field: "q" as const };
	}
	const ctx = await context(c);
	const rows = (await listCases(c.env.DB, me(c), filter)).map((r) => summary(r, ctx));
	// The board counts every running case in scope, not only the newest listed: old overdue ones matter most.
	const counts = { green: 0, yellow: 0, red: 0 };
	for (const r of await openCaseClocks(c.env.DB, me(c))) {
		const clock = clockOf(r, ctx);
		if (clock) counts[clock.colour]++;
	}
	return {
		cases: due ? rows.filter((r) => r.clock?.colour === due) : rows,
		counts,
		deemedAccepted: rows.filter((r) => r.deemedAccepted).length,
	};
}

/**
 * GET /api/staff/cases/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD — the caller's cases submitted in that
 * range (China dates, inclusive), as CSV for Excel: UTF-8 with a byte-order mark, every cell quoted,
 * and any cell a spreadsheet would run as a formula (= + - @, tab, CR) prefixed with a quote.
 */
staffCases.get("/export.csv", async (c) => {
	const from = c.req.query("from") ?? "";
	const to = c.req.query("to") ?? "";
	const day = /^\d{4}-\d{2}-\d{2}$/;
	if (!day.test(from) || !day.test(to) || from > to || addDays(from, 366) < to) {
		return errorResponse(c, 400, [{ code: "bad_range", message: "请选择导出的起止日期（格式 2026-11-01），一次最多导出一年。" }]);
	}
	const ctx = await context(c);
	// China midnight is 16:00 UTC the day before.
	const start = `${addDays(from, -1)}T16:00:00.000Z`;
	const end = `${to}T16:00:00.000Z`;
	const rows = (await listCases(c.env.DB, me(c), { submittedFrom: start, submittedBefore: end }, 10_000)).map((r) => summary(r, ctx));
	const header = [
		"办件编号",
		"事项",
		"中心",
		"村（社区）",
		"窗口",
		"状态",
		"申请人",
		"提交时间",
		"受理日期",
		"办结期限",
		"期限状态",
		"首问负责人",
	];
	const colour = { green: "正常", yellow: "临近", red: "超期" };
	const lines = [
		header,
		...rows.map((r) => [
			r.trackingNo,
			r.item.name,
			r.centre,
			r.station,
			r.window,
			r.statusLabel,
			r.applicantName,
			r.submittedAt,
			r.acceptedOn ?? "",
			r.clock?.dueOn ?? "",
			r.clock ? colour[r.clock.colour] : "",
			r.firstHandler?.name ?? "",
		]),
	].map((cells) => cells.map(csvCell).join(","));
	await audit(c.env.DB, me(c), "application.export", `${from}..${to}`, new Date().toISOString());
	return new Response(`\uFEFF${lines.join("\r\n")}\r\n`, {
		headers: {
			"Content-Type": "text/csv; charset=utf-8",
			"Content-Disposition": `attachment; filename="cases-${from}-${to}.csv"`,
		},
	});
});

staffCases.get("/:trackingNo", async (c) => {
	const found = await visibleCase(c);
	if (found instanceof Response) return found;
	return c.json(await caseDetail(c, found));
});

/** Everything the case page shows: summary, applicant (ID masked), answers, materials, full timeline. */
export async function caseDetail(c: C, found: StaffCase) {
	const keys = await keysFrom(c.env.PII_KEY);
	const ctx = await context(c);
	const { results: events } = await c.env.DB.prepare(
		`SELECT e.created_at, e.kind, e.status, e.actor, e.note, s.name AS staff_name FROM application_events e
		 LEFT JOIN staff s ON s.id = e.staff_id WHERE e.application_id = ?1 ORDER BY e.id`,
	)
		.bind(found.id)
		.all<{ created_at: string; kind: string; status: CaseStatus; actor: string; note: string | null; staff_name: string | null }>();
	const idNumber = keys && found.idCipher ? await decrypt(keys.cipher, found.idCipher) : undefined;
	const answers = keys && found.answersCipher ? await decrypt(keys.cipher, found.answersCipher) : undefined;
	const item = ctx.items.get(found.item);
	return {
		...summary(found, ctx),
		version: found.version,
		applicant: { name: found.applicantName, phone: found.applicantPhone, idNumber: idNumber ? maskIdCard(idNumber) : "" },
		answers: answers ? (JSON.parse(answers) as Record<string, unknown>) : {},
		/** The form's labels for the answers, in the form's order. */
		labels: Object.fromEntries((item?.form.fields ?? []).map((f) => [f.name, f.label])),
		materials: item?.materials ?? [],
		timeline: events.map((e) => ({ at: e.created_at, kind: e.kind, status: e.status, actor: e.actor, staff: e.staff_name, note: e.note })),
	};
}

/** The case by the tracking number in the path, when the caller may see it. */
export async function visibleCaseOf(c: C, trackingNo: string): Promise<StaffCase | null> {
	const tracking = parseTrackingNo(trackingNo);
	const found = tracking.ok ? await caseForStaff(c.env.DB, me(c), tracking.value) : null;
	return found && canSee(me(c), found, found.absentA) ? found : null;
}

staffCases.post("/:trackingNo/reveal-id", async (c) => {
	const found = await visibleCase(c);
	if (found instanceof Response) return found;
	const shown = await revealId(c, found);
	return shown.ok ? c.json({ idNumber: shown.idNumber }) : errorResponse(c, shown.status, [{ code: shown.code, message: shown.message }]);
});

/**
 * The full ID number of a case the caller can see, as an action of its own in the audit log
 * (责任追究). Not for agents: they hand the papers on; the full number is for the window that decides.
 */
export async function revealId(
	c: C,
	found: StaffCase,
): Promise<{ ok: true; idNumber: string } | { ok: false; status: 403 | 404; code: string; message: string }> {
	if (me(c).role === "agent")
		return { ok: false, status: 403, code: "forbidden", message: "代办员不能查看完整身份证号。需要核对时请联系中心窗口。" };
	const keys = await keysFrom(c.env.PII_KEY);
	const idNumber = keys && found.idCipher ? await decrypt(keys.cipher, found.idCipher) : undefined;
	if (!idNumber) return { ok: false, status: 404, code: "erased", message: "这件办件的身份证号已按保存期限删除，或无法读取。" };
	await audit(c.env.DB, me(c), "application.reveal_id", found.trackingNo, new Date().toISOString());
	return { ok: true, idNumber };
}

staffCases.post("/:trackingNo/actions", async (c) => {
	const found = await visibleCase(c);
	if (found instanceof Response) return found;
	let raw: unknown;
	try {
		const body = await readBody(c.req.raw);
		raw = body.kind === "json" ? body.value : commandFromForm(body.entries);
	} catch (err) {
		if (err instanceof BodyRejected)
			return errorResponse(c, err.reason === "too_large" ? 413 : 400, [{ code: `body_${err.reason}`, message: t("api.json") }]);
		throw err;
	}
	const outcome = await performAction(c, found, raw);
	return outcome.ok ? c.json(outcome.case) : errorResponse(c, outcome.status, outcome.errors);
});

export type ActionOutcome =
	{ ok: true; case: ReturnType<typeof summary> & { version: number } } | { ok: false; status: 403 | 409 | 422; errors: ApiError[] };

/** One staff command on a case the caller can see: the state machine, the inputs, the version, once-only 补正. */
export async function performAction(c: C, found: StaffCase, raw: unknown): Promise<ActionOutcome> {
	const staff = me(c);
	const fail = (status: 403 | 409 | 422, code: string, message: string, field?: string): ActionOutcome => ({
		ok: false,
		status,
		errors: [{ code, message, ...(field ? { field } : {}) }],
	});
	const parsed = CommandSchema.safeParse(raw);
	if (!parsed.success) {
		return {
			ok: false,
			status: 422,
			errors: parsed.error.issues
				.slice(0, 50)
				.map((i) => ({ code: "invalid", message: chinese(i), ...(i.path.length ? { field: i.path.join(".") } : {}) })),
		};
	}
	const command = parsed.data;
	const verdict = decide(staff, found.status, command.action);
	if (!verdict.ok && verdict.code === "forbidden")
		return fail(403, "forbidden", "您的岗位不能做这个操作。代办员可以代为申请和跟进，受理、补正、办结等由窗口工作人员办理。");
	if (!verdict.ok)
		return fail(409, "illegal_transition", `办件现在是「${t(`case.status.${found.status}`)}」，不能做这个操作。请刷新页面查看最新状态。`);
	if (command.version !== found.version) return fail(409, "stale", STALE);
	if (command.action === "request_correction" && (await hadCorrection(c.env.DB, found.id)))
		return fail(409, "correction_once", "这件办件已经发过补正通知。一次性告知只发一次，请把需要补正的内容和申请人当面或电话核实。");
	const ctx = await context(c);
	const change = changeFor(command, found, staff, verdict.to, new Date(), ctx);
	if (!(await applyChange(c.env.DB, change))) return fail(409, "stale", STALE);
	const after = (await caseForStaff(c.env.DB, staff, found.trackingNo))!;
	return { ok: true, case: { ...summary(after, ctx), version: after.version } };
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
	if (one("action") === "request_correction") {
		const reason = one("reason") ?? "";
		const names = [
			...entries.filter(([k]) => k === "material").map(([, v]) => v),
			...(one("otherItems") ?? "")
				.split("\n")
				.map((l) => l.trim())
				.filter(Boolean),
		];
		out.items = names.map((name) => ({ name, reason }));
		delete out.reason;
		const days = one("respondWithinDays");
		if (days) out.respondWithinDays = Number(days);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
	items: Map<string, ApplyItem>;
	calendar: WorkingCalendar;
	today: string;
}

async function context(c: C): Promise<Ctx> {
	const [items, years] = await Promise.all([applyItems(c.env.ASSETS), calendarYears(c.env.ASSETS)]);
	return { items, calendar: new WorkingCalendar(years), today: chinaDate(new Date()) };
}

async function visibleCase(c: C): Promise<StaffCase | Response> {
	const found = await visibleCaseOf(c, c.req.param("trackingNo") ?? "");
	// A case outside the staff member's centre, station or window is simply not there for them.
	if (!found) {
		return errorResponse(c, 404, [{ code: "not_found", message: "没有找到这件办件，或者它不归您所在的中心、窗口或服务站办理。" }]);
	}
	return found;
}

function badFilter(c: C, field: string) {
	return errorResponse(c, 400, [{ code: "bad_filter", field, message: "筛选条件不对。查找请输入办件编号、手机号或身份证号。" }]);
}

/** The schema's own Chinese message, or a Chinese one for the checks zod words in English. */
function chinese(issue: z.core.$ZodIssue): string {
	if (/[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
	if (issue.code === "unrecognized_keys") return `表单里有不认识的内容（${issue.keys.join("、")}），请刷新页面后重新操作。`;
	const field = issue.path.join(".");
	return field ? `「${field}」填写得不对，请检查后重新提交。` : "提交的内容不对，请刷新页面后重新操作。";
}

const STALE = "这件办件刚刚被别人处理过。请刷新页面，看到最新情况后再操作。";

/** The clock of an accepted case, or null before acceptance and after it closed. */
function clockOf(r: Pick<StaffCase, "item" | "acceptedOn" | "status" | "suspensions">, ctx: Ctx): CaseClock | null {
	const promised = ctx.items.get(r.item)?.promisedDeadline;
	if (!r.acceptedOn || !promised || FINAL_STATUSES.includes(r.status)) return null;
	// A clock set back behind a recorded date (a corrected server clock) reads as the day of acceptance.
	const today = ctx.today < r.acceptedOn ? r.acceptedOn : ctx.today;
	return caseClock({ acceptedOn: r.acceptedOn, promised, suspensions: r.suspensions, today }, ctx.calendar);
}

function summary(r: StaffCase, ctx: Ctx) {
	const submittedOn = chinaDate(new Date(r.submittedAt));
	return {
		trackingNo: r.trackingNo,
		item: { code: r.item, name: ctx.items.get(r.item)?.name ?? r.item },
		centre: r.centre,
		station: r.station,
		window: r.window,
		status: r.status,
		statusCode: CASE_STATUSES[r.status],
		statusLabel: t(`case.status.${r.status}`),
		applicantName: r.applicantName,
		submittedAt: r.submittedAt,
		acceptedOn: r.acceptedOn,
		clock: clockOf(r, ctx),
		// 行政许可法 §32: no 补正 notice within 5 working days of receipt means the application counts as accepted.
		deemedAccepted:
			r.status === "submitted" &&
			deemedAccepted(
				{ submittedOn, noticeSentOn: r.noticeSentAt && chinaDate(new Date(r.noticeSentAt)), acceptedOn: null, today: ctx.today },
				ctx.calendar,
			),
		firstHandler: r.firstHandler,
		paperForwardedAt: r.paperForwardedAt,
	};
}

/** n working days after `from` on the calendar, estimating Monday–Friday for a year it lacks. */
function workingDaysAfter(ctx: Ctx, from: string, n: number): string {
	let d = from;
	for (let left = n; left > 0;) {
		d = addDays(d, 1);
		if (ctx.calendar.estimateWorkingDay(d).working) left--;
	}
	return d;
}

/** One CSV cell: quoted, quotes doubled, and formula-looking text made inert with a leading quote. */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return `"${safe.replace(/"/g, '""')}"`;
}

const REVIEW_NOTICE = "对本决定不服的，可以依法申请行政复议或者提起行政诉讼。";
const DELIVERY_NOTE: Record<string, string> = {
	窗口领取: "请到窗口领取结果",
	邮寄: "结果将邮寄给您",
	代办员送达: "结果由村代办员送达",
	电子送达: "结果已电子送达",
};

function changeFor(command: Command, r: StaffCase, staff: Staff, to: CaseStatus, now: Date, ctx: Ctx): Change {
	const base = { caseId: r.id, trackingNo: r.trackingNo, version: r.version, from: r.status, to, staff, at: now.toISOString() };
	const promised = ctx.items.get(r.item)?.promisedDeadline ?? { days: 0, unit: "工作日" as const };
	const due = (suspensions: StaffCase["suspensions"], acceptedOn: string) =>
		caseClock({ acceptedOn, promised, suspensions, today: ctx.today < acceptedOn ? acceptedOn : ctx.today }, ctx.calendar).dueOn;
	const closed = { closed_at: now.toISOString() };
	switch (command.action) {
		case "accept":
			return {
				...base,
				kind: "accept",
				note: `窗口已受理，承诺在${promised.days}个${promised.unit}内办结（${due([], ctx.today)}前）。`,
				set: { accepted_on: ctx.today, due_on: due([], ctx.today) },
				detail: {},
			};
		case "start":
			return { ...base, kind: "start", note: "开始办理。", set: {}, detail: {} };
		case "request_correction": {
			const items: CorrectionItem[] = command.items.map((i, n) => ({ id: `c${n + 1}`, name: i.name, reason: i.reason }));
			const respondBy = workingDaysAfter(ctx, ctx.today, command.respondWithinDays);
			return {
				...base,
				kind: "correction_requested",
				note: `请补正以下材料（一次性告知）：${items.map((i) => i.name).join("、")}。请在${respondBy}前补齐。`,
				set: {},
				correction: { items, respondBy },
				detail: { items, respondBy },
			};
		}
		case "refuse":
			return {
				...base,
				kind: "refuse",
				note: `不予受理：${command.reason}${REVIEW_NOTICE}`,
				set: closed,
				detail: { reason: command.reason },
			};
		case "withdraw":
			return { ...base, kind: "withdraw", note: `已撤回：${command.reason}`, set: closed, detail: { reason: command.reason } };
		case "suspend": {
			const suspensions = [...r.suspensions, { from: ctx.today, to: null }];
			return {
				...base,
				kind: "suspend",
				note: `暂停计时：${command.reason}。这段时间不计入办理时限。`,
				set: { suspensions_json: JSON.stringify(suspensions) },
				detail: { reason: command.reason },
			};
		}
		case "resume": {
			const suspensions = r.suspensions.map((s) => (s.to === null ? { ...s, to: ctx.today } : s));
			const dueOn = r.acceptedOn ? due(suspensions, r.acceptedOn) : null;
			return {
				...base,
				kind: "resume",
				note: `恢复办理${dueOn ? `，办结期限顺延至${dueOn}` : ""}。`,
				set: { suspensions_json: JSON.stringify(suspensions), due_on: dueOn },
				detail: { dueOn },
			};
		}
		case "complete":
			return {
				...base,
				kind: "complete",
				note: `已办结：${command.result}。${DELIVERY_NOTE[command.delivery]}。`,
				set: { ...closed, outcome: command.outcome },
				detail: { outcome: command.outcome, delivery: command.delivery },
			};
		case "forward":
			return { ...base, kind: "forward", note: `已转报${command.to}办理。`, set: closed, detail: { to: command.to } };
	}
}
