import { chinaDate } from "../../../core/calendar";
import {
	COMPLAINT_VERDICTS,
	type ComplaintPlaces,
	type ComplaintStatus,
	type ComplaintVerdict,
	REPLY_RATINGS,
	type ReplyRating,
	checkComplaint,
	complaintClock,
} from "../../../core/complaint";
import { parseText } from "../../../core/application";
import { maskMobile } from "../../../core/person";
import type { Staff } from "../../../core/staff";
import { newTrackingNo } from "../../../core/tracking";
import { t } from "../../../core/zh-CN";
import {
	type StoredComplaint,
	centreStaff,
	changeComplaint,
	clearComplaintLookupFailures,
	complaintByTrackingNo,
	complaintTimeline,
	insertComplaint,
	listComplaints,
	rateComplaintReply,
	recordComplaintLookupFailure,
	trackingNoTaken,
} from "../db/complaints";
import { type Keys, decrypt, encrypt, hmacHex, queryCodeFor, sameText } from "../lib/crypto";
import { type ApiError, apiErrorOf } from "../lib/errors";
import type { Deps } from "./deps";

/**
 * 投诉建议: filing (no account), the person's view on /track/ and their rating of the answer, and the
 * back office's handling — 首问负责 (the first staff member who opens it owns it until handed over),
 * 确认收到, one 延期 with a reason, the answer (支持 / 解释说明 / 不予支持), all on the complaint's clock.
 */

export type Filed =
	{ ok: true; trackingNo: string; queryCode: string; createdAt: string; created: boolean } | { ok: false; errors: ApiError[] };

/**
 * Checks and stores a complaint; the same complaint sent twice on one day is one complaint. `allowed`
 * is asked only for a valid complaint (the per-client limit: a form with mistakes is no submission).
 */
export async function fileComplaint(
	deps: Deps & { keys: Keys },
	known: ComplaintPlaces,
	raw: unknown,
	allowed: () => Promise<boolean>,
): Promise<Filed | "rate_limited"> {
	const checked = checkComplaint(raw, known);
	if (!checked.ok) return { ok: false, errors: checked.errors.map((e) => ({ code: "invalid", field: e.field, message: e.message })) };
	if (!(await allowed())) return "rate_limited";
	const c = checked.value;
	const { keys } = deps;
	const requestHash = await hmacHex(keys.fingerprint, JSON.stringify({ complaint: c, day: deps.today }));
	const fresh = () => newTrackingNo((n) => crypto.getRandomValues(new Uint8Array(n)));
	let trackingNo = fresh();
	while (await trackingNoTaken(deps.db, trackingNo)) trackingNo = fresh();
	const stored = await insertComplaint(deps.db, {
		trackingNo,
		requestHash,
		type: c.type,
		title: c.title,
		contentCipher: await encrypt(keys.cipher, c.content),
		nameCipher: c.name ? await encrypt(keys.cipher, c.name) : null,
		phoneCipher: c.phone ? await encrypt(keys.cipher, c.phone) : null,
		replyByPhone: c.replyByPhone,
		asPetition: c.asPetition,
		centre: c.centre,
		station: c.station,
		window: c.window,
		item: c.item,
		aboutTrackingNo: c.aboutTrackingNo,
		at: deps.now.toISOString(),
		note: t(c.asPetition ? "complaint.event.filedPetition" : "complaint.event.filed", { type: c.type }),
	});
	return { ok: true, ...stored, queryCode: await queryCodeFor(keys, stored.trackingNo) };
}

/**
 * The complaint behind a tracking number and query code, with the same lock as a case's lookup; undefined
 * otherwise. `read`: the row and the expected code when the caller already has them (/track/'s one batch).
 */
export async function verifiedComplaint(
	deps: Deps & { keys: Keys },
	cred: { trackingNo: string; queryCode: string },
	read?: { stored: StoredComplaint | null; expected: string },
): Promise<StoredComplaint | undefined> {
	const { stored, expected } = read ?? {
		stored: await complaintByTrackingNo(deps.db, cred.trackingNo),
		expected: await queryCodeFor(deps.keys, cred.trackingNo),
	};
	if (!stored) return undefined;
	if (stored.lockedUntil !== null && stored.lockedUntil > deps.now.toISOString()) return undefined;
	if (!sameText(expected, cred.queryCode)) {
		await recordComplaintLookupFailure(deps.db, stored.id, deps.now);
		return undefined;
	}
	// A write only when there is something to clear: most lookups read and nothing else.
	if (stored.lookupFailures > 0) await clearComplaintLookupFailures(deps.db, stored.id);
	return stored;
}

