import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { type ApplyItem, applicationFromForm } from "../../../core/application";
import { chinaDate, chinaDateTime } from "../../../core/calendar";
import { ACTIONS, type Action, FINAL_STATUSES, nextStatus } from "../../../core/case";
import type { CaseClock } from "../../../core/clock";
import { maskIdCard } from "../../../core/idcard";
import { CorrectionRequestSchema, type Staff, mayAct } from "../../../core/staff";
import { strings, t } from "../../../site/i18n/zh-CN";
import type { AppEnv } from "../app-env";
import { type StaffCase, markPaperForwarded } from "../db/cases";
import { setAbsence } from "../db/staff";
import { applyItems } from "../lib/apply-data";
import type { ApiError } from "../lib/errors";
import { hasPersonalDataInUrl, isSameOrigin } from "../lib/guards";
import { type ShownError, builtPage, escapeHtml, privateHtml, showing, withFormErrors, withTexts } from "../lib/pages";
import { BodyRejected, readBody } from "../lib/request-body";
import { caseDetail, caseList, commandFromForm, performAction, revealId, visibleCaseOf } from "./staff-cases";
import { MANDATE_KEYS, type Mandate, applyForVillager } from "./staff-agent";

type C = Context<AppEnv>;
type CaseRow = Extract<Awaited<ReturnType<typeof caseList>>, { cases: unknown }>["cases"][number];
type CaseDetail = Awaited<ReturnType<typeof caseDetail>>;

/**
 * The back office's pages: the shells Astro built (/staff/, /staff/case/, /staff/apply/…) filled for
 * the signed-in staff member, and the plain-form posts behind them. Mounted after staffAuth, so
 * requireStaff has already said who is asking (and sent everyone else to sign in); staffAuth also marks
 * every /staff/ answer no-store. The pages call the same functions as the JSON API (staff-cases.ts,
 * staff-agent.ts): one rule set.
 */
export const staffPages = new Hono<AppEnv>();

const me = (c: C) => c.get("staff") as Staff;

staffPages.use(
	"/staff/*",
	createMiddleware<AppEnv>(async (c, next) => {
		if (c.req.method !== "GET" && c.req.method !== "HEAD" && !isSameOrigin(c.req.raw)) {
			return showList(c, 403, { errors: [{ message: t("api.crossSite") }] });
		}
		if (hasPersonalDataInUrl(new URL(c.req.url))) return showList(c, 400, { errors: [{ message: t("api.personalDataInUrl") }], query: {} });
		await next();
	}),
);

staffPages.get("/staff/", (c) => showList(c, 200));

/** The filter form posts: a phone or ID number searched for must not end up in an address. */
staffPages.post("/staff/", async (c) => {
	const entries = await formEntries(c);
	const query = Object.fromEntries((Array.isArray(entries) ? entries : []).filter(([k]) => ["status", "item", "window", "q"].includes(k)));
	return showList(c, 200, { query });
});

// The case shell alone is no page: a case is always /staff/cases/<办件编号>/.
staffPages.get("/staff/case/", (c) => notFoundPage(c));

/** AB岗 as a plain form: an A post marks itself away or back (the rule of POST /api/staff/absence, for oneself). */
staffPages.post("/staff/absence/", async (c) => {
	const staff = me(c);
	const entries = await formEntries(c);
	const absent = Array.isArray(entries) ? entries.find(([k]) => k === "absent")?.[1] : undefined;
	if (absent !== "true" && absent !== "false") return showList(c, 422, { errors: [{ message: t("staff.absence.invalid") }] });
	if (staff.post !== "A") return showList(c, 403, { errors: [{ message: t("staff.absence.forbidden") }] });
	await setAbsence(c.env.DB, staff.id, staff.id, absent === "true", new Date().toISOString());
	return c.redirect("/staff/", 303);
});

