import { addDays, isIsoDate, stepDays, type WorkingCalendar } from "./calendar";
import type { AcceptanceRule, Deadline } from "./item";

/**
 * The legal clock (法定时限计时): when a case is due, how much time is left, and the 视为受理 rule.
 * All dates are China dates (YYYY-MM-DD, see chinaDate); all functions are pure.
 *
 * How days are counted, everywhere in this file:
 * - The start day never counts (期间开始的当日不计入): a 5-working-day promise accepted on Monday
 *   2026-03-02 is due Monday 2026-03-09, as WorkingCalendar.addWorkingDays counts.
 * - A 工作日 deadline counts the calendar's working days (holidays out, 调休 weekend workdays in); a
 *   自然日 deadline counts every day, holidays included, and never consults the calendar.
 * - Where the calendar has no data for a year, Monday–Friday count as working days and the result says
 *   `provisional: true`, so the back office can warn that the date is an estimate.
 */

/**
 * 挂起 (suspension, e.g. for 公示, 鉴定 or 听证 — time the law leaves out of the limit). `from` is the
 * day the case was suspended, `to` the day it resumed, or null while it is still suspended.
 *
 * Paused days are `from` up to but not including `to`: the suspension day itself is paused, the
 * resumption day counts again. So suspending and resuming on the same day pauses nothing, and a
 * suspension from Monday to Thursday pauses Monday, Tuesday and Wednesday. Of those, a 工作日 deadline
 * skips only the working days, a 自然日 deadline every day. An open suspension pauses through today.
 */
export interface Suspension {
	from: string;
	to: string | null;
}

export type ClockColour = "green" | "yellow" | "red";

export interface CaseClockInput {
	/** The day the case was accepted (受理), or deemed accepted; the clock starts the day after. */
	acceptedOn: string;
	/** The promised limit (承诺办结时限) the case runs against. */
	promised: Deadline;
	suspensions: readonly Suspension[];
	today: string;
}

export interface CaseClock {
	/**
	 * The last day to finish. While a suspension is open it is the due date if work resumed tomorrow,
	 * so it moves on by one counted day each counted day the case stays paused.
	 */
	dueOn: string;
	/**
	 * Whole days left after today, in the deadline's unit: 0 = due today, negative = overdue by that
	 * many counted days. A day after dueOn that does not count (a weekend after a Friday due date) is
	 * already -1, so an overdue case never reads 0. While paused, it stays at the value it had the day
	 * before the suspension began (a case already past its due date stays overdue).
	 */
	remaining: number;
	/**
	 * red = today is after dueOn; yellow = not overdue and remaining is at most 2 or at most 20 % of the
	 * promised days rounded up, whichever is larger; green otherwise. While paused it follows the frozen
	 * remaining, so a paused case keeps its colour.
	 */
	colour: ClockColour;
	/** Today falls inside a suspension. */
	paused: boolean;
	/** Some day the clock needed a working-day answer for lies in a year the calendar does not cover. */
	provisional: boolean;
}

/** The clock of one case as of `today`. Throws RangeError on a malformed date, a suspension that ends before it starts, or today before acceptedOn. */
export function caseClock(input: CaseClockInput, calendar: WorkingCalendar): CaseClock {
	const { acceptedOn, promised, suspensions, today } = input;
	assertDay("acceptedOn", acceptedOn);
	assertDay("today", today);
	if (today < acceptedOn) throw new RangeError(`today (${today}) is before acceptedOn (${acceptedOn})`);
	for (const s of suspensions) {
		assertDay("suspension from", s.from);
		if (s.to !== null) {
			assertDay("suspension to", s.to);
			if (s.to < s.from) throw new RangeError(`suspension ends (${s.to}) before it starts (${s.from})`);
		}
	}

	const tomorrow = addDays(today, 1);
	const paused = (d: string) => suspensions.some((s) => s.from <= d && d < (s.to ?? tomorrow));
	const counter = dayCounter(promised.unit, calendar);
	// Paused days are skipped before the calendar is asked, so they cannot make the result provisional.
	const counts = (d: string) => !paused(d) && counter.counts(d);

	// A 0-day promise (即办件) is due on the day of acceptance, whatever the calendar says of that day.
	const dueOn = stepDays(acceptedOn, promised.days, counts);

	let elapsed = 0;
	for (let d = addDays(acceptedOn, 1); d <= today; d = addDays(d, 1)) if (counts(d)) elapsed++;

	const overdue = today > dueOn;
	const remaining = overdue ? Math.min(-1, promised.days - elapsed) : promised.days - elapsed;
	const colour: ClockColour = overdue ? "red" : remaining <= nearThreshold(promised.days) ? "yellow" : "green";
	return { dueOn, remaining, colour, paused: paused(today), provisional: counter.provisional() };
}

