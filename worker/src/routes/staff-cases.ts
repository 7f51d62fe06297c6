import { type Context, Hono } from "hono";
import type { z } from "zod";
import type { ApplyItem } from "../../../core/application";
import { WorkingCalendar, addDays, chinaDate } from "../../../core/calendar";
import { type CaseStatus, type CorrectionItem, CASE_STATUSES, FINAL_STATUSES, STATUS_NAMES } from "../../../core/case";
import { type CaseClock, caseClock, deemedAccepted } from "../../../core/clock";
import { maskIdCard } from "../../../core/idcard";
import { parseMobile } from "../../../core/person";
import { type Command, CommandSchema, type Staff, canSee, decide } from "../../../core/staff";
import { parseTrackingNo } from "../../../core/tracking";
import { t } from "../../../site/i18n/zh-CN";
import type { AppEnv } from "../app-env";
import { type Change, type StaffCase, applyChange, audit, caseForStaff, hadCorrection, listCases } from "../db/cases";
import { applyItems, calendarYears } from "../lib/apply-data";
import { decrypt, hmacHex, keysFrom } from "../lib/crypto";
import { errorResponse } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";
import { BodyRejected, readBody } from "../lib/request-body";

type C = Context<AppEnv>;

/**
 * /api/staff/cases — the back office's cases: the list with the deadline board, one case, its changes
 * (each exactly as the state machine allows, with the input it needs), the full ID number as an
 * audited action of its own, and the CSV export. requireStaff has already established who is asking.
 */
export const staffCases = new Hono<AppEnv>();

staffCases.use(async (c, next) => {
	if (c.req.method !== "GET" && !isSameOrigin(c.req.raw)) {
		return errorResponse(c, 403, [{ code: "cross_site", message: t("api.crossSite") }]);
	}
	await next();
});

const me = (c: C) => c.get("staff") as Staff;

staffCases.get("/", async (c) => {
	const staff = me(c);
	const keys = await keysFrom(c.env.PII_KEY);
	const q = (c.req.query("q") ?? "").trim();
	const status = c.req.query("status");
	const due = c.req.query("due");
	if (status && !STATUS_NAMES.includes(status as CaseStatus)) return badFilter(c, "status");
	if (due && !["green", "yellow", "red"].includes(due)) return badFilter(c, "due");
	const filter: Parameters<typeof listCases>[2] = {
		status: status as CaseStatus | undefined,
		item: c.req.query("item") || undefined,
		window: c.req.query("window") || undefined,
	};
	if (q) {
		// A tracking number, a phone or an ID number: the last two only through their blind index.
		const tracking = parseTrackingNo(q);
		const phone = parseMobile(q);
		if (tracking.ok) filter.trackingNo = tracking.value;
		else if (phone.ok && keys) filter.phoneIndex = await hmacHex(keys.index, `phone:${phone.value}`);
		else if (keys && /^\d{17}[\dXx]$/.test(q)) filter.idIndex = await hmacHex(keys.index, q.toUpperCase());
		else return badFilter(c, "q");
	}
	const ctx = await context(c);
	const rows = (await listCases(c.env.DB, staff, filter)).map((r) => summary(r, ctx));
	const shown = due ? rows.filter((r) => r.clock?.colour === due) : rows;
	const counts = { green: 0, yellow: 0, red: 0 };
	for (const r of rows) if (r.clock) counts[r.clock.colour]++;
	return c.json({ cases: shown, counts });
});

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
	return c.json({
		...summary(found, ctx),
		version: found.version,
		applicant: { name: found.applicantName, phone: found.applicantPhone, idNumber: idNumber ? maskIdCard(idNumber) : "" },
		answers: answers ? (JSON.parse(answers) as Record<string, unknown>) : {},
		materials: ctx.items.get(found.item)?.materials ?? [],
		timeline: events.map((e) => ({ at: e.created_at, kind: e.kind, status: e.status, actor: e.actor, staff: e.staff_name, note: e.note })),
	});
});