staffPages.get("/staff/cases/:trackingNo/", async (c) => {
	const found = await visibleCaseOf(c, c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const done = c.req.query("done");
	const notice = done && DONE_KINDS.has(done) ? t("staff.done", { what: kindLabel(done) }) : undefined;
	return showCase(c, found, 200, { notice });
});

staffPages.post("/staff/cases/:trackingNo/actions/", async (c) => {
	const found = await visibleCaseOf(c, c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const entries = await formEntries(c);
	if (!Array.isArray(entries)) return showCase(c, found, entries, { errors: [{ message: t("staff.form.contentType") }] });
	const action = entries.find(([k]) => k === "action")?.[1] ?? "";
	const outcome = await performAction(c, found, commandFromForm(entries));
	if (outcome.ok) return c.redirect(`/staff/cases/${found.trackingNo}/?done=${DONE_OF[action as FormAction] ?? ""}`, 303);
	// Shown again as it is now (another clerk may have moved it on), with what this clerk typed.
	const now = (await visibleCaseOf(c, found.trackingNo)) ?? found;
	return showCase(c, now, outcome.status, { apiErrors: withReasonChecked(outcome.errors, action, entries), failed: { action, entries } });
});

/**
 * Every problem at once: a 补正 with nothing listed has no item to carry the reason, so the schema never
 * saw it. Its own rule is asked about the reason too.
 */
function withReasonChecked(errors: ApiError[], action: string, entries: [string, string][]): ApiError[] {
	if (action !== "request_correction" || !errors.some((e) => e.field === "items")) return errors;
	const reason = CorrectionRequestSchema.shape.items.element.shape.reason.safeParse(entries.find(([k]) => k === "reason")?.[1] ?? "");
	return reason.success ? errors : [...errors, { code: "invalid", field: "items.0.reason", message: reason.error.issues[0].message }];
}

/** The full ID number, once, as its own audited action (the rule of POST /api/staff/cases/:no/reveal-id). */
staffPages.post("/staff/cases/:trackingNo/reveal-id/", async (c) => {
	const found = await visibleCaseOf(c, c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const shown = await revealId(c, found);
	if (!shown.ok) return showCase(c, found, shown.status, { errors: [{ message: shown.message }] });
	return showCase(c, found, 200, { revealed: shown.idNumber, notice: t("staff.case.revealed") });
});

/** 全程代办: the agent says the paper forms reached the centre (the rule of POST /api/staff/cases/:no/paper-forwarded). */
staffPages.post("/staff/cases/:trackingNo/paper-forwarded/", async (c) => {
	const agent = me(c);
	const found = await visibleCaseOf(c, c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	if (agent.role !== "agent") return showCase(c, found, 403, { errors: [{ message: t("staff.paper.forbidden") }] });
	if (!found.paperForwardedAt) await markPaperForwarded(c.env.DB, agent.id, found, new Date().toISOString());
	return c.redirect(`/staff/cases/${found.trackingNo}/?done=paper_forwarded`, 303);
});

// ── 代为申请 (routes) ───────────────────────────────────────────────────────────────────────────

/** The items a village agent may apply for on a villager's behalf, as far as the agent's centre offers them. */
staffPages.get("/staff/apply/", (c) => showAgentItems(c));

/** An item's 代为申请 form: the agent's centre and village selected, and a fresh key against a double submit. */
staffPages.get("/staff/apply/:code/", (c) => {
	const staff = me(c);
	const values: [string, string][] = [["idempotencyKey", crypto.randomUUID()]];
	if (staff.centre) values.push(["centre", staff.centre]);
	if (staff.station) values.push(["applicant.village", staff.station]);
	return showAgentForm(c, c.req.param("code"), 200, { values });
});

/**
 * 代为申请 as a plain form (the rule of POST /api/staff/applications): the receipt in the form's place
 * (201), or the form again with every problem and every value as sent.
 */
staffPages.post("/staff/apply/:code/", async (c) => {
	const staff = me(c);
	const code = c.req.param("code");
	const items = await applyItems(c.env.ASSETS);
	if (!items.get(code)?.agentAllowed) return notFoundPage(c);
	if (staff.role !== "agent") return showAgentForm(c, code, 403, {});
	const entries = await formEntries(c);
	if (!Array.isArray(entries)) return showAgentForm(c, code, entries, { errors: [{ message: t("staff.form.contentType") }] });
	// The item is the page's, whatever the form says.
	const values = entries.filter(([k]) => k !== "item");
	const key = values.find(([k]) => k === "idempotencyKey")?.[1];
	const fields = values.filter(([k]) => k !== "idempotencyKey" && !k.startsWith("mandate."));
	const application = applicationFromForm([["item", code], ...fields], (x) => items.get(x));
	const result = await applyForVillager(c, staff, application, mandateFromForm(values), { from: "form", key });
	if (!result.ok) return showAgentForm(c, code, result.status, { errors: result.errors.map(pageErrorOf), values });
	return showAgentForm(c, code, 201, { receipt: result });
});

// ── the list ────────────────────────────────────────────────────────────────────────────────────

const DUE_WORDS = {
	green: "staff.board.green",
	yellow: "staff.board.yellow",
	red: "staff.board.red",
	deemed: "staff.board.deemed",
} as const;
type Due = keyof typeof DUE_WORDS;

const FILTER_MESSAGES = { status: "staff.filter.error.status", due: "staff.filter.error.due", q: "staff.filter.error.q" } as const;

/** /staff/ filled: the board, the filter as sent, the cases, AB岗; `errors` from a form on the page. */
async function showList(c: C, status: number, extra: { errors?: ShownError[]; query?: Record<string, string> } = {}): Promise<Response> {
	const staff = me(c);
	const query: Record<string, string | undefined> = extra.query ?? c.req.query();
	const errors = [...(extra.errors ?? [])];
	const filter = {
		status: query.status || undefined,
		item: query.item || undefined,
		window: query.window || undefined,
		q: query.q?.trim() || undefined,
	};
	const due = query.due || undefined;
	const list = await caseList(c, { ...filter, due: due === "deemed" ? undefined : due });
	let rows: CaseRow[] = [];
	if (list.field !== undefined) {
		errors.push({ ...(list.field === "due" ? {} : { field: list.field }), message: t(FILTER_MESSAGES[list.field]) });
		if (status < 400) status = 400;
	} else rows = due === "deemed" ? list.cases.filter((r) => r.deemedAccepted) : list.cases;
	// The board counts every case in scope, whatever the list shows.
	const board = list.field === undefined && !filter.status && !filter.item && !filter.window && !filter.q ? list : await caseList(c, {});
	const counts = board.field === undefined ? { ...board.counts, deemed: board.deemedAccepted } : { green: 0, yellow: 0, red: 0, deemed: 0 };

	const page = await shell(c, "/staff/");
	const items = await applyItems(c.env.ASSETS);
	const names = placeNames(items);
	const values = (["status", "item", "window", "q"] as const).flatMap((k): [string, string][] => (query[k] ? [[k, query[k]]] : []));
	const r = focusedSummary(withFormErrors(new HTMLRewriter(), errors, values), errors.length > 0);
	withStaffBar(r, staff, names);

	if (staff.post === "A") {
		showing(r, ["staff-absence"]);
		withTexts(r, {
			"staff-absence-state": t(staff.absent ? "staff.absence.absent" : "staff.absence.present"),
			"staff-absence-submit": t(staff.absent ? "staff.absence.back" : "staff.absence.leave"),
		});
		r.on("#staff-absence-value", { element: (el) => void el.setAttribute("value", staff.absent ? "false" : "true") });
	}

	withTexts(r, {
		"board-green": String(counts.green),
		"board-yellow": String(counts.yellow),
		"board-red": String(counts.red),
		"board-deemed": String(counts.deemed),
	});
	if (due && Object.hasOwn(DUE_WORDS, due)) {
		r.on(`a[data-due="${due}"]`, { element: (el) => void el.setAttribute("aria-current", "true") });
		withTexts(r, { "staff-list-filtered": t("staff.list.filtered", { due: t(DUE_WORDS[due as Due]) }) });
		showing(r, ["staff-list-filtered"]);
	}

	if (rows.length === 0) {
		showing(r, ["staff-list-empty"]);
		r.on("#staff-cases", { element: (el) => void el.setAttribute("hidden", "") });
	} else {
		const html = rows.map((row) => caseRowHtml(row, items, names)).join("");
		r.on("#staff-cases-rows", { element: (el) => void el.setInnerContent(html, { html: true }) });
	}

	const today = chinaDate(new Date());
	r.on("#f-export-from", { element: (el) => void el.setAttribute("value", `${today.slice(0, 8)}01`) });
	r.on("#f-export-to", { element: (el) => void el.setAttribute("value", today) });
	return privateHtml(r.transform(page).body, status);
}

function caseRowHtml(row: CaseRow, items: Map<string, ApplyItem>, names: PlaceNames): string {
	const no = escapeHtml(row.trackingNo);
	const cells = [
		escapeHtml(row.item.name),
		escapeHtml(row.applicantName || t("staff.none")),
		escapeHtml(names.stations.get(`${row.centre}/${row.station}`) ?? row.station),
		escapeHtml(row.statusLabel),
		dueHtml(row.clock, unitOf(items, row.item.code)),
		escapeHtml(row.firstHandler?.name ?? t("staff.none")),
		escapeHtml(t(row.deemedAccepted ? "staff.yes" : "staff.no")),
	];
	return `<tr><th scope="row"><a href="/staff/cases/${no}/">${no}</a></th>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
}

// ── one case ────────────────────────────────────────────────────────────────────────────────────

type FormAction = Exclude<Action, "answer_correction">;

/** The timeline kind each action records: `?done=` after the redirect names it. */
const DONE_OF: Record<FormAction, string> = {
	accept: "accept",
	start: "start",
	request_correction: "correction_requested",
	refuse: "refuse",
	withdraw: "withdraw",
	suspend: "suspend",
	resume: "resume",
	complete: "complete",
	forward: "forward",
};
const DONE_KINDS = new Set([...Object.values(DONE_OF), "paper_forwarded"]);

/** The input names of each action's form (besides action and version), as StaffField names them. */
const FIELDS: Record<FormAction, string[]> = {
	accept: [],
	start: [],
	request_correction: ["material", "otherItems", "reason", "respondWithinDays"],
	refuse: ["reason"],
	withdraw: ["reason"],
	suspend: ["reason"],
	resume: [],
	complete: ["outcome", "result", "delivery"],
	forward: ["to"],
};

/** What the page calls each field, for messages that would otherwise name the input. */
const LABELS: Record<string, string> = {
	otherItems: t("staff.field.otherItems"),
	respondWithinDays: t("staff.field.respondWithinDays"),
	reason: t("staff.field.correctionReason"),
	outcome: t("staff.field.outcome"),
	result: t("staff.field.result"),
	delivery: t("staff.field.delivery"),
	to: t("staff.field.to"),
};

interface CaseState {
	notice?: string;
	/** Errors not tied to a field of the page. */
	errors?: { message: string }[];
	/** Errors of a command, with the API's field paths. */
	apiErrors?: ApiError[];
	/** The form that came back with errors, and what was typed into it. */
	failed?: { action: string; entries: [string, string][] };
	/** The full ID number, just revealed (and audited). */
	revealed?: string;
}

/** The actions this staff member may take on the case now: the state machine, the role, 补正 only once. */
function allowedActions(staff: Staff, found: StaffCase): FormAction[] {
	return ACTIONS.filter(
		(a): a is FormAction =>
			a !== "answer_correction" &&
			mayAct(staff, a) &&
			nextStatus(found.status, a) !== undefined &&
			!(a === "request_correction" && found.noticeSentAt !== null),
	);
}

async function showCase(c: C, found: StaffCase, status: number, s: CaseState): Promise<Response> {
	const staff = me(c);
	const [detail, items, page] = await Promise.all([caseDetail(c, found), applyItems(c.env.ASSETS), shell(c, "/staff/case/")]);
	const names = placeNames(items);
	const item = items.get(found.item);
	const allowed = allowedActions(staff, found);
	const failedAction = s.failed && (allowed as string[]).includes(s.failed.action) ? (s.failed.action as FormAction) : undefined;
	const materials = item?.materials ?? [];

	const shown: ShownTarget[] = [
		...(s.errors ?? []).map((e): ShownTarget => ({ message: e.message })),
		...(s.apiErrors ?? []).map((e) => targetOf(e, failedAction, materials.length > 0)),
	].filter((e, i, all) => all.findIndex((x) => x.message === e.message && x.target === e.target) === i);

	const r = new HTMLRewriter();
	const title = `${shown.length > 0 ? t("form.errorPrefix") : ""}${found.trackingNo} ${t("staff.case.title")} - ${t("staff.title")} - ${t("site.name")}`;
	r.on("title", { element: (el) => void el.setInnerContent(title) });
	focusedSummary(summaryList(r, shown), shown.length > 0);
	withTargetErrors(r, shown);
	withStaffBar(r, staff, names);
	if (s.notice) {
		withTexts(r, { "case-notice": s.notice });
		showing(r, ["case-notice"]);
	}

	// Summary and clock.
	const centre = item?.centres.find((x) => x.slug === found.centre);
	withTexts(r, {
		"case-tracking-no": found.trackingNo,
		"case-item": detail.item.name,
		"case-status": detail.statusLabel,
		"case-centre": centre?.name ?? found.centre,
		"case-station": names.stations.get(`${found.centre}/${found.station}`) ?? found.station,
		"case-submitted": chinaDateTime(new Date(detail.submittedAt)),
		"case-accepted": detail.acceptedOn ?? t("staff.case.notAccepted"),
		"case-first-handler": detail.firstHandler?.name ?? t("staff.none"),
	});
	const due = dueHtml(detail.clock, unitOf(items, found.item));
	r.on("#case-due", { element: (el) => void el.setInnerContent(due, { html: true }) });
	const notices: string[] = [];
	if (detail.clock?.paused) notices.push("case-paused");
	if (detail.clock?.provisional) notices.push("case-provisional");
	if (detail.deemedAccepted) notices.push("case-deemed");
	if (found.erasedAt) notices.push("case-erased");
	if (found.paperForwardedAt) {
		notices.push("case-paper");
		withTexts(r, { "case-paper": t("staff.case.paper", { at: chinaDateTime(new Date(found.paperForwardedAt)) }) });
	}
	showing(r, notices);

	// Applicant: the ID number masked unless just revealed.
	withTexts(r, {
		"case-applicant-name": detail.applicant.name || t("staff.none"),
		"case-applicant-phone": detail.applicant.phone || t("staff.none"),
		"case-applicant-id": s.revealed ?? (detail.applicant.idNumber || t("staff.none")),
	});
	if (!s.revealed && detail.applicant.idNumber) showing(r, ["case-reveal"]);

	// Answers, with the form's labels; ID numbers among them masked like the applicant's.
	const answers = answersHtml(detail, item);
	if (answers) r.on("#case-answers", { element: (el) => void el.setInnerContent(answers, { html: true }) });
	else {
		r.on("#case-answers", { element: (el) => void el.remove() });
		showing(r, ["case-answers-empty"]);
	}

	const timeline = detail.timeline.map(timelineRowHtml).join("");
	r.on("#case-timeline", { element: (el) => void el.setInnerContent(timeline, { html: true }) });

	// Actions: only those allowed, each form pointed at this case with the version shown.
	showing(
		r,
		allowed.map((a) => `action-${a}`),
	);
	if (allowed.length === 0) {
		withTexts(r, {
			"case-actions-none": staff.role === "agent" ? t("staff.actions.agent") : t("staff.actions.none", { status: detail.statusLabel }),
		});
		showing(r, ["case-actions-none"]);
	}
	if (staff.role === "agent" && !found.paperForwardedAt && !FINAL_STATUSES.includes(found.status)) showing(r, ["case-paper-forward"]);
	const base = `/staff/cases/${found.trackingNo}/`;
	r.on("form[data-case-form]", {
		element(el) {
			el.setAttribute("action", base + (el.getAttribute("data-case-form") ?? ""));
			el.removeAttribute("data-case-form");
		},
	});
	r.on("input[data-version]", {
		element(el) {
			el.setAttribute("value", String(detail.version));
			el.removeAttribute("data-version");
		},
	});

	const sent = failedAction ? s.failed!.entries : [];
	const ticked = new Set(failedAction === "request_correction" ? sent.filter(([k]) => k === "material").map(([, v]) => v) : []);
	const materialError = shown.some((e) => e.target === "f-material-request_correction");
	if (materials.length > 0) {
		const boxes = materials
			.map((name, i) => {
				const id = i === 0 ? "f-material-request_correction" : `f-material-request_correction-${i + 1}`;
				const state = `${ticked.has(name) ? " checked" : ""}${materialError ? ' aria-invalid="true"' : ""}`;
				return `<div class="app-choice"><input type="checkbox" id="${id}" name="material" value="${escapeHtml(name)}"${state}><label for="${id}">${escapeHtml(name)}</label></div>`;
			})
			.join("");
		r.on("#case-material-choices", { element: (el) => void el.setInnerContent(boxes, { html: true }) });
	} else r.on("#case-materials", { element: (el) => void el.remove() });
	if (failedAction) withSentValues(r, failedAction, sent);

	return privateHtml(r.transform(page).body, status);
}

/** What was typed into the failed form, put back into that form only (others share input names). */
function withSentValues(r: HTMLRewriter, action: FormAction, sent: [string, string][]) {
	const value = (name: string) => sent.find(([k]) => k === name)?.[1];
	for (const name of FIELDS[action]) {
		const given = value(name);
		if (given === undefined || name === "material") continue;
		const id = `f-${name}-${action}`;
		r.on(`[data-staff-field="${id}"] input[type="radio"]`, {
			element(el) {
				if (el.getAttribute("value") === given) el.setAttribute("checked", "");
			},
		});
		r.on(`#${id} option`, {
			element(el) {
				if (el.getAttribute("value") === given) el.setAttribute("selected", "");
			},
		});
		r.on(`textarea#${id}`, { element: (el) => void el.setInnerContent(given) });
		r.on(`input#${id}[type="text"]`, { element: (el) => void el.setAttribute("value", given) });
	}
}

interface ShownTarget {
	message: string;
	/** The id of the control the summary links to (its error text is `<id>-error`). */
	target?: string;
}

/** Where on the page an API error belongs: the control of the failed form it names, if the form is shown. */
function targetOf(e: ApiError, action: FormAction | undefined, hasMaterials: boolean): ShownTarget {
	const field = e.field ?? "";
	if (!action || !field) return { message: e.message };
	if (action === "request_correction" && /^items(\.\d+\.name)?$/.test(field))
		return { message: e.message, target: hasMaterials ? "f-material-request_correction" : "f-otherItems-request_correction" };
	if (action === "request_correction" && /^items\.\d+\.reason$/.test(field))
		return { message: e.message, target: "f-reason-request_correction" };
	if (!FIELDS[action].includes(field)) return { message: e.message };
	const label = action === "request_correction" || field !== "reason" ? LABELS[field] : REASON_LABELS[action];
	// The schema's generic message names the input; the page names the field as the form shows it.
	return { message: label ? e.message.replace(`「${field}」`, `「${label}」`) : e.message, target: `f-${field}-${action}` };
}

const REASON_LABELS: Partial<Record<FormAction, string>> = {
	refuse: t("staff.field.refuseReason"),
	withdraw: t("staff.field.withdrawReason"),
	suspend: t("staff.field.suspendReason"),
};

/** The summary's links, each field's message, aria-invalid and aria-describedby on its control. */
function withTargetErrors(r: HTMLRewriter, shown: ShownTarget[]) {
	const byTarget = new Map<string, string>();
	for (const e of shown) if (e.target && !byTarget.has(e.target)) byTarget.set(e.target, e.message);
	for (const [id, message] of byTarget) {
		const errorId = `${id}-error`;
		r.on(`#${errorId}`, {
			element(el) {
				el.removeAttribute("hidden");
				el.setInnerContent(message);
			},
		});
		r.on(`[data-staff-field="${id}"]`, {
			element: (el) => void el.setAttribute("class", `${el.getAttribute("class") ?? ""} app-field--error`),
		});
		// A group of radios or checkboxes: the fieldset carries the message, every option is invalid.
		r.on(`#${id}-fieldset`, { element: (el) => describe(el, errorId) });
		r.on(`[data-staff-field="${id}"] input, [data-staff-field="${id}"] select, [data-staff-field="${id}"] textarea`, {
			element(el) {
				el.setAttribute("aria-invalid", "true");
				if (el.getAttribute("id") === id && el.getAttribute("type") !== "radio") describe(el, errorId);
			},
		});
	}
}

function describe(el: Element, id: string) {
	const described = el.getAttribute("aria-describedby");
	el.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
}

/** The error summary shown and focused on load without any script (autofocus), as GOV.UK's is. */
function focusedSummary(r: HTMLRewriter, shown: boolean): HTMLRewriter {
	if (!shown) return r;
	return r.on("#error-summary", {
		element(el) {
			el.removeAttribute("hidden");
			el.setAttribute("autofocus", "");
		},
	});
}

/** The case page's summary: every message, linked to its control when it has one. */
function summaryList(r: HTMLRewriter, shown: ShownTarget[]): HTMLRewriter {
	const items = shown
		.map((e) =>
			e.target ? `<li><a href="#${escapeHtml(e.target)}">${escapeHtml(e.message)}</a></li>` : `<li>${escapeHtml(e.message)}</li>`,
		)
		.join("");
	return r.on("#error-summary-list", { element: (el) => void el.setInnerContent(items, { html: true }) });
}

function answersHtml(detail: CaseDetail, item: ApplyItem | undefined): string {
	const types = new Map((item?.form.fields ?? []).map((f) => [f.name, f.type]));
	const keys = [...Object.keys(detail.labels), ...Object.keys(detail.answers).filter((k) => !(k in detail.labels))];
	return keys
		.filter((k) => detail.answers[k] !== undefined && detail.answers[k] !== "")
		.map((k) => {
			const raw = detail.answers[k];
			const text = Array.isArray(raw) ? raw.map(String).join("、") : String(raw);
			const shown = types.get(k) === "idcard" ? maskIdCard(text) : text;
			return `<dt>${escapeHtml(detail.labels[k] ?? k)}</dt><dd>${escapeHtml(shown)}</dd>`;
		})
		.join("");
}

function timelineRowHtml(e: CaseDetail["timeline"][number]): string {
	const who = e.staff ?? lookup(`staff.actor.${e.actor}`) ?? e.actor;
	const cells = [kindLabel(e.kind), t(`case.status.${e.status}`), who, e.note ?? ""].map((x) => `<td>${escapeHtml(x)}</td>`);
	return `<tr><th scope="row"><time datetime="${escapeHtml(e.at)}">${escapeHtml(chinaDateTime(new Date(e.at)))}</time></th>${cells.join("")}</tr>`;
}

// ── 代为申请 (pages) ────────────────────────────────────────────────────────────────────────────

/** /staff/apply/ filled: the items of the agent's centre; anyone else gets the refusal (403). */
async function showAgentItems(c: C): Promise<Response> {
	const staff = me(c);
	const [page, items] = await Promise.all([shell(c, "/staff/apply/"), applyItems(c.env.ASSETS)]);
	const r = new HTMLRewriter();
	withStaffBar(r, staff, placeNames(items));
	if (staff.role !== "agent") {
		showing(r, ["agent-apply-forbidden"]);
		r.on("#agent-apply-body", { element: (el) => void el.remove() });
		return privateHtml(r.transform(page).body, 403);
	}
	const centre = staff.centre ?? "";
	r.on("li[data-centres]", {
		element(el) {
			if ((el.getAttribute("data-centres") ?? "").split(" ").includes(centre)) el.removeAttribute("data-centres");
			else el.remove();
		},
	});
	if (![...items.values()].some((i) => i.agentAllowed && i.centres.some((x) => x.slug === centre))) {
		showing(r, ["agent-apply-none"]);
		r.on("#agent-apply-items", { element: (el) => void el.remove() });
	}
	return privateHtml(r.transform(page).body, 200);
}

interface AgentFormState {
	/** Errors with the page's field names (input names). */
	errors?: ShownError[];
	/** What goes back into the form: as sent, or the GET's preselection and key. */
	values?: [string, string][];
	/** A case just made (or found again by its key): shown in the form's place. */
	receipt?: Extract<Awaited<ReturnType<typeof applyForVillager>>, { ok: true }>;
}

/**
 * /staff/apply/<code>/ filled. An item without an agent's form is the 404 page; anyone but an agent gets
 * the refusal (403), an agent whose centre does not offer the item a notice (404); otherwise the receipt
 * or the form (errors, values, the agent's place).
 */
async function showAgentForm(c: C, code: string, status: number, s: AgentFormState): Promise<Response> {
	const staff = me(c);
	const items = await applyItems(c.env.ASSETS);
	const item = items.get(code);
	const page = item?.agentAllowed ? await builtPage(c.env.ASSETS, new URL(c.req.url).origin, `/staff/apply/${item.code}/`) : undefined;
	if (!item || !page) return notFoundPage(c);
	const r = new HTMLRewriter();
	withStaffBar(r, staff, placeNames(items));
	const removeForm = () => r.on("#agent-apply", { element: (el) => void el.remove() });
	if (staff.role !== "agent" || !item.centres.some((x) => x.slug === staff.centre)) {
		const forbidden = staff.role !== "agent";
		showing(r, [forbidden ? "agent-apply-forbidden" : "agent-apply-elsewhere"]);
		removeForm();
		return privateHtml(r.transform(page).body, forbidden ? 403 : 404);
	}
	const receipt = s.receipt;
	if (receipt) {
		removeForm();
		showing(r, ["agent-receipt"]);
		const title = `${t("staff.apply.receipt.title", { name: item.name })} - ${t("staff.title")} - ${t("site.name")}`;
		r.on("title", { element: (el) => void el.setInnerContent(title) });
		withTexts(r, {
			"agent-receipt-tracking-no": receipt.trackingNo,
			"agent-receipt-query-code": receipt.queryCode,
			"agent-receipt-applicant": receipt.applicantName,
			"agent-receipt-centre": receipt.centre.name,
			"agent-receipt-submitted-at": chinaDateTime(new Date(receipt.submittedAt)),
			"agent-receipt-agent": staff.name,
			"agent-receipt-mandate": mandateText(receipt.mandate),
		});
		r.on("#agent-receipt-case", { element: (el) => void el.setAttribute("href", `/staff/cases/${receipt.trackingNo}/`) });
		return privateHtml(r.transform(page).body, status);
	}
	const errors = s.errors ?? [];
	focusedSummary(withFormErrors(r, errors, s.values ?? []), errors.length > 0);
	return privateHtml(r.transform(page).body, status);
}

const mandateText = (m: Mandate) => t("staff.apply.receipt.mandate.text", { basis: m.basis, signedOn: m.signedOn });

/**
 * The 委托 fields of a form (mandate.basis …) as the API's mandate object. A repeated field becomes a
 * list, so the check reports it instead of one value silently winning.
 */
function mandateFromForm(entries: [string, string][]): Record<string, unknown> {
	const mandate = Object.create(null) as Record<string, unknown>;
	for (const [k, v] of entries) {
		if (!k.startsWith("mandate.")) continue;
		const key = k.slice("mandate.".length);
		const before = mandate[key];
		mandate[key] = before === undefined ? v : [before, v].flat();
	}
	return mandate;
}

/** An error of applyForVillager on the page: the API's field path as the form's input name, when the form has that input. */
function pageErrorOf(e: ApiError): ShownError {
	const field = e.field?.startsWith("application.") ? e.field.slice("application.".length) : e.field;
	const onPage =
		field !== undefined &&
		field !== "item" &&
		(!field.startsWith("mandate") || (MANDATE_KEYS as readonly string[]).includes(field.slice("mandate.".length)));
	return onPage ? { field, message: e.message } : { message: e.message };
}

// ── shared ──────────────────────────────────────────────────────────────────────────────────────

const lookup = (key: string): string | undefined => (strings as Record<string, string>)[key];
const kindLabel = (kind: string) => lookup(`staff.kind.${kind}`) ?? kind;

interface PlaceNames {
	centres: Map<string, string>;
	/** By `centre/station`. */
	stations: Map<string, string>;
}

/** Centre and village names from the built forms data (every centre offering an online item). */
function placeNames(items: Map<string, ApplyItem>): PlaceNames {
	const names: PlaceNames = { centres: new Map(), stations: new Map() };
	for (const item of items.values())
		for (const centre of item.centres) {
			names.centres.set(centre.slug, centre.name);
			for (const s of centre.stations) names.stations.set(`${centre.slug}/${s.slug}`, s.name);
		}
	return names;
}

/** Who is signed in: name, role in Chinese, centre and window or station (window names from the shell's data-windows). */
function withStaffBar(r: HTMLRewriter, staff: Staff, names: PlaceNames) {
	r.on("#staff-me", {
		element(el) {
			let windows: Record<string, string> = {};
			try {
				windows = JSON.parse(unescapeAttribute(el.getAttribute("data-windows") ?? "{}")) as Record<string, string>;
			} catch {
				// The build wrote it; a broken one only costs the window's name.
			}
			el.removeAttribute("data-windows");
			const centre = staff.centre ? (names.centres.get(staff.centre) ?? staff.centre) : t("staff.place.city");
			const place = [centre];
			if (staff.window && staff.post)
				place.push(t("staff.place.window", { window: windows[staff.window] ?? staff.window, post: staff.post }));
			if (staff.station && staff.centre) place.push(names.stations.get(`${staff.centre}/${staff.station}`) ?? staff.station);
			const text = `${escapeHtml(t("staff.bar.signedIn"))}<strong>${escapeHtml(staff.name)}</strong>（${escapeHtml(
				t(`staff.role.${staff.role}`),
			)}，${escapeHtml(place.join(" · "))}）`;
			el.setInnerContent(text, { html: true });
		},
	});
	if (staff.role === "agent") showing(r, ["staff-bar-apply"]);
}

/** An attribute's value as written in the HTML (HTMLRewriter hands it over with its character references). */
function unescapeAttribute(value: string): string {
	return value.replace(/&(?:quot|amp|lt|gt|#(\d+)|#x([\da-f]+));/gi, (ref, dec?: string, hex?: string) => {
		if (dec) return String.fromCodePoint(Number(dec));
		if (hex) return String.fromCodePoint(parseInt(hex, 16));
		return { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">" }[ref.toLowerCase()] ?? ref;
	});
}

function unitOf(items: Map<string, ApplyItem>, code: string): string {
	return items.get(code)?.promisedDeadline?.unit ?? "工作日";
}

/** 办结期限: the colour's word (never the colour alone), the date, and the days left or over. */
function dueHtml(clock: CaseClock | null, unit: string): string {
	if (!clock) return escapeHtml(t("staff.clock.none"));
	const word = t(DUE_WORDS[clock.colour]);
	const left =
		clock.remaining > 0
			? t("staff.clock.remaining", { n: clock.remaining, unit })
			: clock.remaining === 0
				? t("staff.clock.today")
				: t("staff.clock.overdue", { n: -clock.remaining, unit });
	return `<span class="app-staff-word app-staff-word--${clock.colour}">${escapeHtml(word)}</span> ${escapeHtml(clock.dueOn)}，${escapeHtml(left)}`;
}

async function shell(c: C, path: string): Promise<Response> {
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, path);
	if (!page) throw new Error(`the build has no ${path} page`);
	return page;
}

/** The site's 404 page: a case that does not exist and one outside the caller's scope look the same. */
async function notFoundPage(c: C): Promise<Response> {
	const res = await c.env.ASSETS.fetch(new Request(new URL("/404.html", c.req.url)));
	return privateHtml(res.body, 404);
}

/** A plain form's fields, or the status to refuse the body with (not a form or unreadable: 400; too large: 413). */
async function formEntries(c: C): Promise<[string, string][] | 400 | 413> {
	try {
		const body = await readBody(c.req.raw);
		return body.kind === "form" ? body.entries : 400;
	} catch (err) {
		if (err instanceof BodyRejected) return err.reason === "too_large" ? 413 : 400;
		throw err;
	}
}
