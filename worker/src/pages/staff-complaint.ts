import { inputId } from "../../../core/application";
import type { Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import type { StoredComplaint } from "../db/complaints";
import type { ApiError } from "../lib/errors";
import { guides } from "../lib/guides";
import { type ShownError, escapeHtml, fillForm, privateHtml, showing, withTexts } from "../lib/pages";
import { type ComplaintAction, type ComplaintDetail, allowedComplaintActions, complaintDetail, mayHandle } from "../services/complaints";
import type { Deps } from "../services/deps";
import { type C, type PlaceNames, lookup, me, placeNames, shell, windowNames, withStaffBar } from "./staff-common";
import { answerByHtml, overdueText, when } from "./staff-complaints";

/**
 * One complaint for staff (/staff/complaints/<编号>/): summary and owner (首问负责), the person's words,
 * the clock, the answer, the timeline, and one plain form per action the caller may take now.
 */

type ActionName = ComplaintAction["action"];

/** The input names of each action's form (besides action and version). */
export const COMPLAINT_FORMS: Record<ActionName, string[]> = {
	acknowledge: ["note"],
	extend: ["reason"],
	reply: ["verdict", "reply"],
	handover: ["to"],
};

export const isActionName = (a: string): a is ActionName => Object.hasOwn(COMPLAINT_FORMS, a);

export interface ComplaintState {
	notice?: string;
	/** Errors of an action, with the API's field names. */
	apiErrors?: ApiError[];
	/** The form that came back with errors, and what was typed into it. */
	failed?: { action: string; entries: [string, string][] };
}

export async function showComplaint(c: C, deps: Deps, found: StoredComplaint, status: number, s: ComplaintState): Promise<Response> {
	const staff = me(c);
	const [detail, page, guideList] = await Promise.all([complaintDetail(deps, found), shell(c, "/staff/complaint/"), guides(c.env.ASSETS)]);
	const allowed = allowedComplaintActions(staff, found);
	const failed = s.failed && isActionName(s.failed.action) && allowed.includes(s.failed.action) ? s.failed.action : undefined;
	// An error lands on its field only when the failed form is on the page and has that field.
	const shown = (e: ApiError): ShownError =>
		failed && e.field && COMPLAINT_FORMS[failed].includes(e.field) ? { field: e.field, message: e.message } : { message: e.message };
	const values = failed ? s.failed!.entries.filter(([k]) => COMPLAINT_FORMS[failed].includes(k)) : [];
	const choices = {
		[inputId("to", "handover")]: detail.staff
			.filter((x) => x.id !== detail.handler?.id)
			.map((x) => ({ value: String(x.id), text: `${x.name}（${lookup(`staff.role.${x.role}`) ?? x.role}）` })),
	};

	const r = new HTMLRewriter();
	// The title first: the filler puts 错误： before it.
	const title = `${found.trackingNo} ${t("staff.complaint.title")} - ${t("staff.title")} - ${t("site.name")}`;
	r.on("title", { element: (el) => void el.setInnerContent(title) });
	fillForm(r, { errors: (s.apiErrors ?? []).map(shown), values, scope: failed, choices });
	const names = await placeNames(deps, [staff.centre, detail.centre]);
	withStaffBar(r, staff, names);
	if (s.notice) {
		withTexts(r, { "complaint-notice": s.notice });
		showing(r, ["complaint-notice"]);
	}
	withFacts(r, detail, names, guideList.get(detail.item ?? "")?.name);
	withClock(r, detail, deps.today);
	withTimeline(r, detail);
	withActions(r, staff, found, detail, allowed);
	return privateHtml(r.transform(page).body, status);
}

/** Summary, the person and their words (the phone as complaintDetail gives it), and the answer. */
function withFacts(r: HTMLRewriter, d: ComplaintDetail, names: PlaceNames, itemName: string | undefined) {
	const none = t("staff.none");
	// Window names come from the shell (data-windows on the facts, which open before the window's line).
	let windows: Record<string, string> = {};
	r.on("#complaint-facts", {
		element(el) {
			windows = windowNames(el.getAttribute("data-windows"));
			el.removeAttribute("data-windows");
		},
	});
	r.on("#complaint-window", { element: (el) => void el.setInnerContent(d.window ? (windows[d.window] ?? d.window) : none) });
	withTexts(r, {
		"complaint-tracking-no": d.trackingNo,
		"complaint-type": d.type,
		"complaint-subject": d.title,
		"complaint-status": t(`complaint.status.${d.status}`),
		"complaint-petition": t(d.asPetition ? "staff.yes" : "staff.no"),
		"complaint-centre": names.centres.get(d.centre) ?? d.centre,
		"complaint-station": d.station ? (names.stations.get(`${d.centre}/${d.station}`) ?? d.station) : none,
		"complaint-item": d.item ? (itemName ?? d.item) : none,
		"complaint-about": d.aboutTrackingNo ?? none,
		"complaint-source": d.source,
		"complaint-created": when(d.createdAt),
		"complaint-handler": d.handler
			? t("staff.complaint.handledAt", { name: d.handler.name, at: when(d.handledAt!) })
			: t("staff.complaints.noHandler"),
		"complaint-content": d.content,
		"complaint-name": d.name ?? none,
		"complaint-phone": d.phone ? `${d.phone}${d.replyByPhone ? `（${t("staff.complaint.replyByPhone")}）` : ""}` : none,
	});
	if (d.phone && !d.replyByPhone && !d.asPetition) showing(r, ["complaint-phone-masked"]);
	if (d.status === "replied") {
		showing(r, ["complaint-answer"]);
		withTexts(r, {
			"complaint-verdict": d.verdict ?? "",
			"complaint-reply": d.reply ?? "",
			"complaint-replied-at": d.repliedAt ? when(d.repliedAt) : "",
			"complaint-reply-rating": d.replyRating ?? t("staff.complaint.replyRating.none"),
		});
	}
}

/** 确认期限, 答复期限 (with its word), 延期, 超期天数, the rule's basis; the 督办 notice when late. */
function withClock(r: HTMLRewriter, d: ComplaintDetail, today: string) {
	const k = d.clock;
	withTexts(r, {
		"complaint-acknowledge-by": k.acknowledgeBy + (k.acknowledgeLate ? t("staff.complaint.acknowledgeLate") : ""),
		"complaint-extension": d.extendedAt
			? t("staff.complaint.extension.done", { at: when(d.extendedAt), reason: d.extensionReason ?? "" })
			: t("staff.complaint.extension.none"),
		"complaint-overdue": overdueText(d),
		"complaint-basis": k.basis,
	});
	const due = answerByHtml(d, today);
	r.on("#complaint-answer-by", { element: (el) => void el.setInnerContent(due, { html: true }) });
	if (d.escalated && d.status !== "replied") showing(r, ["complaint-escalated"]);
}

function withTimeline(r: HTMLRewriter, d: ComplaintDetail) {
	const html = d.timeline
		.map((e) => {
			const who = e.staff ?? lookup(`staff.complaint.actor.${e.actor}`) ?? lookup(`staff.actor.${e.actor}`) ?? e.actor;
			const cells = [lookup(`staff.complaint.kind.${e.kind}`) ?? e.kind, who, e.note ?? ""].map((x) => `<td>${escapeHtml(x)}</td>`);
			return `<tr><th scope="row"><time datetime="${escapeHtml(e.at)}">${escapeHtml(when(e.at))}</time></th>${cells.join("")}</tr>`;
		})
		.join("");
	r.on("#complaint-timeline", { element: (el) => void el.setInnerContent(html, { html: true }) });
}

/** Only the allowed forms, pointed at this complaint with the version shown; else why there are none. */
function withActions(r: HTMLRewriter, staff: Staff, found: StoredComplaint, d: ComplaintDetail, allowed: ActionName[]) {
	showing(
		r,
		allowed.map((a) => `complaint-action-${a}`),
	);
	if (allowed.length === 0) {
		const why =
			staff.role === "agent"
				? t("staff.complaint.actions.agent")
				: !mayHandle(staff, found) && d.handler
					? t("staff.complaint.actions.notOwner", { name: d.handler.name })
					: t("staff.complaint.actions.none", { status: t(`complaint.status.${d.status}`) });
		withTexts(r, { "complaint-actions-none": why });
		showing(r, ["complaint-actions-none"]);
	}
	const action = `/staff/complaints/${found.trackingNo}/actions/`;
	r.on("form[data-complaint-form]", {
		element(el) {
			el.setAttribute("action", action);
			el.removeAttribute("data-complaint-form");
		},
	});
	r.on("input[data-version]", {
		element(el) {
			el.setAttribute("value", String(d.version));
			el.removeAttribute("data-version");
		},
	});
}
