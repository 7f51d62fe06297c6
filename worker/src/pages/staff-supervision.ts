import { chinaDateTime } from "../../../core/calendar";
import { SUPERVISION_RULES } from "../../../core/supervision";
import { t } from "../../../core/zh-CN";
import { type ShownError, escapeHtml, fillForm, privateHtml, showing, withTexts } from "../lib/pages";
import type { Deps } from "../services/deps";
import { type RecordView, type SupervisionBoard, supervisionBoard } from "../services/supervision";
import { type C, type PlaceNames, me, placeNames, shell, windowNames, withStaffBar } from "./staff-common";

/** How the rows name a record's subject, centre and window. */
interface Names extends PlaceNames {
	windows: Record<string, string>;
}

/**
 * /staff/supervision/ filled: open warnings per centre and rule, each open one (with a close form where a
 * head closes it and the caller may), and the last 30 days' closed ones with their results. `failed`
 * keeps what was typed into a close form that was refused.
 */
export async function showSupervision(
	c: C,
	deps: Deps,
	status: number,
	extra: { errors?: ShownError[]; notice?: string; failed?: { no: string; result: string }; nearDays: number },
): Promise<Response> {
	const staff = me(c);
	const [board, page] = await Promise.all([supervisionBoard(deps, staff), shell(c, "/staff/supervision/")]);
	const errors = [...(extra.errors ?? [])];
	if (!board) errors.push({ message: t("supervision.error.agent") });
	const r = fillForm(new HTMLRewriter(), { errors, values: [] });
	const names: Names = { ...(await placeNames(deps, [staff.centre])), windows: {} };
	withStaffBar(r, staff, names);
	withTexts(r, { "supervision-near": t("supervision.rules.near", { n: extra.nearDays }) });
	if (extra.notice) {
		withTexts(r, { "supervision-notice": extra.notice });
		showing(r, ["supervision-notice"]);
	}
	const shown: SupervisionBoard = board ?? { open: [], closed: [], byCentre: [] };
	const mayClose = staff.role === "head" || staff.role === "admin";
	r.on("#supervision-bycentre-rows", { element: (el) => void el.setInnerContent(byCentreHtml(shown, names), { html: true }) });
	for (const part of ["open", "closed"] as const) {
		if (shown[part].length === 0) {
			showing(r, [`supervision-${part}-empty`]);
			r.on(`#supervision-${part}`, { element: (el) => void el.setAttribute("hidden", "") });
			continue;
		}
		r.on(`#supervision-${part}-rows`, {
			element(el) {
				names.windows = windowNames(el.getAttribute("data-windows"));
				el.removeAttribute("data-windows");
				const rows = shown[part].map((x) => (part === "open" ? openRowHtml(x, names, mayClose, extra.failed) : closedRowHtml(x, names)));
				el.setInnerContent(rows.join(""), { html: true });
			},
		});
	}
	return privateHtml(r.transform(page).body, status);
}

function byCentreHtml(board: SupervisionBoard, names: Names): string {
	const totals: Record<string, number> = {};
	const rows = board.byCentre.map(({ centre, counts }) => {
		const cells = SUPERVISION_RULES.map((rule) => {
			totals[rule.id] = (totals[rule.id] ?? 0) + (counts[rule.id] ?? 0);
			return `<td data-rule="${rule.id}">${counts[rule.id] ?? 0}</td>`;
		});
		const total = Object.values(counts).reduce((a, b) => a + b, 0);
		return `<tr data-centre="${escapeHtml(centre)}"><th scope="row">${escapeHtml(names.centres.get(centre) ?? centre)}</th>${cells.join("")}<td>${total}</td></tr>`;
	});
	const all = board.open.length;
	const sum = SUPERVISION_RULES.map((rule) => `<td data-rule="${rule.id}">${totals[rule.id] ?? 0}</td>`).join("");
	return `${rows.join("")}<tr data-centre="all"><th scope="row">${escapeHtml(t("supervision.byCentre.total"))}</th>${sum}<td>${all}</td></tr>`;
}

function subjectHtml(x: RecordView, names: Names): string {
	if (x.subjectType === "centre") {
		const [centre, day] = x.subject.split("/");
		return escapeHtml(t("supervision.centreDay", { centre: names.centres.get(centre) ?? centre, day }));
	}
	const path = x.subjectType === "case" ? "cases" : "complaints";
	return `<a href="/staff/${path}/${escapeHtml(x.subject)}/">${escapeHtml(x.subject)}</a>`;
}

function commonCells(x: RecordView, names: Names) {
	return {
		rule: `${escapeHtml(x.ruleId)} ${escapeHtml(x.rule)}`,
		subject: subjectHtml(x, names),
		centre: escapeHtml(names.centres.get(x.centre) ?? x.centre),
		window: escapeHtml(x.window ? (names.windows[x.window] ?? x.window) : t("staff.none")),
		firedAt: escapeHtml(chinaDateTime(new Date(x.firedAt))),
	};
}

function openRowHtml(x: RecordView, names: Names, mayClose: boolean, failed: { no: string; result: string } | undefined): string {
	const c = commonCells(x, names);
	const colour = `<span class="app-staff-word app-staff-word--${x.colour}">${escapeHtml(t(`supervision.colour.${x.colour}`))}</span>`;
	const cells = [
		c.rule,
		colour,
		c.subject,
		escapeHtml(x.content),
		c.centre,
		c.window,
		c.firedAt,
		escapeHtml(chinaDateTime(new Date(x.stateAt))),
		x.closes === "head" && mayClose
			? closeFormHtml(x.no, failed?.no === x.no ? failed.result : "")
			: escapeHtml(t("supervision.close.auto")),
	];
	return `<tr data-rule="${x.ruleId}" data-colour="${x.colour}"><th scope="row">${escapeHtml(x.no)}</th>${cells.map((v) => `<td>${v}</td>`).join("")}</tr>`;
}

function closeFormHtml(no: string, typed: string): string {
	const id = `f-result-${escapeHtml(no)}`;
	return `<form method="post" action="/staff/supervision/${escapeHtml(no)}/close/" class="app-staff-close">
<label for="${id}">${escapeHtml(t("supervision.close.label"))}</label>
<p class="app-field__hint" id="${id}-hint">${escapeHtml(t("supervision.close.hint"))}</p>
<textarea id="${id}" name="result" rows="2" maxlength="200" required aria-describedby="${id}-hint">${escapeHtml(typed)}</textarea>
<button type="submit" class="app-button">${escapeHtml(t("supervision.close.submit"))}</button></form>`;
}

function closedRowHtml(x: RecordView, names: Names): string {
	const c = commonCells(x, names);
	const cells = [
		c.rule,
		c.subject,
		c.centre,
		c.window,
		c.firedAt,
		`${escapeHtml(x.result ?? "")}（${escapeHtml(chinaDateTime(new Date(x.closedAt!)))}）`,
	];
	return `<tr data-rule="${x.ruleId}"><th scope="row">${escapeHtml(x.no)}</th>${cells.map((v) => `<td>${v}</td>`).join("")}</tr>`;
}