const datesOf = (c: StoredComplaint) => ({
	asPetition: c.asPetition,
	filedOn: chinaDate(new Date(c.createdAt)),
	acknowledgedOn: c.acknowledgedAt ? chinaDate(new Date(c.acknowledgedAt)) : null,
	extended: c.extendedAt !== null,
	repliedOn: c.repliedAt ? chinaDate(new Date(c.repliedAt)) : null,
});

export const clockOfComplaint = (deps: Deps, c: StoredComplaint) => complaintClock(datesOf(c), deps.today, deps.data.calendar);

/** What the person sees on /track/: status, the dates, the timeline, the answer, and whether they may rate it. */
export async function complaintView(deps: Deps, c: StoredComplaint) {
	const clock = clockOfComplaint(deps, c);
	const centreName = placeName(deps, c.centre);
	const events = await complaintTimeline(deps.db, c.id);
	return {
		kind: "complaint" as const,
		trackingNo: c.trackingNo,
		type: c.type,
		title: c.title,
		centre: { slug: c.centre, name: centreName },
		status: c.status,
		statusLabel: t(`complaint.status.${c.status}`),
		asPetition: c.asPetition,
		acknowledgeBy: clock.acknowledgeBy,
		answerBy: clock.answerBy,
		next: nextWords(c, clock.answerBy),
		timeline: events.map((e) => ({ at: e.at, note: e.note ?? "" })).filter((e) => e.note),
		answer: c.reply ? { verdict: c.verdict, reply: c.reply, on: chinaDate(new Date(c.repliedAt!)) } : null,
		replyRating: c.replyRating,
		mayRate: c.status === "replied" && c.replyRating === null,
	};
}
export type ComplaintView = Awaited<ReturnType<typeof complaintView>>;

function nextWords(c: StoredComplaint, answerBy: string): string {
	if (c.status === "replied") return c.replyRating ? t("complaint.next.rated") : t("complaint.next.replied");
	return t(c.extendedAt ? "complaint.next.extended" : "complaint.next.open", { date: answerBy });
}

const placeName = (deps: Deps, centre: string) => deps.data.centres.get(centre) ?? centre;

/** The person rates the answer once: 满意 / 基本满意 / 不满意. */
export async function rateReply(
	deps: Deps,
	c: StoredComplaint,
	raw: unknown,
): Promise<{ ok: true } | { ok: false; status: 409 | 422; errors: ApiError[] }> {
	if (!REPLY_RATINGS.includes(raw as ReplyRating))
		return { ok: false, status: 422, errors: [{ code: "invalid", field: "replyRating", message: t("complaint.error.replyRating") }] };
	if (c.status !== "replied" || c.replyRating !== null) return { ok: false, status: 409, errors: [apiErrorOf("complaint_not_rateable")] };
	const at = deps.now.toISOString();
	const done = await rateComplaintReply(
		deps.db,
		c.id,
		c.trackingNo,
		raw as ReplyRating,
		at,
		t("complaint.event.replyRated", { rating: raw as string }),
	);
	return done ? { ok: true } : { ok: false, status: 409, errors: [apiErrorOf("complaint_not_rateable")] };
}

// --- the back office -------------------------------------------------------------------------

/** Who sees a complaint: admin all; the head the centre; a clerk their window's; an agent their station's. */
export function canSeeComplaint(staff: Staff, c: StoredComplaint): boolean {
	// Whoever it was handed to sees it, whatever window it names.
	if (c.handler?.id === staff.id) return true;
	switch (staff.role) {
		case "admin":
			return true;
		case "head":
			return staff.centre === c.centre;
		case "clerk":
			return staff.centre === c.centre && c.window !== null && staff.window === c.window;
		case "agent":
			return staff.centre === c.centre && c.station !== null && staff.station === c.station;
	}
}

/**
 * Who may act: while nobody owns it, anyone who sees it (not an agent) — the first to act becomes its
 * owner (首问负责); then the owner, the centre's head and the admin; never an agent.
 */
export function mayHandle(staff: Staff, c: StoredComplaint): boolean {
	if (staff.role === "agent") return false;
	if (!c.handler) return canSeeComplaint(staff, c);
	return staff.role === "admin" || (staff.role === "head" && staff.centre === c.centre) || c.handler.id === staff.id;
}

export async function visibleComplaint(deps: Deps, staff: Staff, trackingNo: string): Promise<StoredComplaint | null> {
	const found = await complaintByTrackingNo(deps.db, trackingNo);
	return found && canSeeComplaint(staff, found) ? found : null;
}

