import { chinaDate } from "../../../core/calendar";
import { FINAL_STATUSES } from "../../../core/case";
import { type CaseClock, answerWindow, caseClock, deadlineFrom, deemedAccepted } from "../../../core/clock";
import { type AcceptanceRule, type Deadline, isStatutory } from "../../../core/item";
import type { StaffCase } from "../db/cases";
import type { Deps } from "./deps";

/** What the clock of a case needs from its row. */
export type ClockedCase = Pick<
	StaffCase,
	"item" | "status" | "submittedAt" | "acceptedOn" | "noticeSentAt" | "answeredAt" | "closedAt" | "suspensions" | "extension"
>;

type ClockDeps = Pick<Deps, "data" | "today">;

/**
 * What the law says of a case so far: its item's acceptance rule, whether silence made it accepted
 * (视为受理, never undone by a later click or notice), and the day its clock starts — the day of receipt
 * for a 视为受理 case, whenever a clerk clicks 受理; otherwise the acceptance day; null before either.
 */
export function caseLaw(r: ClockedCase, deps: ClockDeps) {
	const rule = deps.data.items.get(r.item)?.acceptance;
	const submittedOn = chinaDate(new Date(r.submittedAt));
	const noticeSentOn = r.noticeSentAt && chinaDate(new Date(r.noticeSentAt));
	const refusedOn = r.status === "not_accepted" && r.closedAt ? chinaDate(new Date(r.closedAt)) : null;
	const deemed = deemedAccepted(
		{ submittedOn, noticeSentOn, acceptedOn: r.acceptedOn, refusedOn, today: deps.today },
		rule,
		deps.data.calendar,
	);
	return { rule, submittedOn, deemed, startsOn: deemed ? submittedOn : r.acceptedOn };
}

/**
 * The clock a case runs on now: `finish` (办结) from the day caseLaw names, against the promised limit;
 * `answer` (受理) for a submitted case not yet accepted, against answerBy; null while the applicant has
 * the case (补正) and once it is closed.
 */
export type RunningClock = CaseClock & {
	kind: "answer" | "finish";
	unit: Deadline["unit"];
	/** 办结 only: the legal limit's due date from the same start, and whether today is past it (超法定时限). */
	legal: { dueOn: string; overdue: boolean } | null;
};

export function clockOf(r: ClockedCase, deps: ClockDeps): RunningClock | null {
	if (FINAL_STATUSES.includes(r.status)) return null;
	const { startsOn, submittedOn, rule } = caseLaw(r, deps);
	const promised = deps.data.items.get(r.item)?.promisedDeadline;
	if (startsOn) {
		if (!promised) return null;
		// Only a limit the law sets here can be 超法定时限; a 参考时限 (地方做法) is shown on the guide, not timed.
		const legalLimit = deps.data.items.get(r.item)?.legalDeadline;
		const legal =
			legalLimit && isStatutory(legalLimit.source) ? clockFrom(startsOn, extended(legalLimit, r.extension), r.suspensions, deps) : null;
		const overLegal = legal ? { dueOn: legal.dueOn, overdue: legal.colour === "red" } : null;
		const finish = clockFrom(startsOn, extended(promised, r.extension), r.suspensions, deps);
		return { kind: "finish", unit: promised.unit, legal: overLegal, ...finish };
	}
	if (r.status !== "submitted") return null;
	const window = answerWindow({ submittedOn, answeredOn: answeredOn(r) }, rule);
	return { kind: "answer", unit: window.within.unit, legal: null, ...clockFrom(window.from, window.within, [], deps) };
}

/** The last day to answer a submitted case (受理 or 补正; after a 补正 answer, 受理 or not), as the applicant is told. */
export function answerBy(r: Pick<ClockedCase, "item" | "submittedAt" | "answeredAt">, deps: Pick<Deps, "data">): string {
	const rule: AcceptanceRule | undefined = deps.data.items.get(r.item)?.acceptance;
	const window = answerWindow({ submittedOn: chinaDate(new Date(r.submittedAt)), answeredOn: answeredOn(r) }, rule);
	return deadlineFrom(window.from, window.within, deps.data.calendar).dueOn;
}

/** A limit lengthened by the extension granted (延长), when it counts the same kind of days. */
export function extended(limit: Deadline, extension: ClockedCase["extension"]): Deadline {
	if (!extension || extension.unit !== limit.unit) return { days: limit.days, unit: limit.unit };
	return { days: limit.days + extension.days, unit: limit.unit };
}

const answeredOn = (r: Pick<ClockedCase, "answeredAt">) => (r.answeredAt ? chinaDate(new Date(r.answeredAt)) : null);

/** A limit's clock from `from` as of today. */
export function clockFrom(from: string, limit: Deadline, suspensions: ClockedCase["suspensions"], deps: ClockDeps) {
	// A clock set back behind a recorded date (a corrected server clock) reads as the day the clock starts.
	const today = deps.today < from ? from : deps.today;
	return caseClock({ acceptedOn: from, promised: limit, suspensions, today }, deps.data.calendar);
}
