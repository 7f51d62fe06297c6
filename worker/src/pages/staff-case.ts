import { inputId } from "../../../core/application";
import { chinaDateTime } from "../../../core/calendar";
import { ACTIONS, type Action, EVENT_OF, FINAL_STATUSES } from "../../../core/case";
import { maskIdCard } from "../../../core/idcard";
import type { Form } from "../../../core/form";
import type { ItemFacts } from "../../../core/online-item";
import { onlineItem } from "../lib/item-data";
import { CorrectionRequestSchema, type Staff, decide } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import type { StaffCase } from "../db/cases";
import type { ApiError } from "../lib/errors";
import { type ShownError, escapeHtml, fillForm, privateHtml, showing, withTexts } from "../lib/pages";
import type { Deps } from "../services/deps";
import { staffRatings } from "../services/ratings";
import { type CaseDetail, caseDetail } from "../services/staff-cases";
import { RATING_FORMS, withRatings } from "./staff-rating";
import { type C, type PlaceNames, dueHtml, kindLabel, lookup, me, placeNames, shell, withStaffBar } from "./staff-common";

/** The case page for staff: summary and clock, applicant, answers, timeline, and a form per allowed change. */

export type FormAction = Exclude<Action, "answer_correction">;

/** The timeline kinds `?done=` may name after a redirect: what an action or the paper forwarding records. */
export const DONE_KINDS = new Set<string>([
	...Object.values(EVENT_OF),
	"paper_forwarded",
	"rated",
	"rating_contact",
	"rating_replied",
	"overdue_reason",
]);

/** Forms of the case page besides the actions: 好差评's, and the head's correction of the 超期原因. */
const OTHER_FORMS: Record<string, string[]> = { ...RATING_FORMS, overdue: ["reason"] };

