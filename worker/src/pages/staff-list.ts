import type { ItemFacts } from "../../../core/online-item";
import { t } from "../../../core/zh-CN";
import { type ShownError, escapeHtml, fillForm, privateHtml, showing, withTexts } from "../lib/pages";
import { complaintList } from "../services/complaints";
import type { Deps } from "../services/deps";
import { followUpBoard } from "../services/ratings";
import { type RecordView, supervisionBoard } from "../services/supervision";
import { type CaseSummary, caseList } from "../services/staff-cases";
import { type C, DUE_WORDS, type PlaceNames, dueHtml, me, placeNames, shell, withStaffBar } from "./staff-common";

type Due = keyof typeof DUE_WORDS;

const FILTER_MESSAGES = { status: "staff.filter.error.status", due: "staff.filter.error.due", q: "staff.filter.error.q" } as const;

/** /staff/ filled: the board, the filter as sent, the cases, AB岗; `errors` from a form on the page. */
export async function showList(
	c: C,
	deps: Deps,
	status: number,
	extra: { errors?: ShownError[]; query?: Record<string, string> } = {},
): Promise<Response> {
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
	const list = await caseList(deps, staff, { ...filter, due });
	let rows: CaseSummary[] = [];
	if (!("cases" in list)) {
		errors.push({ ...(list.field === "due" ? {} : { field: list.field }), message: t(FILTER_MESSAGES[list.field]) });
		if (status < 400) status = 400;
	} else rows = list.cases;
	// The board counts every case in scope, whatever the list shows.
	const board = "cases" in list && !filter.status && !filter.item && !filter.window && !filter.q ? list : await caseList(deps, staff, {});
	const counts =
		"cases" in board ? { ...board.counts, deemed: board.deemedAccepted } : { green: 0, yellow: 0, red: 0, legal: 0, deemed: 0 };

	const [page, followUps, complaints, supervision] = await Promise.all([
		shell(c, "/staff/"),
		followUpBoard(deps, staff),
		complaintList(deps, staff),
		supervisionBoard(deps, staff),
	]);
	const items = deps.data.items;
	const names = await placeNames(deps, [staff.centre, ...rows.map((row) => row.centre)]);
	const values = (["status", "item", "window", "q"] as const).flatMap((k): [string, string][] => (query[k] ? [[k, query[k]]] : []));
	const r = fillForm(new HTMLRewriter(), { errors, values });
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
		"board-legal": String(counts.legal),
		"board-deemed": String(counts.deemed),
		"board-followups": String(followUps.open),
		"board-followups-late": String(followUps.late),
		"board-complaints": String(complaints.counts.open),
		"board-complaints-late": String(complaints.counts.late),
	});
	withWarnings(r, supervision?.open ?? null);
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

	const today = deps.today;
	r.on("#f-export-from", { element: (el) => void el.setAttribute("value", `${today.slice(0, 8)}01`) });
	r.on("#f-export-to", { element: (el) => void el.setAttribute("value", today) });
	return privateHtml(r.transform(page).body, status);
}

function caseRowHtml(row: CaseSummary, items: Map<string, ItemFacts>, names: PlaceNames): string {
	const no = escapeHtml(row.trackingNo);
	const cells = [
		escapeHtml(row.item.name),
		escapeHtml(row.applicantName || t("staff.none")),
		escapeHtml(names.stations.get(`${row.centre}/${row.station}`) ?? row.station),
		escapeHtml(row.statusLabel),
		dueHtml(row.clock),
		escapeHtml(row.firstHandler?.name ?? t("staff.none")),
		escapeHtml(t(row.deemedAccepted ? "staff.yes" : "staff.no")),
	];
	return `<tr><th scope="row"><a href="/staff/cases/${no}/">${no}</a></th>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
}

/** How many open 电子监察 warnings the board lists; the rest are on /staff/supervision/. */
const WARNINGS_SHOWN = 10;

/**
 * The caller's open 电子监察 warnings, first thing on the page (legal and red first): a head sees their
 * centre's, a clerk their window's, the admin the city's. Village agents have none.
 */
function withWarnings(r: HTMLRewriter, open: RecordView[] | null) {
	if (open === null) {
		r.on("#staff-warnings", { element: (el) => void el.setAttribute("hidden", "") });
		return;
	}
	withTexts(r, {
		"staff-warnings-count": String(open.length),
		...(open.length > WARNINGS_SHOWN ? { "staff-warnings-more": t("staff.warnings.more", { n: open.length - WARNINGS_SHOWN }) } : {}),
	});
	if (open.length === 0) showing(r, ["staff-warnings-none"]);
	if (open.length > WARNINGS_SHOWN) showing(r, ["staff-warnings-more"]);
	const items = open.slice(0, WARNINGS_SHOWN).map((x) => {
		const colour = `<span class="app-staff-word app-staff-word--${x.colour}">${escapeHtml(t(`supervision.colour.${x.colour}`))}</span>`;
		const path = x.subjectType === "case" ? "cases" : x.subjectType === "complaint" ? "complaints" : null;
		const subject = path ? `<a href="/staff/${path}/${escapeHtml(x.subject)}/">${escapeHtml(x.subject)}</a> ` : "";
		return `<li data-rule="${x.ruleId}">${colour} ${escapeHtml(x.ruleId)} ${subject}${escapeHtml(x.content)}</li>`;
	});
	r.on("#staff-warnings-list", { element: (el) => void el.setInnerContent(items.join(""), { html: true }) });
}
