import { addDays, chinaDateTime } from "../../../core/calendar";
import { t } from "../../../core/zh-CN";
import { type ShownError, escapeHtml, fillForm, privateHtml, showing, withTexts } from "../lib/pages";
import { type ComplaintSummary, complaintList } from "../services/complaints";
import type { Deps } from "../services/deps";
import { type C, DUE_WORDS, type PlaceNames, me, placeNames, shell, windowNames, withStaffBar } from "./staff-common";

/**
 * 投诉建议 in the back office, the list (/staff/complaints/): the counts — 待处理, 逾期 (escalated to the
 * city), 已答复 — and every complaint in the caller's scope. The words shared with the complaint's page live here.
 */

export const when = (iso: string) => chinaDateTime(new Date(iso));

/** What a complaint names: centre, then station and window where it names them. */
export function aboutText(s: ComplaintSummary, names: PlaceNames, windows: Record<string, string>): string {
	const parts = [names.centres.get(s.centre) ?? s.centre];
	if (s.station) parts.push(names.stations.get(`${s.centre}/${s.station}`) ?? s.station);
	if (s.window) parts.push(windows[s.window] ?? s.window);
	return parts.join(" · ");
}

/** The answer date with its word (never the colour alone): 已答复, 逾期, 临近 (due today or tomorrow), 正常. */
export function answerByHtml(s: ComplaintSummary, today: string): string {
	const [colour, word] =
		s.status === "replied"
			? ["green", t("staff.complaints.word.replied")]
			: s.clock.late
				? ["red", t("staff.complaints.word.late")]
				: s.clock.answerBy <= addDays(today, 1)
					? ["yellow", t(DUE_WORDS.yellow)]
					: ["green", t(DUE_WORDS.green)];
	return `<span class="app-staff-word app-staff-word--${colour}">${escapeHtml(word)}</span> ${escapeHtml(s.clock.answerBy)}`;
}

/** 超期天数 in the rule's unit (工作日, or 自然日 for a 信访). */
export const overdueText = (s: ComplaintSummary) =>
	s.clock.overdueDays > 0 ? t("staff.complaints.overdue", { n: s.clock.overdueDays, unit: s.clock.unit }) : "0";

/** /staff/complaints/ filled for the signed-in staff member; `errors` from a refused request. */
export async function showComplaints(c: C, deps: Deps, status: number, errors: ShownError[] = []): Promise<Response> {
	const staff = me(c);
	const [list, page] = await Promise.all([complaintList(deps, staff), shell(c, "/staff/complaints/")]);
	const names = await placeNames(deps, [staff.centre, ...list.complaints.map((s) => s.centre)]);
	const r = fillForm(new HTMLRewriter(), { errors });
	withStaffBar(r, staff, names);
	withTexts(r, {
		"complaints-open": String(list.counts.open),
		"complaints-late": String(list.counts.late),
		"complaints-replied": String(list.counts.replied),
	});
	if (list.complaints.length === 0) {
		showing(r, ["complaints-empty"]);
		r.on("#complaints-table", { element: (el) => void el.setAttribute("hidden", "") });
	}
	r.on("#complaints-rows", {
		element(el) {
			const windows = windowNames(el.getAttribute("data-windows"));
			el.removeAttribute("data-windows");
			el.setInnerContent(list.complaints.map((s) => rowHtml(s, deps.today, names, windows)).join(""), { html: true });
		},
	});
	return privateHtml(r.transform(page).body, status);
}

function rowHtml(s: ComplaintSummary, today: string, names: PlaceNames, windows: Record<string, string>): string {
	const no = escapeHtml(s.trackingNo);
	const cells = [
		escapeHtml(s.type),
		escapeHtml(s.title),
		escapeHtml(aboutText(s, names, windows)),
		escapeHtml(s.handler?.name ?? t("staff.complaints.noHandler")),
		answerByHtml(s, today),
		escapeHtml(overdueText(s)),
	];
	const late = s.status !== "replied" && s.clock.late ? ' data-late="true"' : "";
	return `<tr${late}><th scope="row"><a href="/staff/complaints/${no}/">${no}</a></th>${cells.map((x) => `<td>${x}</td>`).join("")}</tr>`;
}