/** A turn that never comes, and one that came before the clock started: the ends of clockTurns' dates. */
export const NEVER = "9999-12-31";
export const FROM_THE_START = "0000-01-01";

/**
 * The days a clock turns, for every `today` at once: from `nearOn` it reads near (yellow: remaining at most
 * `near`, by default caseClock's yellow threshold), from `redOn` overdue. So for any today,
 * caseClock(today).colour is red when today >= redOn, else yellow when today >= nearOn, else green (a today
 * before acceptedOn reads as acceptedOn, as the back office's clockFrom does). What makes this hold:
 * without an open suspension dueOn and the count of elapsed days do not depend on today; from the first
 * day of an open suspension on, remaining and colour stand still (see caseClock), and before that day the
 * suspension is not there yet. Stored by the back office so its board counts without running every clock.
 */
export function clockTurns(
	input: Omit<CaseClockInput, "today">,
	calendar: WorkingCalendar,
	near?: number,
): { nearOn: string; redOn: string } {
	const { acceptedOn, promised, suspensions } = input;
	const threshold = near ?? nearThreshold(promised.days);
	const closed = suspensions.filter((s) => s.to !== null);
	const counter = dayCounter(promised.unit, calendar);
	const counts = (d: string) => !closed.some((s) => s.from <= d && d < s.to!) && counter.counts(d);
	const dueOn = stepDays(acceptedOn, promised.days, counts);
	const free = {
		nearOn: promised.days - threshold <= 0 ? acceptedOn : stepDays(acceptedOn, promised.days - threshold, counts),
		redOn: addDays(dueOn, 1),
	};
	const pausedFrom = suspensions
		.filter((s) => s.to === null)
		.map((s) => (s.from < acceptedOn ? acceptedOn : s.from))
		.sort()[0];
	const early = (d: string) => (d <= acceptedOn ? FROM_THE_START : d);
	if (pausedFrom === undefined) return { nearOn: early(free.nearOn), redOn: early(free.redOn) };
	// From its first paused day the clock keeps what it reads that day.
	const frozen = caseClock({ ...input, today: pausedFrom }, calendar);
	const red = frozen.colour === "red";
	const turn = (freeOn: string, reached: boolean) => early(freeOn < pausedFrom ? freeOn : reached ? pausedFrom : NEVER);
	return { nearOn: turn(free.nearOn, red || frozen.remaining <= threshold), redOn: turn(free.redOn, red) };
}

/** 20 % of the promised days rounded up, at least 2: yellow at or below it (integer arithmetic: ceil(n / 5)). */
const nearThreshold = (days: number) => Math.max(2, Math.ceil(days / 5));

/**
 * The last day to accept, refuse or send the one-time 补正 notice (一次性告知) for materials received on
 * `submittedOn`, under the item's acceptance rule (行政许可: 5 working days, the receipt day not counted).
 * A notice sent on that day is in time.
 */
export function answerDue(submittedOn: string, rule: AcceptanceRule, calendar: WorkingCalendar): { dueOn: string; provisional: boolean } {
	return deadlineFrom(submittedOn, rule.within, calendar);
}