/** The staff view: everything, personal data decrypted and the phone masked unless asked for a reply by phone. */
export async function complaintDetail(deps: Deps, c: StoredComplaint) {
	const open = async (cipher: string | null) => (cipher && deps.keys ? ((await decrypt(deps.keys.cipher, cipher)) ?? "") : "");
	const phone = await open(c.phoneCipher);
	return {
		...summaryOf(deps, c),
		content: await open(c.contentCipher),
		name: (await open(c.nameCipher)) || null,
		// A phone is for the reply the person asked for; otherwise staff need no more than that there is one.
		phone: phone ? (c.replyByPhone || c.asPetition ? phone : maskMobile(phone)) : null,
		timeline: await complaintTimeline(deps.db, c.id),
		staff: await centreStaff(deps.db, c.centre),
	};
}
export type ComplaintDetail = Awaited<ReturnType<typeof complaintDetail>>;

export function summaryOf(deps: Deps, c: StoredComplaint) {
	const clock = clockOfComplaint(deps, c);
	return { ...withoutSecrets(c), clock, escalated: clock.late };
}
export type ComplaintSummary = ReturnType<typeof summaryOf>;

/** A complaint without its ciphertexts and lookup lock: what a list or an API answer may carry. */
const withoutSecrets = ({
	contentCipher: _c,
	nameCipher: _n,
	phoneCipher: _p,
	lookupFailures: _l,
	lockedUntil: _u,
	...rest
}: StoredComplaint) => rest;

/** The complaints in the caller's scope with the board's counts: open, late (escalated to the city), answered. */
export async function complaintList(deps: Deps, staff: Staff) {
	const rows = (await listComplaints(deps.db, staff)).map((c) => summaryOf(deps, c));
	const open = rows.filter((r) => r.status !== "replied");
	return {
		complaints: rows,
		counts: { open: open.length, late: open.filter((r) => r.clock.late).length, replied: rows.length - open.length },
	};
}

export type ComplaintAction =
	| { action: "acknowledge"; version: number; note: string | null }
	| { action: "extend"; version: number; reason: string }
	| { action: "reply"; version: number; verdict: ComplaintVerdict; reply: string }
	| { action: "handover"; version: number; to: number };

const ACTION_FIELDS: Record<ComplaintAction["action"], string[]> = {
	acknowledge: ["note"],
	extend: ["reason"],
	reply: ["verdict", "reply"],
	handover: ["to"],
};

/** Checks a staff action on a complaint (JSON, or a form's fields as strings). */
export function parseComplaintAction(raw: unknown): { ok: true; value: ComplaintAction } | { ok: false; errors: ApiError[] } {
	if (typeof raw !== "object" || raw === null || Array.isArray(raw))
		return { ok: false, errors: [apiErrorOf("invalid", { words: "complaint.error.action" })] };
	const o = raw as Record<string, unknown>;
	const action = o.action as ComplaintAction["action"];
	if (typeof action !== "string" || !Object.hasOwn(ACTION_FIELDS, action))
		return { ok: false, errors: [apiErrorOf("invalid", { field: "action", words: "complaint.error.action" })] };
	const errors: ApiError[] = [];
	for (const k of Object.keys(o))
		if (!["action", "version", ...ACTION_FIELDS[action]].includes(k))
			errors.push(apiErrorOf("invalid", { field: k, words: "rating.error.unknown" }));
	const version = typeof o.version === "string" ? Number(o.version) : o.version;
	if (!Number.isSafeInteger(version) || (version as number) < 1)
		errors.push(apiErrorOf("invalid", { field: "version", words: "followUp.error.version" }));
	const text = (field: string, label: string, required: boolean) => {
		const value = o[field];
		if ((value === undefined || value === "") && !required) return null;
		const parsed = typeof value === "string" ? parseText(value, true, 1000) : undefined;
		if (parsed?.ok && parsed.value) return parsed.value;
		errors.push({ code: "invalid", field, message: t(`error.${!parsed || parsed.ok ? "required" : parsed.code}`, { label }) });
		return "";
	};
	let value: ComplaintAction;
	const v = version as number;
	if (action === "acknowledge") value = { action, version: v, note: text("note", t("complaint.field.note"), false) };
	else if (action === "extend") value = { action, version: v, reason: text("reason", t("complaint.field.extendReason"), true)! };
	else if (action === "reply") {
		if (!COMPLAINT_VERDICTS.includes(o.verdict as ComplaintVerdict))
			errors.push({ code: "invalid", field: "verdict", message: t("complaint.error.verdict") });
		value = { action, version: v, verdict: o.verdict as ComplaintVerdict, reply: text("reply", t("complaint.field.reply"), true)! };
	} else {
		const to = typeof o.to === "string" ? Number(o.to) : o.to;
		if (!Number.isSafeInteger(to)) errors.push({ code: "invalid", field: "to", message: t("complaint.error.handover") });
		value = { action, version: v, to: to as number };
	}
	return errors.length ? { ok: false, errors } : { ok: true, value };
}