staffCases.post("/:trackingNo/reveal-id", async (c) => {
	const found = await visibleCase(c);
	if (found instanceof Response) return found;
	const keys = await keysFrom(c.env.PII_KEY);
	const idNumber = keys && found.idCipher ? await decrypt(keys.cipher, found.idCipher) : undefined;
	if (!idNumber) return errorResponse(c, 404, [{ code: "erased", message: "这件办件的身份证号已按保存期限删除，或无法读取。" }]);
	// Seeing a full ID number is an action of its own in the audit log (责任追究).
	await audit(c.env.DB, me(c), "application.reveal_id", found.trackingNo, new Date().toISOString());
	return c.json({ idNumber });
});

staffCases.post("/:trackingNo/actions", async (c) => {
	const staff = me(c);
	const found = await visibleCase(c);
	if (found instanceof Response) return found;
	let raw: unknown;
	try {
		const body = await readBody(c.req.raw);
		raw = body.kind === "json" ? body.value : Object.fromEntries(body.entries);
	} catch (err) {
		if (err instanceof BodyRejected)
			return errorResponse(c, err.reason === "too_large" ? 413 : 400, [{ code: `body_${err.reason}`, message: t("api.json") }]);
		throw err;
	}
	const parsed = CommandSchema.safeParse(raw);
	if (!parsed.success) return invalid(c, parsed.error);
	const command = parsed.data;
	const verdict = decide(staff, found.status, command.action);
	if (!verdict.ok && verdict.code === "forbidden") {
		return errorResponse(c, 403, [
			{ code: "forbidden", message: "您的岗位不能做这个操作。代办员可以代为申请和跟进，受理、补正、办结等由窗口工作人员办理。" },
		]);
	}
	if (!verdict.ok) {
		return errorResponse(c, 409, [
			{
				code: "illegal_transition",
				message: `办件现在是「${t(`case.status.${found.status}`)}」，不能做这个操作。请刷新页面查看最新状态。`,
			},
		]);
	}
	if (command.version !== found.version) return stale(c);
	if (command.action === "request_correction" && (await hadCorrection(c.env.DB, found.id))) {
		return errorResponse(c, 409, [
			{ code: "correction_once", message: "这件办件已经发过补正通知。一次性告知只发一次，请把需要补正的内容和申请人当面或电话核实。" },
		]);
	}
	const ctx = await context(c);
	const now = new Date();
	const change = changeFor(command, found, staff, verdict.to, now, ctx);
	if (!(await applyChange(c.env.DB, change))) return stale(c);
	const after = await caseForStaff(c.env.DB, staff, found.trackingNo);
	return c.json({ ...summary(after!, ctx), version: after!.version });
});

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
	const tracking = parseTrackingNo(c.req.param("trackingNo") ?? "");
	const found = tracking.ok ? await caseForStaff(c.env.DB, me(c), tracking.value) : null;
	// A case outside the staff member's centre, station or window is simply not there for them.
	if (!found || !canSee(me(c), found, found.absentA)) {
		return errorResponse(c, 404, [{ code: "not_found", message: "没有找到这件办件，或者它不归您所在的中心、窗口或服务站办理。" }]);
	}
	return found;
}

function badFilter(c: C, field: string) {
	return errorResponse(c, 400, [{ code: "bad_filter", field, message: "筛选条件不对。查找请输入办件编号、手机号或身份证号。" }]);
}

function stale(c: C) {
	return errorResponse(c, 409, [{ code: "stale", message: "这件办件刚刚被别人处理过。请刷新页面，看到最新情况后再操作。" }]);
}

function invalid(c: C, error: z.ZodError) {
	return errorResponse(
		c,
		422,
		error.issues.slice(0, 50).map((i) => ({ code: "invalid", field: i.path.join(".") || undefined, message: i.message })),
	);
}

/** The clock of an accepted case, or null before acceptance and after it closed. */
function clockOf(r: StaffCase, ctx: Ctx): CaseClock | null {
	const promised = ctx.items.get(r.item)?.promisedDeadline;
	if (!r.acceptedOn || !promised || FINAL_STATUSES.includes(r.status)) return null;
	return caseClock({ acceptedOn: r.acceptedOn, promised, suspensions: r.suspensions, today: ctx.today }, ctx.calendar);
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
