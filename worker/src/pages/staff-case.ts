import { chinaDateTime } from "../../../core/calendar";
import { ACTIONS, type Action, FINAL_STATUSES, nextStatus } from "../../../core/case";
import { maskIdCard } from "../../../core/idcard";
import type { OnlineItem } from "../../../core/online-item";
import { CorrectionRequestSchema, type Staff, mayAct } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import type { StaffCase } from "../db/cases";
import type { ApiError } from "../lib/errors";
import { escapeHtml, privateHtml, showing, withTexts } from "../lib/pages";
import type { Deps } from "../services/deps";
import { type CaseDetail, caseDetail } from "../services/staff-cases";
import { type C, dueHtml, focusedSummary, kindLabel, lookup, me, placeNames, shell, unitOf, withStaffBar } from "./staff-common";

/** The case page for staff: summary and clock, applicant, answers, timeline, and a form per allowed change. */

export type FormAction = Exclude<Action, "answer_correction">;

/** The timeline kind each action records: `?done=` after the redirect names it. */
export const DONE_OF: Record<FormAction, string> = {
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
export const DONE_KINDS = new Set([...Object.values(DONE_OF), "paper_forwarded"]);

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

export interface CaseState {
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

export async function showCase(c: C, deps: Deps, found: StaffCase, status: number, s: CaseState): Promise<Response> {
	const staff = me(c);
	const items = deps.data.items;
	const [detail, page] = await Promise.all([caseDetail(deps, found), shell(c, "/staff/case/")]);
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

/** The case page's summary: every message, linked to its control when it has one. */
function summaryList(r: HTMLRewriter, shown: ShownTarget[]): HTMLRewriter {
	const items = shown
		.map((e) =>
			e.target ? `<li><a href="#${escapeHtml(e.target)}">${escapeHtml(e.message)}</a></li>` : `<li>${escapeHtml(e.message)}</li>`,
		)
		.join("");
	return r.on("#error-summary-list", { element: (el) => void el.setInnerContent(items, { html: true }) });
}

function answersHtml(detail: CaseDetail, item: OnlineItem | undefined): string {
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

/**
 * Every problem at once: a 补正 with nothing listed has no item to carry the reason, so the schema never
 * saw it. Its own rule is asked about the reason too.
 */
export function withReasonChecked(errors: ApiError[], action: string, entries: [string, string][]): ApiError[] {
	if (action !== "request_correction" || !errors.some((e) => e.field === "items")) return errors;
	const reason = CorrectionRequestSchema.shape.items.element.shape.reason.safeParse(entries.find(([k]) => k === "reason")?.[1] ?? "");
	return reason.success ? errors : [...errors, { code: "invalid", field: "items.0.reason", message: reason.error.issues[0].message }];
}
