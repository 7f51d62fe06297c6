import { addDays, isIsoDate } from "../../../core/calendar";
import { csvCell } from "../../../core/csv";
import type { Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import { type CaseFilter, type ExportedCase, exportedCases } from "../db/cases";
import { audit } from "../db/case-writes";
import { clockOf } from "./case-clock";
import type { Deps } from "./deps";

/** Cases read per page of an export: a month of the whole city is some 17,000. */
const PAGE = 2_000;

const COLUMNS = [
	"trackingNo",
	"item",
	"centre",
	"station",
	"window",
	"status",
	"applicant",
	"submittedAt",
	"acceptedOn",
	"answerBy",
	"dueOn",
	"colour",
	"legalDueOn",
	"overLegal",
	"firstHandler",
] as const;

/** The export's date range (China dates, inclusive, at most a year), or null when it is not one. */
export function exportRange(from: string, to: string): { from: string; to: string } | null {
	return isIsoDate(from) && isIsoDate(to) && from <= to && addDays(from, 366) >= to ? { from, to } : null;
}

/** One case's line: every cell quoted, any cell a spreadsheet would run as a formula made inert (core/csv.ts). */
function line(r: ExportedCase, deps: Deps): string {
	// The list's clock (services/case-clock.ts), worked out only for a case still running.
	const clock = clockOf(r, deps);
	const cells = [
		r.trackingNo,
		deps.data.items.get(r.item)?.name ?? r.item,
		r.centre,
		r.station,
		r.window,
		t(`case.status.${r.status}`),
		r.applicantName,
		r.submittedAt,
		r.acceptedOn ?? "",
		clock?.kind === "answer" ? clock.dueOn : "",
		clock?.kind === "finish" ? clock.dueOn : "",
		clock ? t(`staff.csv.${clock.colour}`) : "",
		clock?.legal?.dueOn ?? "",
		clock?.legal ? t(clock.legal.overdue ? "staff.yes" : "staff.no") : "",
		r.firstHandlerName ?? "",
	];
	return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * The caller's cases submitted in the range, newest first, as CSV for Excel: UTF-8 with a byte-order mark,
 * CRLF. Every case in the range, read a page at a time and sent as it is read, so a year of the whole city
 * is never held in memory at once. The export is audited before the first byte goes out.
 */
export async function exportCsv(deps: Deps, staff: Staff, range: { from: string; to: string }): Promise<ReadableStream<Uint8Array>> {
	// China midnight is 16:00 UTC the day before.
	const window: CaseFilter = { submittedFrom: `${addDays(range.from, -1)}T16:00:00.000Z`, submittedBefore: `${range.to}T16:00:00.000Z` };
	await audit(deps.db, staff, "application.export", `${range.from}..${range.to}`, deps.now.toISOString());
	const encoder = new TextEncoder();
	let after: CaseFilter["after"];
	return new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(encoder.encode(`\uFEFF${COLUMNS.map((k) => csvCell(t(`staff.csv.${k}`))).join(",")}\r\n`));
		},
		async pull(controller) {
			const page = await exportedCases(deps.db, staff, { ...window, after }, PAGE);
			if (page.length > 0) controller.enqueue(encoder.encode(page.map((r) => line(r, deps)).join("")));
			const last = page.at(-1);
			if (page.length < PAGE || !last) controller.close();
			else after = { submittedAt: last.submittedAt, id: last.id };
		},
	});
}
