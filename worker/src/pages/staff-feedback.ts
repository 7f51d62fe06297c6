import { FEEDBACK_REASONS, reasonLabel } from "../../../core/page-feedback";
import { chinaDateTime } from "../../../core/calendar";
import { t } from "../../../core/zh-CN";
import { escapeHtml, privateHtml, showing, withTexts } from "../lib/pages";
import type { Deps } from "../services/deps";
import type { FeedbackReport, ItemFeedback } from "../services/page-feedback";
import { type C, me, placeNames, shell, withStaffBar } from "./staff-common";

/** /staff/feedback/ filled: the scope, a summary row per item (flag included), then each item's weeks and texts. */
export async function showFeedback(c: C, deps: Deps, report: FeedbackReport | undefined, windowName?: string): Promise<Response> {
	const page = await shell(c, "/staff/feedback/");
	const r = new HTMLRewriter();
	withStaffBar(r, me(c), await placeNames(deps, [me(c).centre]));
	if (!report) {
		showing(r, ["staff-feedback-forbidden"]);
		r.on("#staff-feedback-body", { element: (el) => void el.remove() });
		return privateHtml(r.transform(page).body, 403);
	}
	withTexts(r, {
		"staff-feedback-scope":
			report.department === null ? t("staff.feedback.scope.all") : t("staff.feedback.scope.window", { window: windowName ?? "" }),
	});
	if (report.items.length === 0) {
		showing(r, ["staff-feedback-empty"]);
		r.on("#staff-feedback-summary", { element: (el) => void el.remove() });
	} else {
		const rows = report.items.map(summaryRow).join("");
		r.on("#staff-feedback-rows", { element: (el) => void el.setInnerContent(rows, { html: true }) });
		const details = report.items.map(itemSection).join("");
		r.on("#staff-feedback-items", { element: (el) => void el.setInnerContent(details, { html: true }) });
	}
	return privateHtml(r.transform(page).body, 200);
}

const flagText = (f: ItemFeedback["flags"][number]) => t("staff.feedback.flag", { week: f.week, n: f.count, reason: f.reasonLabel });

function summaryRow(item: ItemFeedback): string {
	const flag =
		item.flags.length > 0
			? item.flags.map((f) => `<strong class="app-staff-word app-staff-word--red">${escapeHtml(flagText(f))}</strong>`).join("<br>")
			: escapeHtml(t("staff.feedback.noFlag"));
	const cells = [escapeHtml(item.department.name), String(item.useful), String(item.notUseful), flag];
	return `<tr data-item="${escapeHtml(item.code)}"><th scope="row"><a href="#feedback-item-${escapeHtml(item.code)}">${escapeHtml(item.name)}</a></th>${cells.map((x) => `<td>${x}</td>`).join("")}</tr>`;
}

function itemSection(item: ItemFeedback): string {
	const code = escapeHtml(item.code);
	const head = ["week", "useful", "notUseful"].map((k) => t(`staff.feedback.col.${k as "week" | "useful" | "notUseful"}`));
	const headers = [...head, ...FEEDBACK_REASONS.map(reasonLabel)].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
	const weeks = item.weeks
		.map((w) => {
			const reasons = FEEDBACK_REASONS.map((r) => {
				const n = String(w.reasons[r]);
				return `<td>${w.flags.includes(r) ? `<strong class="app-staff-word app-staff-word--red">${n}</strong>` : n}</td>`;
			});
			return `<tr><th scope="row">${escapeHtml(w.week)}</th><td>${w.useful}</td><td>${w.notUseful}</td>${reasons.join("")}</tr>`;
		})
		.join("");
	const texts =
		item.texts.length === 0
			? `<p>${escapeHtml(t("staff.feedback.texts.none"))}</p>`
			: `<table class="app-table app-staff-table"><caption>${escapeHtml(t("staff.feedback.texts.caption", { item: item.name }))}</caption>` +
				`<thead><tr>${["at", "reason", "text"].map((k) => `<th scope="col">${escapeHtml(t(`staff.feedback.col.${k as "at" | "reason" | "text"}`))}</th>`).join("")}</tr></thead><tbody>` +
				item.texts
					.map(
						(x) =>
							`<tr><td><time datetime="${escapeHtml(x.at)}">${escapeHtml(chinaDateTime(new Date(x.at)))}</time></td><td>${escapeHtml(x.reasonLabel)}</td><td>${escapeHtml(x.text)}</td></tr>`,
					)
					.join("") +
				"</tbody></table>";
	return (
		`<section class="app-staff-section" id="feedback-item-${code}" aria-labelledby="feedback-item-${code}-title">` +
		`<h2 id="feedback-item-${code}-title">${escapeHtml(item.name)}</h2>` +
		`<p><a href="/items/${code}/">${escapeHtml(t("staff.feedback.guide"))}</a></p>` +
		`<table class="app-table app-staff-table"><caption>${escapeHtml(t("staff.feedback.weeks.caption", { item: item.name }))}</caption>` +
		`<thead><tr>${headers}</tr></thead><tbody>${weeks}</tbody></table>${texts}</section>`
	);
}
