import { z } from "zod";

/**
 * 工作日历 (working-day calendar) for one year, from the State Council's yearly notice on public
 * holidays: the days off (放假, including weekends swallowed by a holiday) and the make-up workdays
 * (调休上班) that fall on a Saturday or Sunday. Every other Monday–Friday is a working day.
 */
// Some YAML parsers (Astro's) turn an unquoted 2026-02-14 into a Date; both readings mean the same day.
const isoDate = z.preprocess(
	(v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
	z.iso.date({ error: "日期请写成 2026-02-14 这样的格式" }),
);

export const CalendarYearSchema = z
	.strictObject({
		year: z.number().int().min(2000).max(2100),
		/** The notice it comes from, e.g. 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）. */
		source: z.string().trim().min(1, "请写明日历依据的通知名称和文号"),
		holidays: z
			.array(
				z.strictObject({
					/** e.g. 春节. */
					name: z.string().trim().min(1, "请填写节日名称"),
					/** First and last day off, inclusive. */
					from: isoDate,
					to: isoDate,
				}),
			)
			.min(1, "至少要有一个节假日"),
		/** Saturdays and Sundays that are working days (调休上班). */
		workdays: z.array(isoDate).default([]),
	})
	.superRefine((cal, ctx) => {
		const inYear = (d: string) => d.startsWith(`${cal.year}-`) || d.startsWith(`${cal.year - 1}-12`) || d.startsWith(`${cal.year + 1}-01`);
		cal.holidays.forEach((h, i) => {
			if (h.from > h.to)
				ctx.addIssue({ code: "custom", path: ["holidays", i, "to"], message: `${h.name}的结束日期 ${h.to} 早于开始日期 ${h.from}` });
			if (!inYear(h.from) || !inYear(h.to))
				ctx.addIssue({ code: "custom", path: ["holidays", i], message: `${h.name}的日期不在 ${cal.year} 年` });
		});
		cal.workdays.forEach((d, i) => {
			const weekday = dayOfWeek(d);
			if (weekday !== 0 && weekday !== 6)
				ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} 本来就是工作日，调休上班只写周六或周日` });
			if (cal.holidays.some((h) => h.from <= d && d <= h.to))
				ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} 同时写在了放假和调休上班里` });
		});
	});
export type CalendarYear = z.infer<typeof CalendarYearSchema>;

/** 0 = Sunday … 6 = Saturday, for an ISO date, independent of time zone. */
export function dayOfWeek(isoDay: string): number {
	return new Date(`${isoDay}T00:00:00Z`).getUTCDay();
}

/** Answers whether a date is a working day, given the calendar years that cover it. */
export class WorkingCalendar {
	private readonly off = new Set<string>();
	private readonly on = new Set<string>();
	private readonly years = new Set<number>();

	constructor(years: CalendarYear[]) {
		for (const y of years) {
			this.years.add(y.year);
			for (const h of y.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) this.off.add(d);
			for (const d of y.workdays) this.on.add(d);
		}
	}

	/**
	 * What the calendar says, as one text: two calendars with the same signature count the same days.
	 * Stored beside anything worked out on the calendar, so a new year's notice makes it worked out again.
	 */
	signature(): string {
		const sorted = (s: Set<string> | Set<number>) => [...s].map(String).sort().join(",");
		return `${sorted(this.years)}|${sorted(this.off)}|${sorted(this.on)}`;
	}

	/** Whether the calendar knows this year; outside it the answer would be a guess, so it refuses. */
	covers(isoDay: string): boolean {
		return this.years.has(Number(isoDay.slice(0, 4)));
	}

	isWorkingDay(isoDay: string): boolean {
		if (!this.covers(isoDay)) throw new RangeError(`工作日历没有 ${isoDay.slice(0, 4)} 年的数据，请在 content/calendar/ 里添加`);
		if (this.on.has(isoDay)) return true;
		if (this.off.has(isoDay)) return false;
		const weekday = dayOfWeek(isoDay);
		return weekday !== 0 && weekday !== 6;
	}

	/**
	 * Like isWorkingDay, but never refuses. For a year the calendar does not cover (its notice is not
	 * entered yet) it assumes Monday–Friday are working days and marks the answer provisional, so a case
	 * running into that year still gets a flagged estimate instead of an error. A day an entered notice
	 * names explicitly (a holiday spilling over New Year) is a fact, not a guess. Content checks keep
	 * using the strict isWorkingDay.
	 */
	estimateWorkingDay(isoDay: string): { working: boolean; provisional: boolean } {
		if (this.covers(isoDay)) return { working: this.isWorkingDay(isoDay), provisional: false };
		if (this.on.has(isoDay)) return { working: true, provisional: false };
		if (this.off.has(isoDay)) return { working: false, provisional: false };
		const weekday = dayOfWeek(isoDay);
		return { working: weekday !== 0 && weekday !== 6, provisional: true };
	}

	/** The date that is `count` working days after `isoDay` (the start day itself does not count). */
	addWorkingDays(isoDay: string, count: number): string {
		return stepDays(isoDay, count, (d) => this.isWorkingDay(d));
	}
}

/**
 * The one day-counting loop: the date `count` counted days after `isoDay`, where `counts` says which
 * days count. The start day never counts (期间开始的当日不计入); a count of 0 is the start day itself.
 */
export function stepDays(isoDay: string, count: number, counts: (isoDay: string) => boolean): string {
	let d = isoDay;
	for (let left = count; left > 0;) {
		d = addDays(d, 1);
		if (counts(d)) left--;
	}
	return d;
}

/** Whether a text is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** ISO date arithmetic on whole days, in UTC so no daylight-saving or zone shift can move a date. */
export function addDays(isoDay: string, days: number): string {
	const t = new Date(`${isoDay}T00:00:00Z`);
	t.setUTCDate(t.getUTCDate() + days);
	return t.toISOString().slice(0, 10);
}

/**
 * The date (YYYY-MM-DD) in China at an instant. China keeps UTC+8 all year with no daylight saving,
 * so a fixed offset is exact: 2026-03-14T16:00:00Z is already 2026-03-15 there.
 */
export function chinaDate(instant: Date): string {
	return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Date and minute in China, for timelines: 2026-03-15 09:05. */
export function chinaDateTime(instant: Date): string {
	return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}
