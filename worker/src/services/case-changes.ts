import { type CaseStatus, type CorrectionItem, EVENT_OF } from "../../../core/case";
import { stepDays } from "../../../core/calendar";
import { deadlineFrom } from "../../../core/clock";
import type { Command, Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import type { Change } from "../db/case-writes";
import type { StaffCase } from "../db/cases";
import { caseLaw, clockFrom, extended } from "./case-clock";
import type { Deps } from "./deps";

/**
 * What one staff command does to a case, as the row change, timeline note and audit detail that
 * applyChange writes in one batch. Pure: the state machine and the role were checked before.
 */
export function changeFor(command: Command, r: StaffCase, staff: Staff, to: CaseStatus, deps: Deps): Change {
	const { today, data } = deps;
	const base = {
		caseId: r.id,
		trackingNo: r.trackingNo,
		version: r.version,
		from: r.status,
		to,
		staff,
		at: deps.now.toISOString(),
		kind: EVENT_OF[command.action],
	};
	const promised = data.items.get(r.item)?.promisedDeadline ?? { days: 0, unit: "工作日" as const };
	// 视为受理: the clock runs from the day of receipt, whenever the clerk clicks 受理.
	const law = caseLaw(r, deps);
	const due = (suspensions: StaffCase["suspensions"], startsOn: string, extension = r.extension) =>
		clockFrom(startsOn, extended(promised, extension), suspensions, deps).dueOn;
	const closed = { closed_at: deps.now.toISOString() };
	switch (command.action) {
		case "accept": {
			const words = { days: promised.days, unit: promised.unit, due: due([], law.startsOn ?? today), received: law.submittedOn };
			const note = t(law.deemed ? "case.note.accept.deemed" : "case.note.accept", words);
			return { ...base, note, set: { accepted_on: today }, detail: {} };
		}
		case "start":
			return { ...base, note: t("case.note.start"), set: {}, detail: {} };
		case "request_correction": {
			const items: CorrectionItem[] = command.items.map((i, n) => ({ id: `c${n + 1}`, name: i.name, reason: i.reason }));
			const respondBy = deadlineFrom(today, { days: command.respondWithinDays, unit: "工作日" }, data.calendar).dueOn;
			const note = t("case.note.correction", { items: items.map((i) => i.name).join("、"), date: respondBy });
			return { ...base, note, set: {}, correction: { items, respondBy }, detail: { items, respondBy } };
		}
		case "refuse": {
			const note = t("case.note.refuse", { reason: command.reason });
			return { ...base, note, set: closed, detail: { reason: command.reason } };
		}
		case "withdraw":
			return {
				...base,
				note: t("case.note.withdraw", { reason: command.reason }),
				set: closed,
				detail: { reason: command.reason },
			};
		case "extend": {
			// performAction checked that the item has an extension and the case has none yet.
			const rule = data.items.get(r.item)!.extension!;
			const extension = { days: rule.days, unit: rule.unit, basis: rule.basis, reason: command.reason };
			const dueOn = law.startsOn ? due(r.suspensions, law.startsOn, extension) : "";
			const note = t("case.note.extend", { days: rule.days, unit: rule.unit, basis: rule.basis, reason: command.reason, due: dueOn });
			return { ...base, note, set: { extension_json: JSON.stringify(extension) }, detail: { extension } };
		}
		case "suspend": {
			// performAction checked the procedure against the item's reasons.
			const { procedure, expectedBy, reason } = command;
			const basis = data.items.get(r.item)?.suspension?.find((p) => p.name === procedure)?.basis ?? "";
			// The day of the decision still counts; the pause starts on the next working day.
			const from = stepDays(today, 1, (d) => data.calendar.estimateWorkingDay(d).working);
			const suspensions = [...r.suspensions, { from, to: null, procedure, basis, expectedBy }];
			const note = t("case.note.suspend", { procedure, basis, expectedBy, reason });
			return { ...base, note, set: { suspensions_json: JSON.stringify(suspensions) }, detail: { procedure, expectedBy, reason } };
		}
		case "resume": {
			// Resumed before the pause began (the same day): it ends where it starts, pausing nothing.
			const suspensions = r.suspensions.map((s) => (s.to === null ? { ...s, to: today < s.from ? s.from : today } : s));
			const dueOn = law.startsOn ? due(suspensions, law.startsOn) : null;
			const note = dueOn ? t("case.note.resume.due", { due: dueOn }) : t("case.note.resume");
			return { ...base, note, set: { suspensions_json: JSON.stringify(suspensions) }, detail: { dueOn } };
		}
		case "complete": {
			const note = t("case.note.complete", { result: command.result, delivery: t(`case.delivered.${command.delivery}`) });
			const overdue = command.overdueReason ?? null;
			const detail = { outcome: command.outcome, delivery: command.delivery, ...(overdue ? { overdueReason: overdue } : {}) };
			return { ...base, note, set: { ...closed, outcome: command.outcome, overdue_reason: overdue }, detail };
		}
		case "forward":
			return { ...base, note: t("case.note.forward", { to: command.to }), set: closed, detail: { to: command.to } };
	}
}