/**
 * The day a limit of `deadline` days runs out when it starts on `from` (the start day not counted), on
 * the calendar (工作日) or every day (自然日); provisional when a year the calendar lacks was estimated.
 */
export function deadlineFrom(from: string, deadline: Deadline, calendar: WorkingCalendar): { dueOn: string; provisional: boolean } {
	assertDay("from", from);
	const counter = dayCounter(deadline.unit, calendar);
	return { dueOn: stepDays(from, deadline.days, (d) => counter.counts(d)), provisional: counter.provisional() };
}

/**
 * The centre's promise where no rule sets a time, and after a 补正 answer: an answer (受理, or the one-time
 * 补正 notice; after an answer, 受理 or not) within 5 working days. The applicant is told so with the date.
 */
export const PROMISED_ANSWER: Deadline = { days: 5, unit: "工作日" };

/**
 * How long the centre has to answer a submitted case, and from which day: from receipt under the item's
 * acceptance rule (the centre's promise where there is none), or from the applicant's 补正 answer.
 */
export function answerWindow(
	input: { submittedOn: string; answeredOn: string | null },
	rule: AcceptanceRule | undefined,
): { from: string; within: Deadline } {
	if (input.answeredOn) return { from: input.answeredOn, within: PROMISED_ANSWER };
	return { from: input.submittedOn, within: rule?.within ?? PROMISED_ANSWER };
}

export interface DeemedAcceptedInput {
	/** The day the application materials were received (收到申请材料之日). */
	submittedOn: string;
	/** The day the first 补正 notice went out, or null if none did. */
	noticeSentOn: string | null;
	/** The day the case was accepted (受理), or null if it was not. */
	acceptedOn: string | null;
	/** The day it was refused (不予受理), if it was: a refusal in time answers the application too. */
	refusedOn?: string | null;
	today: string;
}

/**
 * 视为受理, where the item's rule has it (行政许可法第三十二条第一款第（四）项: materials incomplete or not in
 * the statutory form must be answered with a notice listing everything to correct, on the spot or within
 * five working days; if it is not sent in time, the application counts as accepted from the day the
 * materials were received). True when today is after answerDue and by that day no notice was sent, and
 * the case was neither accepted nor refused. The days run from the first receipt: the notice is one-time,
 * so answering it does not start a new window. A later acceptance or notice never undoes it. False for
 * an item without such a rule. Whether the due date was estimated is in answerDue(...).provisional.
 */
export function deemedAccepted(input: DeemedAcceptedInput, rule: AcceptanceRule | undefined, calendar: WorkingCalendar): boolean {
	const { submittedOn, noticeSentOn, acceptedOn, refusedOn = null, today } = input;
	assertDay("today", today);
	if (!rule?.deemed) return false;
	const { dueOn } = answerDue(submittedOn, rule, calendar);
	const inTime = (d: string | null) => {
		if (d === null) return false;
		assertDay("date", d);
		return d <= dueOn;
	};
	return today > dueOn && !inTime(noticeSentOn) && !inTime(acceptedOn) && !inTime(refusedOn);
}

/** Counts days of one unit, remembering whether any answer was a Monday–Friday estimate. */
function dayCounter(unit: Deadline["unit"], calendar: WorkingCalendar) {
	let provisional = false;
	return {
		counts(isoDay: string): boolean {
			if (unit === "自然日") return true;
			const answer = calendar.estimateWorkingDay(isoDay);
			if (answer.provisional) provisional = true;
			return answer.working;
		},
		provisional: () => provisional,
	};
}

/** Refuses anything but a real YYYY-MM-DD date (2026-02-30 included), so a bad row cannot loop or mislead. */
function assertDay(name: string, isoDay: string): void {
	if (!isIsoDate(isoDay)) throw new RangeError(`${name} must be a YYYY-MM-DD date, got ${JSON.stringify(isoDay)}`);
}