/** Which actions a complaint in `status` allows (延期 once, before the answer). */
export function allowedComplaintActions(staff: Staff, c: StoredComplaint): ComplaintAction["action"][] {
	if (!mayHandle(staff, c) || c.status === "replied") return [];
	const actions: ComplaintAction["action"][] = [];
	if (c.status === "received") actions.push("acknowledge");
	if (c.status === "acknowledged" && !c.extendedAt) actions.push("extend");
	if (c.status === "acknowledged") actions.push("reply");
	actions.push("handover");
	return actions;
}

/** One staff action on a complaint the caller can see. */
export async function actOnComplaint(
	deps: Deps,
	staff: Staff,
	c: StoredComplaint,
	raw: unknown,
): Promise<{ ok: true } | { ok: false; status: 403 | 409 | 422; errors: ApiError[] }> {
	if (!mayHandle(staff, c)) return { ok: false, status: 403, errors: [apiErrorOf("forbidden", { words: "complaint.error.notOwner" })] };
	const parsed = parseComplaintAction(raw);
	if (!parsed.ok) return { ok: false, status: 422, errors: parsed.errors };
	const a = parsed.value;
	if (!allowedComplaintActions(staff, c).includes(a.action))
		return { ok: false, status: 409, errors: [apiErrorOf("complaint_state", { values: { status: t(`complaint.status.${c.status}`) } })] };
	if (a.version !== c.version) return { ok: false, status: 409, errors: [apiErrorOf("stale")] };
	const at = deps.now.toISOString();
	const clock = clockOfComplaint(deps, c);
	const base = { id: c.id, trackingNo: c.trackingNo, version: c.version, staff, at };
	let change: Pick<Parameters<typeof changeComplaint>[1], "set" | "kind" | "note" | "detail">;
	if (a.action === "acknowledge") {
		const answerBy = complaintClock({ ...datesOf(c), acknowledgedOn: deps.today }, deps.today, deps.data.calendar).answerBy;
		const note = t(c.asPetition ? "complaint.event.acknowledgedPetition" : "complaint.event.acknowledged", { date: answerBy });
		change = {
			set: { status: "acknowledged" satisfies ComplaintStatus, acknowledged_at: at },
			kind: "acknowledged",
			note: a.note ? `${note}${a.note}` : note,
			detail: {},
		};
	} else if (a.action === "extend") {
		const answerBy = complaintClock({ ...datesOf(c), extended: true }, deps.today, deps.data.calendar).answerBy;
		change = {
			set: { extended_at: at, extension_reason: a.reason },
			kind: "extended",
			note: t("complaint.event.extended", { date: answerBy, reason: a.reason }),
			detail: { reason: a.reason, answerBy },
		};
	} else if (a.action === "reply") {
		change = {
			set: { status: "replied" satisfies ComplaintStatus, verdict: a.verdict, reply: a.reply, replied_at: at },
			kind: "replied",
			note: t("complaint.event.replied", { verdict: a.verdict, reply: a.reply }),
			detail: { verdict: a.verdict, overdueDays: clock.overdueDays },
		};
	} else {
		const to = (await centreStaff(deps.db, c.centre)).find((s) => s.id === a.to);
		if (!to || to.id === c.handler?.id)
			return { ok: false, status: 422, errors: [{ code: "invalid", field: "to", message: t("complaint.error.handover") }] };
		change = {
			set: { handler_id: to.id, handled_at: at },
			kind: "handed_over",
			note: null,
			detail: { from: c.handler?.id ?? null, to: to.id },
		};
	}
	// 首问负责: the first staff member to act on a complaint nobody owns becomes its owner (承办人, 承办时间).
	if (!c.handler && a.action !== "handover") change.set = { ...change.set, handler_id: staff.id, handled_at: at };
	const done = await changeComplaint(deps.db, { ...base, ...change });
	return done ? { ok: true } : { ok: false, status: 409, errors: [apiErrorOf("stale")] };
}
