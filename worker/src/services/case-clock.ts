import { type WorkingCalendar, addDays, chinaDate } from "../../../core/calendar";
import { FINAL_STATUSES } from "../../../core/case";
import { type CaseClock, NEVER, answerDue, answerWindow, caseClock, clockTurns, deadlineFrom, deemedAccepted } from "../../../core/clock";
import { type AcceptanceRule, type Deadline, isStatutory } from "../../../core/item";
import type { ItemFacts } from "../../../core/online-item";
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
	const facts = lawFacts(r, deps);
	const deemed = deemedAccepted({ ...facts, acceptedOn: r.acceptedOn, today: deps.today }, facts.rule, deps.data.calendar);
	return { rule: facts.rule, submittedOn: facts.submittedOn, deemed, startsOn: deemed ? facts.submittedOn : r.acceptedOn };
}

/** What the 视为受理 rule reads of a case: its item's acceptance rule and the days of receipt, notice and refusal. */
function lawFacts(r: ClockedCase, deps: Pick<Deps, "data">) {
	const noticeSentOn = r.noticeSentAt && chinaDate(new Date(r.noticeSentAt));
	return {
		rule: deps.data.items.get(r.item)?.acceptance,
		submittedOn: chinaDate(new Date(r.submittedAt)),
		noticeSentOn,
		refusedOn: r.status === "not_accepted" && r.closedAt ? chinaDate(new Date(r.closedAt)) : null,
	};
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
	return runningClock(r, deps, { startsOn, submittedOn, rule });
}

type Law = Pick<ReturnType<typeof caseLaw>, "startsOn" | "submittedOn" | "rule">;

function runningClock(r: ClockedCase, deps: ClockDeps, { startsOn, submittedOn, rule }: Law): RunningClock | null {
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

/**
 * Clocks without a suspension, by calendar: many cases share a start day and a limit (a month's export
 * reads thousands), and such a clock depends on nothing else. Emptied when it grows past MEMO_SIZE.
 */
const memo = new WeakMap<WorkingCalendar, Map<string, CaseClock>>();
const MEMO_SIZE = 20_000;

/** A limit's clock from `from` as of today. */
export function clockFrom(from: string, limit: Deadline, suspensions: ClockedCase["suspensions"], deps: ClockDeps): CaseClock {
	// A clock set back behind a recorded date (a corrected server clock) reads as the day the clock starts.
	const today = deps.today < from ? from : deps.today;
	const { calendar } = deps.data;
	if (suspensions.length > 0) return caseClock({ acceptedOn: from, promised: limit, suspensions, today }, calendar);
	let clocks = memo.get(calendar);
	if (!clocks || clocks.size >= MEMO_SIZE) memo.set(calendar, (clocks = new Map<string, CaseClock>()));
	const key = `${from}|${limit.days}|${limit.unit}|${today}`;
	let clock = clocks.get(key);
	if (!clock) clocks.set(key, (clock = caseClock({ acceptedOn: from, promised: limit, suspensions: [], today }, calendar)));
	return clock;
}

/**
 * The days the board's colours turn (core/clock.ts clockTurns), for every day to come: yellow, red,
 * 超法定时限 (legal), and watch, the first day 电子监察 may warn of it (near at SUPERVISION_NEAR_DAYS' largest
 * setting, or past a limit). null: no clock runs (补正 with the applicant, closed).
 */
export type Turns = { yellowOn: string; redOn: string; legalOn: string; watchOn: string } | null;

/**
 * A case's clock as stored for the board (migration 0014): its turns now, and where silence may make it
 * accepted (视为受理), the day that happens (`deemedOn`, else NEVER) and its turns from then. For any today,
 * the turns in force give clockOf's colour and legal flag, and caseLaw's 视为受理 is today >= deemedOn;
 * worker/test/backoffice-scale.test.ts holds the two to each other.
 */
export function clockSchedule(r: ClockedCase, deps: Pick<Deps, "data">): { now: Turns; deemedOn: string; deemed: Turns } {
	const facts = lawFacts(r, deps);
	const { calendar } = deps.data;
	const deemable = deemedAccepted({ ...facts, acceptedOn: r.acceptedOn, today: NEVER }, facts.rule, calendar);
	const now = turnsOf(r, deps, { startsOn: r.acceptedOn, submittedOn: facts.submittedOn, rule: facts.rule });
	if (!deemable || !facts.rule) return { now, deemedOn: NEVER, deemed: now };
	return {
		now,
		deemedOn: addDays(answerDue(facts.submittedOn, facts.rule, calendar).dueOn, 1),
		deemed: turnsOf(r, deps, { startsOn: facts.submittedOn, submittedOn: facts.submittedOn, rule: facts.rule }),
	};
}

/** SUPERVISION_NEAR_DAYS' largest setting: the watch turn comes early enough for any. */
const WATCH_DAYS = 10;

/** The turns of runningClock with the law as given. */
function turnsOf(r: ClockedCase, deps: Pick<Deps, "data">, { startsOn, submittedOn, rule }: Law): Turns {
	if (FINAL_STATUSES.includes(r.status)) return null;
	const { calendar } = deps.data;
	const earliest = (...days: string[]) => days.sort()[0];
	if (startsOn) {
		const item = deps.data.items.get(r.item);
		if (!item?.promisedDeadline) return null;
		const input = { acceptedOn: startsOn, promised: extended(item.promisedDeadline, r.extension), suspensions: r.suspensions };
		const turns = clockTurns(input, calendar);
		const legal = item.legalDeadline;
		const legalOn =
			legal && isStatutory(legal.source) ? clockTurns({ ...input, promised: extended(legal, r.extension) }, calendar).redOn : NEVER;
		const watchOn = earliest(clockTurns(input, calendar, WATCH_DAYS).nearOn, turns.redOn, legalOn);
		return { yellowOn: turns.nearOn, redOn: turns.redOn, legalOn, watchOn };
	}
	if (r.status !== "submitted") return null;
	const window = answerWindow({ submittedOn, answeredOn: answeredOn(r) }, rule);
	const turns = clockTurns({ acceptedOn: window.from, promised: window.within, suspensions: [] }, calendar);
	return { yellowOn: turns.nearOn, redOn: turns.redOn, legalOn: NEVER, watchOn: turns.redOn };
}

const signatures = new WeakMap<WorkingCalendar, string>();

/**
 * What a stored schedule was worked out on: this code's version, the calendar, and the item's limits and
 * acceptance rule. New content (a year's holiday notice, a changed promise) changes it.
 */
export function clockBasis(item: ItemFacts | undefined, calendar: WorkingCalendar): string {
	let calendarHash = signatures.get(calendar);
	if (calendarHash === undefined) signatures.set(calendar, (calendarHash = fnv1a(calendar.signature())));
	const limits = item ? [item.acceptance, item.promisedDeadline, item.legalDeadline] : null;
	return `t1.${calendarHash}.${fnv1a(JSON.stringify(limits))}`;
}

/** FNV-1a, 32 bits, base 36: a short fingerprint, not a secret. */
function fnv1a(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return h.toString(36);
}
