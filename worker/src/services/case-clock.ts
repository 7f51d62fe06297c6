import { chinaDate } from "../../../core/calendar";
import { FINAL_STATUSES } from "../../../core/case";
import { type CaseClock, caseClock, deemedAccepted } from "../../../core/clock";
import type { StaffCase } from "../db/cases";
import type { Deps } from "./deps";

/** What the clock of a case needs from its row. */
export type ClockedCase = Pick<StaffCase, "item" | "status" | "submittedAt" | "acceptedOn" | "noticeSentAt" | "closedAt" | "suspensions">;

/**
 * What the law says of a case so far: its item's acceptance rule, whether silence made it accepted
 * (视为受理, never undone by a later click or notice), and the day its clock starts — the day of receipt
 * for a 视为受理 case, whenever a clerk clicks 受理; otherwise the acceptance day; null before either.
 */
export function caseLaw(r: ClockedCase, deps: Pick<Deps, "data" | "today">) {
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

/** The promised clock of a running case, from the day caseLaw names; null before it starts and after the case closed. */
export function clockOf(r: ClockedCase, deps: Pick<Deps, "data" | "today">): CaseClock | null {
	const promised = deps.data.items.get(r.item)?.promisedDeadline;
	const { startsOn } = caseLaw(r, deps);
	if (!startsOn || !promised || FINAL_STATUSES.includes(r.status)) return null;
	// A clock set back behind a recorded date (a corrected server clock) reads as the day the clock starts.
	const today = deps.today < startsOn ? startsOn : deps.today;
	return caseClock({ acceptedOn: startsOn, promised, suspensions: r.suspensions, today }, deps.data.calendar);
}