/** The input names of each action's form (besides action and version). */
const FIELDS: Record<FormAction, string[]> = {
	accept: [],
	start: [],
	request_correction: ["material", "otherItems", "reason", "respondWithinDays"],
	refuse: ["reason"],
	withdraw: ["reason"],
	extend: ["reason"],
	suspend: ["procedure", "expectedBy", "reason"],
	resume: [],
	complete: ["outcome", "result", "delivery", "overdueReason"],
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
	procedure: t("staff.field.procedure"),
	expectedBy: t("staff.field.expectedBy"),
	overdueReason: t("staff.what.overdueReason"),
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

/**
 * The actions this staff member may take on the case now: the state machine, the role, the law (视为受理),
 * 补正 only once, 延长 only once and only where the item's rule has one.
 */
function allowedActions(staff: Staff, found: StaffCase, deemed: boolean, item: ItemFacts | undefined): FormAction[] {
	return ACTIONS.filter(
		(a): a is FormAction =>
			a !== "answer_correction" &&
			decide(staff, found.status, a, deemed).ok &&
			!(a === "request_correction" && found.noticeSentAt !== null) &&
			!(a === "extend" && (!item?.extension || found.extension !== null)) &&
			!(a === "suspend" && !item?.suspension?.length),
	);
}

export async function showCase(c: C, deps: Deps, found: StaffCase, status: number, s: CaseState): Promise<Response> {
	const staff = me(c);
	const [detail, page, ratings, online, names] = await Promise.all([
		caseDetail(deps, found),
		shell(c, "/staff/case/"),
		staffRatings(deps, found),
		onlineItem(deps.assets, found.item),
		placeNames(deps, [staff.centre, found.centre]),
	]);
	const item = deps.data.items.get(found.item);
	const allowed = allowedActions(staff, found, detail.deemedAccepted, item);
	const failed = s.failed && (allowed as string[]).includes(s.failed.action) ? (s.failed.action as FormAction) : undefined;
	// A 好差评 form (rating, 回访, 整改) that came back: its fields are its own.
	const ratingForm = s.failed && Object.hasOwn(OTHER_FORMS, s.failed.action) ? s.failed.action : undefined;
	const materials = item?.materials ?? [];
	const shown = (e: ApiError): ShownError =>
		ratingForm && e.field && OTHER_FORMS[ratingForm].includes(e.field)
			? { message: e.message, field: e.field }
			: shownError(e, failed, materials.length > 0);
	const all: ShownError[] = [...(s.errors ?? []), ...(s.apiErrors ?? []).map(shown)];
	const errors = all.filter((e, i) => all.findIndex((x) => x.message === e.message && x.field === e.field) === i);

	const r = new HTMLRewriter();
	// The title first: the filler puts 错误： before it.
	const title = `${found.trackingNo} ${t("staff.case.title")} - ${t("staff.title")} - ${t("site.name")}`;
	r.on("title", { element: (el) => void el.setInnerContent(title) });
	// Only the failed form gets back what was typed (the forms share input names), and only its own fields.
	const fields = failed ? FIELDS[failed] : ratingForm ? OTHER_FORMS[ratingForm] : [];
	const values = s.failed ? s.failed.entries.filter(([k]) => fields.includes(k)) : [];
	const choices = {
		[inputId("material", "request_correction")]: materials.map((name) => ({ value: name, text: name })),
		[inputId("procedure", "suspend")]: (item?.suspension ?? []).map((p) => ({ value: p.name, text: `${p.name}（${p.basis}）` })),
	};
	fillForm(r, { errors, values, scope: failed ?? ratingForm, choices });
	if (materials.length === 0) r.on('[data-field="f-material-request_correction"]', { element: (el) => void el.remove() });
	withStaffBar(r, staff, names);
	if (s.notice) {
		withTexts(r, { "case-notice": s.notice });
		showing(r, ["case-notice"]);
	}
	withFacts(r, found, detail, { item, form: online?.form, names }, s.revealed);
	withActions(r, staff, found, detail, allowed);
	withRatings(r, staff, ratings);
	return privateHtml(r.transform(page).body, status);
}

/** Summary and clock, notices, applicant (the ID number masked unless just revealed), answers, timeline. */
function withFacts(
	r: HTMLRewriter,
	found: StaffCase,
	detail: CaseDetail,
	known: { item: ItemFacts | undefined; form: Form | undefined; names: PlaceNames },
	revealed: string | undefined,
) {
	const { item, form, names } = known;
	withTexts(r, {
		"case-tracking-no": found.trackingNo,
		"case-item": detail.item.name,
		"case-status": detail.statusLabel,
		"case-centre": names.centres.get(found.centre) ?? found.centre,
		"case-station": names.stations.get(`${found.centre}/${found.station}`) ?? found.station,
		"case-submitted": chinaDateTime(new Date(detail.submittedAt)),
		"case-accepted": detail.acceptedOn ?? t("staff.case.notAccepted"),
		"case-first-handler": detail.firstHandler?.name ?? t("staff.none"),
	});
	const due = dueHtml(detail.clock);
	r.on("#case-due", { element: (el) => void el.setInnerContent(due, { html: true }) });
	const notices: string[] = [];
	if (detail.clock?.paused) notices.push("case-paused");
	if (detail.clock?.provisional) notices.push("case-provisional");
	if (detail.deemedAccepted) {
		notices.push("case-deemed");
		const rule = item?.acceptance;
		const words = {
			received: detail.clockStartsOn ?? "",
			days: rule?.within.days ?? 0,
			unit: rule?.within.unit ?? "",
			basis: rule?.basis ?? "",
		};
		const accept = found.status === "submitted" ? t("staff.case.deemed.accept") : "";
		withTexts(r, { "case-deemed": t("staff.case.deemed", words) + accept });
	}
	if (found.erasedAt) notices.push("case-erased");
	if (found.overdueReason !== null) {
		notices.push("case-overdue");
		withTexts(r, { "case-overdue-reason": found.overdueReason });
	}
	if (found.paperForwardedAt) {
		notices.push("case-paper");
		withTexts(r, { "case-paper": t("staff.case.paper", { at: chinaDateTime(new Date(found.paperForwardedAt)) }) });
	}
	showing(r, notices);

	withTexts(r, {
		"case-applicant-name": detail.applicant.name || t("staff.none"),
		"case-applicant-phone": detail.applicant.phone || t("staff.none"),
		"case-applicant-id": revealed ?? (detail.applicant.idNumber || t("staff.none")),
	});
	if (!revealed && detail.applicant.idNumber) showing(r, ["case-reveal"]);

	// Answers, with the form's labels; ID numbers among them masked like the applicant's.
	const answers = answersHtml(detail, form);
	if (answers) r.on("#case-answers", { element: (el) => void el.setInnerContent(answers, { html: true }) });
	else {
		r.on("#case-answers", { element: (el) => void el.remove() });
		showing(r, ["case-answers-empty"]);
	}
	const timeline = detail.timeline.map(timelineRowHtml).join("");
	r.on("#case-timeline", { element: (el) => void el.setInnerContent(timeline, { html: true }) });
}

/** Only the allowed actions' forms, each pointed at this case with the version shown. */
function withActions(r: HTMLRewriter, staff: Staff, found: StaffCase, detail: CaseDetail, allowed: FormAction[]) {
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
	// The published 超期原因 is the head's to correct (the admin's too).
	if (found.overdueReason !== null && (staff.role === "head" || staff.role === "admin")) {
		showing(r, ["case-overdue-edit"]);
		r.on("input[data-overdue-version]", { element: (el) => void el.setAttribute("value", String(detail.version)) });
	}
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
}

/**
 * An API error on the page: on the field of the failed form it names, if the form shows that field (the
 * 补正's items are the material boxes, or 其他材料 where the item lists none), else in the summary only.
 */
function shownError(e: ApiError, action: FormAction | undefined, hasMaterials: boolean): ShownError {
	const field = e.field ?? "";
	if (!action || !field) return { message: e.message };
	if (action === "request_correction" && /^items(\.\d+\.name)?$/.test(field))
		return { message: e.message, field: hasMaterials ? "material" : "otherItems" };
	if (action === "request_correction" && /^items\.\d+\.reason$/.test(field)) return { message: e.message, field: "reason" };
	if (!FIELDS[action].includes(field)) return { message: e.message };
	const label = action === "request_correction" || field !== "reason" ? LABELS[field] : REASON_LABELS[action];
	// The schema's generic message names the input; the page names the field as the form shows it.
	return { message: label ? e.message.replace(`「${field}」`, `「${label}」`) : e.message, field };
}

const REASON_LABELS: Partial<Record<FormAction, string>> = {
	refuse: t("staff.field.refuseReason"),
	withdraw: t("staff.field.withdrawReason"),
	extend: t("staff.field.extendReason"),
	suspend: t("staff.field.suspendReason"),
};

function answersHtml(detail: CaseDetail, form: Form | undefined): string {
	const types = new Map((form?.fields ?? []).map((f) => [f.name, f.type]));
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
