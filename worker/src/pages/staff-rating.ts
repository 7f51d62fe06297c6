import { chinaDateTime } from "../../../core/calendar";
import type { Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import { escapeHtml, showing } from "../lib/pages";
import type { StaffRatings } from "../services/ratings";

/**
 * The case page's 好差评 part: the ratings with their follow-up, the form to type in the applicant's
 * rating (at the window, or from a station's paper card), and the follow-up's two steps.
 */

/** The input names of each rating form on the case page, as `failed.action` names them. */
export const RATING_FORMS: Record<string, string[]> = {
	rate: ["level", "problems", "text", "anonymous"],
	contact: ["note"],
	resolve: ["finding", "fixNote", "reply"],
};

const when = (iso: string) => chinaDateTime(new Date(iso));

export function withRatings(r: HTMLRewriter, staff: Staff, view: StaffRatings) {
	const shown = ["case-rating"];
	if (view.ratings.length === 0) shown.push("case-rating-none");
	if (view.next !== null) shown.push("rating-entry");
	const open = view.ratings.map((x) => x.followUp).find((f) => f && !f.resolvedAt);
	if (open && staff.role !== "agent") shown.push(open.state.step === "contact" ? "followup-contact" : "followup-resolve");
	showing(r, shown);
	if (staff.role === "agent") r.on("#rating-entry-hint", { element: (el) => void el.setInnerContent(t("staff.rating.entry.paper")) });
	// 申诉 is the head's decision: nobody else is offered it.
	if (staff.role !== "head") r.on('#f-finding-resolve-3, label[for="f-finding-resolve-3"]', { element: (el) => void el.remove() });
	if (open)
		r.on("input[data-followup-version]", {
			element(el) {
				el.setAttribute("value", String(open.version));
				el.removeAttribute("data-followup-version");
			},
		});
	const html = view.ratings.map(ratingHtml).join("");
	r.on("#case-ratings", { element: (el) => void el.setInnerContent(html, { html: true }) });
}

function ratingHtml(x: StaffRatings["ratings"][number]): string {
	const rows: [string, string][] = [
		[t("staff.rating.level"), x.level],
		[t("staff.rating.at"), when(x.createdAt)],
		[
			t("staff.rating.channel"),
			t(`staff.rating.channel.${x.channel}`) + (x.enteredBy ? t("staff.rating.enteredBy", { name: x.enteredBy.name }) : ""),
		],
	];
	if (x.problems.length) rows.push([t("staff.rating.problems"), x.problems.join("、")]);
	if (x.text) rows.push([t("rating.label.text"), x.text]);
	if (x.anonymous) rows.push([t("staff.rating.anonymous"), t("staff.rating.anonymous.yes")]);
	const f = x.followUp;
	if (f) {
		rows.push([t("staff.followUp.state"), followUpWords(f)]);
		if (f.contactedAt) rows.push([t("followUp.label.note"), `${when(f.contactedAt)} ${f.contactedBy ?? ""}：${f.contactNote}`]);
		if (f.resolvedAt)
			rows.push(
				[t("followUp.label.finding"), `${f.finding ?? ""}（${when(f.resolvedAt)} ${f.resolvedBy ?? ""}）`],
				[t("followUp.label.fixNote"), f.fixNote ?? ""],
				[t("followUp.label.reply"), f.reply ?? ""],
			);
	}
	const title = t(x.assessNumber === 1 ? "staff.rating.first" : "staff.rating.second");
	const cells = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("");
	return `<h3>${escapeHtml(title)}</h3><dl class="app-facts">${cells}</dl>`;
}

/** Where the follow-up stands, with its colour word: what is due by when, or that it is done. */
function followUpWords(f: NonNullable<StaffRatings["ratings"][number]["followUp"]>): string {
	const s = f.state;
	if (s.step === "done") return t("staff.followUp.done");
	const due = t(s.step === "contact" ? "staff.followUp.dueContact" : "staff.followUp.dueFix", { at: when(s.dueBy) });
	return `${t(`staff.followUp.colour.${s.colour}`)}：${due}${s.pastCap ? t("staff.followUp.pastCap", { at: when(f.capBy) }) : ""}`;
}
