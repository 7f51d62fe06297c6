import { chinaDateTime } from "../../../core/calendar";
import type { RatingFigures } from "../../../core/rating";
import { t } from "../../../core/zh-CN";
import { type ShownError, escapeHtml, fillForm, privateHtml, showing, withTexts } from "../lib/pages";
import type { Deps } from "../services/deps";
import { type RatingsOverview, ratingsOverview } from "../services/ratings";
import { type C, me, placeNames, shell, windowNames, withStaffBar } from "./staff-common";

/** /staff/ratings/ filled: the range as asked (this month unless told), the figures, open follow-ups, per place. */
export async function showRatings(c: C, deps: Deps, range: { from: string; to: string } | null): Promise<Response> {
	const staff = me(c);
	const errors: ShownError[] = range ? [] : [{ field: "from", message: t("staff.ratings.error.range") }];
	const shown = range ?? { from: `${deps.today.slice(0, 8)}01`, to: deps.today };
	const [view, page] = await Promise.all([ratingsOverview(deps, staff, shown), shell(c, "/staff/ratings/")]);
	const names = await placeNames(deps, [staff.centre]);
	const values: [string, string][] = [
		["from", c.req.query("from") ?? shown.from],
		["to", c.req.query("to") ?? shown.to],
	];
	const r = fillForm(new HTMLRewriter(), { errors, values });
	withStaffBar(r, staff, names);
	const f = view.figures;
	withTexts(r, {
		"ratings-figures-title": t("staff.ratings.figures", shown),
		...figureTexts(f),
		"ratings-open": String(f.followUps.open),
		"ratings-left-out": t("staff.ratings.leftOut.value", { defaults: f.leftOut.defaults, appealed: f.leftOut.appealed }),
	});
	if (view.followUps.length === 0) {
		showing(r, ["ratings-followups-empty"]);
		r.on("#ratings-followups", { element: (el) => void el.setAttribute("hidden", "") });
	} else {
		const html = view.followUps.map((x) => followUpRowHtml(x, deps)).join("");
		r.on("#ratings-followups-rows", { element: (el) => void el.setInnerContent(html, { html: true }) });
	}
	r.on("#ratings-places-rows", {
		element(el) {
			const windows = windowNames(el.getAttribute("data-windows"));
			el.removeAttribute("data-windows");
			const places = [
				...view.perCentre.map((p) => ({ name: names.centres.get(p.key) ?? p.key, figures: p.figures })),
				...view.perWindow.map((p) => {
					const [centre, window] = p.key.split("/");
					return { name: `${names.centres.get(centre) ?? centre} / ${windows[window] ?? window}`, figures: p.figures };
				}),
			];
			el.setInnerContent(places.map((p) => placeRowHtml(p.name, p.figures)).join(""), { html: true });
		},
	});
	return privateHtml(r.transform(page).body, range ? 200 : 400);
}

function placeRowHtml(name: string, figures: RatingFigures): string {
	const x = figureTexts(figures);
	const cells = [x["ratings-rated"], x["ratings-rate"], x["ratings-bad"], x["ratings-contact"], x["ratings-late"]];
	return `<tr><th scope="row">${escapeHtml(name)}</th>${cells.map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`;
}

const percent = (n: number | null) => (n === null ? t("staff.ratings.none") : `${n}%`);

function figureTexts(f: RatingFigures) {
	return {
		"ratings-rated": String(f.rated),
		"ratings-rate": percent(f.satisfactionRate),
		"ratings-bad": String(f.bad),
		"ratings-contact": percent(f.contactRate),
		"ratings-late": String(f.followUps.late),
	};
}

function followUpRowHtml(x: RatingsOverview["followUps"][number], deps: Deps): string {
	const item = deps.data.items.get(x.item)?.name ?? x.item;
	const due = t(x.step === "contact" ? "staff.followUp.dueContact" : "staff.followUp.dueFix", { at: chinaDateTime(new Date(x.dueBy!)) });
	const word = `<span class="app-staff-word app-staff-word--${x.colour}">${escapeHtml(t(`staff.followUp.colour.${x.colour!}`))}</span>`;
	const link = `<a href="/staff/cases/${escapeHtml(x.trackingNo)}/">${escapeHtml(x.trackingNo)}</a>`;
	const cells = [escapeHtml(item), escapeHtml(x.level), escapeHtml(chinaDateTime(new Date(x.ratedAt))), `${word} ${escapeHtml(due)}`];
	return `<tr data-colour="${x.colour}"><th scope="row">${link}</th>${cells.map((v) => `<td>${v}</td>`).join("")}</tr>`;
}
