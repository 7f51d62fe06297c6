import { parseText } from "../../../core/application";
import { addDays, chinaDate } from "../../../core/calendar";
import type { CaseStatus } from "../../../core/case";
import {
	DEFAULT_FOLLOW_UP,
	FOLLOW_UP_FINDINGS,
	type FollowUpFinding,
	type FollowUpSettings,
	RATABLE_STATUSES,
	type RatingChannel,
	dimensionsOf,
	followUpDue,
	followUpState,
	isBadRating,
	ratingFigures,
	ratingSchema,
} from "../../../core/rating";
import type { Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import { staffScope } from "../db/cases";
import {
	type RatingRow,
	type StoredFollowUp,
	type StoredRating,
	changeFollowUp,
	insertRating,
	ratingRows,
	ratingsOf,
	recordDefaultRatings,
} from "../db/ratings";
import { type Keys, decrypt, encrypt } from "../lib/crypto";
import { limitSetting } from "../lib/rate-limit";
import { type ApiError, apiErrorOf } from "../lib/errors";
import type { Deps } from "./deps";

/**
 * 好差评 on a case: who may rate it and when (the applicant, once it is closed; once more after a 差评's
 * reply), the rating itself from /track/, the window or a station's paper card, and the 差评's follow-up
 * (回访核实, then the finding, fix and reply). The JSON API and the pages call the same functions.
 */

/** The follow-up days a deployment set in wrangler.toml, or the defaults (1 / 5 / 15 working days). */
export function followUpSettings(env: {
	FOLLOW_UP_CONTACT_DAYS?: string;
	FOLLOW_UP_FIX_DAYS?: string;
	FOLLOW_UP_CAP_DAYS?: string;
}): FollowUpSettings {
	return {
		contactDays: limitSetting(env.FOLLOW_UP_CONTACT_DAYS, DEFAULT_FOLLOW_UP.contactDays),
		fixDays: limitSetting(env.FOLLOW_UP_FIX_DAYS, DEFAULT_FOLLOW_UP.fixDays),
		capDays: limitSetting(env.FOLLOW_UP_CAP_DAYS, DEFAULT_FOLLOW_UP.capDays),
	};
}

/** A rating form's fields in the JSON shape: problems repeated → an array, the anonymous box → true. */
export function ratingFromForm(entries: [string, string][]): Record<string, unknown> {
	const raw: Record<string, unknown> = { problems: entries.filter(([k]) => k === "problems").map(([, v]) => v) };
	for (const [k, v] of entries)
		if (k === "anonymous") raw.anonymous = v === "true";
		else if (k !== "problems" && k !== "trackingNo" && k !== "queryCode") raw[k] = v;
	return raw;
}

/**
 * A rating typed in by staff: a village agent enters a station's paper card (其他终端, channel 5); anyone
 * else the applicant's own choice at the window (政务大厅平板, channel 4). Either way marked as entered.
 */
export const enteredBy = (staff: Staff, followUp: FollowUpSettings) => ({
	channel: (staff.role === "agent" ? "otherTerminal" : "hallTablet") as RatingChannel,
	staff,
	followUp,
});

/**
 * The daily run's default ratings, only where the deployment set DEFAULT_RATING_AFTER_DAYS: a case closed
 * that many days ago that nobody rated gets 基本满意, flagged (never counted in 满意率). Off by default.
 */
export async function defaultRatings(env: { DB: D1Database; DEFAULT_RATING_AFTER_DAYS?: string }, now: Date): Promise<number> {
	const days = limitSetting(env.DEFAULT_RATING_AFTER_DAYS, 0);
	if (days === 0) return 0;
	return recordDefaultRatings(env.DB, new Date(now.getTime() - days * 86_400_000).toISOString(), now.toISOString());
}

/** What a case needs to be rated. */
export interface RatedCase {
	id: number;
	trackingNo: string;
	status: CaseStatus;
}

/** Which rating a case may get next: 1 once closed, 2 after the reply to a first 差评; null when none. */
export function nextAssessment(status: CaseStatus, ratings: readonly StoredRating[]): 1 | 2 | null {
	if (!RATABLE_STATUSES.includes(status)) return null;
	const [first, second] = ratings;
	if (!first) return 1;
	return !second && isBadRating(first.level) && first.followUp?.resolvedAt ? 2 : null;
}

export type RatingOutcome = { ok: true; ratings: StoredRating[] } | { ok: false; status: 403 | 409 | 422; errors: ApiError[] };

/**
 * Stores a rating of a case from `channel`; `staff` when a staff member typed it in for the applicant
 * (the window's form, a village station's paper card). Refused: a case not closed, a case already rated
 * (or waiting for the reply before its second rating), an invalid rating. Two at once: one lands.
 */
export async function rateCase(
	deps: Deps & { keys: Keys },
	found: RatedCase,
	raw: unknown,
	by: { channel: RatingChannel; staff?: Staff; followUp: FollowUpSettings },
): Promise<RatingOutcome> {
	const ratings = await ratingsOf(deps.db, found.id);
	const assessNumber = nextAssessment(found.status, ratings);
	if (assessNumber === null) {
		const code = !RATABLE_STATUSES.includes(found.status) ? "not_ratable" : ratings.length >= 2 ? "already_rated" : waitingCode(ratings);
		return { ok: false, status: 409, errors: [apiErrorOf(code)] };
	}
	const parsed = ratingSchema(by.channel).safeParse(raw);
	if (!parsed.success) {
		const errors = parsed.error.issues.slice(0, 20).map((i) => ({
			code: "invalid",
			message: i.path.length === 0 ? t("rating.error.body") : i.message,
			field: i.path.length === 0 ? "level" : String(i.path[0]),
		}));
		return { ok: false, status: 422, errors };
	}
	const rating = parsed.data;
	const text = rating.text ? parseText(rating.text, true, 200) : undefined;
	const at = deps.now.toISOString();
	const bad = isBadRating(rating.level);
	const due = bad ? followUpDue(deps.now, by.followUp, deps.data.calendar) : undefined;
	const stored = await insertRating(deps.db, {
		caseId: found.id,
		trackingNo: found.trackingNo,
		status: found.status,
		assessNumber,
		level: rating.level,
		channel: by.channel,
		problems: rating.problems,
		textCipher: text?.ok && text.value ? await encrypt(deps.keys.cipher, text.value) : null,
		anonymous: rating.anonymous,
		enteredBy: by.staff?.id ?? null,
		at,
		note: t(by.staff ? "rating.event.entered" : "rating.event.rated", { level: rating.level }),
		followUp: due ? { ...due, contactBy: rating.anonymous ? null : due.contactBy } : null,
	});
	if (!stored) return { ok: false, status: 409, errors: [apiErrorOf("already_rated")] };
	return { ok: true, ratings: await ratingsOf(deps.db, found.id) };
}

const waitingCode = (ratings: readonly StoredRating[]) =>
	isBadRating(ratings[0].level) && !ratings[0].followUp?.resolvedAt ? "rating_wait_reply" : "already_rated";

/** A follow-up step as sent: the call made, or the finding with the fix and the reply. */
export type FollowUpStep =
	| { step: "contact"; note: string; version: number }
	| { step: "resolve"; finding: FollowUpFinding; fixNote: string; reply: string; version: number };

/** Checks a follow-up step from JSON or a form's fields (all strings). */
export function parseFollowUpStep(raw: unknown): { ok: true; value: FollowUpStep } | { ok: false; errors: ApiError[] } {
	if (typeof raw !== "object" || raw === null || Array.isArray(raw))
		return { ok: false, errors: [apiErrorOf("invalid", { words: "rating.error.body" })] };
	const o = raw as Record<string, unknown>;
	const errors: ApiError[] = [];
	const step = o.step;
	const keys = step === "contact" ? ["step", "version", "note"] : ["step", "version", "finding", "fixNote", "reply"];
	for (const k of Object.keys(o)) if (!keys.includes(k)) errors.push(apiErrorOf("invalid", { field: k, words: "rating.error.unknown" }));
	if (step !== "contact" && step !== "resolve") errors.push(apiErrorOf("invalid", { field: "step", words: "followUp.error.step" }));
	const version = typeof o.version === "string" ? Number(o.version) : o.version;
	if (!Number.isSafeInteger(version) || (version as number) < 1)
		errors.push(apiErrorOf("invalid", { field: "version", words: "followUp.error.version" }));
	const text = (field: string, label: string) => {
		const value = o[field];
		const parsed = typeof value === "string" ? parseText(value, true, 500) : undefined;
		if (parsed?.ok && parsed.value) return parsed.value;
		const code = !parsed || parsed.ok ? "required" : parsed.code;
		errors.push({ code: "invalid", field, message: t(`error.${code}`, { label }) });
		return "";
	};
	if (step === "contact") {
		const note = text("note", t("followUp.label.note"));
		return errors.length ? { ok: false, errors } : { ok: true, value: { step, note, version: version as number } };
	}
	if (!FOLLOW_UP_FINDINGS.includes(o.finding as FollowUpFinding))
		errors.push(apiErrorOf("invalid", { field: "finding", words: "followUp.error.finding" }));
	const fixNote = text("fixNote", t("followUp.label.fixNote"));
	const reply = text("reply", t("followUp.label.reply"));
	if (errors.length) return { ok: false, errors };
	return { ok: true, value: { step: "resolve", finding: o.finding as FollowUpFinding, fixNote, reply, version: version as number } };
}

/**
 * Records a follow-up step on the case's open follow-up. Agents only see; 申诉 is the centre head's
 * decision (with the reasons in fixNote); a named rater is called before the follow-up can be closed.
 */
export async function followUpCase(
	deps: Deps & { keys: Keys },
	staff: Staff,
	found: RatedCase,
	raw: unknown,
): Promise<{ ok: true } | { ok: false; status: 403 | 409 | 422; errors: ApiError[] }> {
	if (staff.role === "agent") return { ok: false, status: 403, errors: [apiErrorOf("forbidden", { words: "followUp.error.agent" })] };
	const parsed = parseFollowUpStep(raw);
	if (!parsed.ok) return { ok: false, status: 422, errors: parsed.errors };
	const step = parsed.value;
	if (step.step === "resolve" && step.finding === "申诉" && staff.role !== "head")
		return { ok: false, status: 403, errors: [apiErrorOf("forbidden", { field: "finding", words: "followUp.error.appealHead" })] };
	const open = (await ratingsOf(deps.db, found.id)).map((r) => r.followUp).find((f) => f && !f.resolvedAt);
	const conflict = (words: "followUp.error.none" | "followUp.error.contactFirst" | "followUp.error.contacted") => ({
		ok: false as const,
		status: 409 as const,
		errors: [apiErrorOf("follow_up_step", { words })],
	});
	if (!open) return conflict("followUp.error.none");
	const state = followUpState(open, deps.now);
	if (step.step === "contact" && state.step !== "contact") return conflict("followUp.error.contacted");
	if (step.step === "resolve" && state.step === "contact") return conflict("followUp.error.contactFirst");
	if (step.version !== open.version) return { ok: false, status: 409, errors: [apiErrorOf("stale")] };
	const changed = await changeFollowUp(deps.db, {
		followUpId: open.id,
		caseId: found.id,
		trackingNo: found.trackingNo,
		status: found.status,
		version: open.version,
		staffId: staff.id,
		at: deps.now.toISOString(),
		step:
			step.step === "contact"
				? { kind: "contact", noteCipher: await encrypt(deps.keys.cipher, step.note) }
				: { kind: "resolve", finding: step.finding, fixNote: step.fixNote, reply: step.reply },
		note: step.step === "resolve" ? t("rating.event.replied", { reply: step.reply }) : null,
	});
	return changed ? { ok: true } : { ok: false, status: 409, errors: [apiErrorOf("stale")] };
}

/** The ratings as the applicant sees them on /track/: level, date, the reply; and whether they may rate now. */
export async function citizenRatings(deps: Deps, found: RatedCase, read?: StoredRating[]) {
	const ratings = read ?? (await ratingsOf(deps.db, found.id));
	const next = nextAssessment(found.status, ratings);
	return {
		next,
		/** The problems a 差评 may name: the online set, since /track/ is online. */
		dimensions: dimensionsOf("pc") as readonly string[],
		given: ratings.map((r) => ({
			isDefault: r.isDefault,
			assessNumber: r.assessNumber,
			level: r.level,
			on: chinaDate(new Date(r.createdAt)),
			reply: r.followUp?.reply ?? null,
			repliedOn: r.followUp?.resolvedAt ? chinaDate(new Date(r.followUp.resolvedAt)) : null,
		})),
	};
}
export type CitizenRatings = Awaited<ReturnType<typeof citizenRatings>>;

/** The ratings as staff see them on the case page: the rater's text and the call note decrypted. */
export async function staffRatings(deps: Deps, found: RatedCase) {
	const ratings = await ratingsOf(deps.db, found.id);
	const open = async (cipher: string | null) => (cipher && deps.keys ? ((await decrypt(deps.keys.cipher, cipher)) ?? "") : "");
	return {
		next: nextAssessment(found.status, ratings),
		ratings: await Promise.all(
			ratings.map(async ({ textCipher, followUp, ...r }) => ({
				...r,
				text: await open(textCipher),
				followUp: followUp && {
					...withoutCipher(followUp),
					contactNote: await open(followUp.contactNoteCipher),
					state: followUpState(followUp, deps.now),
				},
			})),
		),
	};
}
export type StaffRatings = Awaited<ReturnType<typeof staffRatings>>;

const withoutCipher = ({ contactNoteCipher: _, ...f }: StoredFollowUp) => f;

/**
 * The ratings view (/staff/ratings/, GET /api/staff/ratings): the figures of the ratings given in the
 * range (China dates, inclusive) in the caller's scope, the same per centre and per window, and every
 * open follow-up whenever its rating was given, the late ones first.
 */
export async function ratingsOverview(deps: Deps, staff: Staff, range: { from: string; to: string }) {
	const rows = await ratingRows(deps.db, staffScope(staff, 1), {
		from: `${addDays(range.from, -1)}T16:00:00.000Z`,
		to: `${range.to}T16:00:00.000Z`,
	});
	const inRange = rows.filter((r) => chinaDate(new Date(r.createdAt)) >= range.from && chinaDate(new Date(r.createdAt)) <= range.to);
	const group = (key: (r: RatingRow) => string) => {
		const keys = [...new Set(inRange.map(key))].sort();
		return keys.map((k) => ({
			key: k,
			figures: ratingFigures(
				inRange.filter((r) => key(r) === k),
				deps.now,
			),
		}));
	};
	const open = rows
		.filter((r) => r.followUp && !r.followUp.resolvedAt)
		.map((r) => ({ ...r, state: followUpState(r.followUp!, deps.now) }))
		.sort((a, b) => Number(b.state.late) - Number(a.state.late) || (a.state.dueBy ?? "").localeCompare(b.state.dueBy ?? ""));
	return {
		range,
		figures: ratingFigures(inRange, deps.now),
		perCentre: group((r) => r.centre),
		perWindow: group((r) => `${r.centre}/${r.window}`),
		followUps: open.map((r) => ({
			trackingNo: r.trackingNo,
			item: r.item,
			centre: r.centre,
			window: r.window,
			level: r.level,
			ratedAt: r.createdAt,
			anonymous: r.anonymous,
			step: r.state.step,
			dueBy: r.state.dueBy,
			colour: r.state.colour,
			late: r.state.late,
		})),
	};
}
export type RatingsOverview = Awaited<ReturnType<typeof ratingsOverview>>;

/** The board's two counts on /staff/: open 差评 follow-ups in scope, and how many of them are late. */
export async function followUpBoard(deps: Deps, staff: Staff): Promise<{ open: number; late: number }> {
	const rows = await ratingRows(deps.db, staffScope(staff, 1), { from: deps.now.toISOString(), to: deps.now.toISOString() });
	const open = rows.filter((r) => r.followUp && !r.followUp.resolvedAt);
	return { open: open.length, late: open.filter((r) => followUpState(r.followUp!, deps.now).late).length };
}
