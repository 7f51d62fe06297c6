import { type Application, type Checked, type FieldError, checkApplication, parseText } from "../../../core/application";
import { CASE_STATUSES, nextStatus } from "../../../core/case";
import { maskIdCard } from "../../../core/idcard";
import { maskMobile, maskName } from "../../../core/person";
import type { ApplyItem, OnlineItem } from "../../../core/online-item";
import { t } from "../../../core/zh-CN";
import {
	type CaseDetails,
	type StoredCase,
	answerCorrection as storeAnswer,
	caseRecord,
	caseRecordQueries,
	clearLookupFailures,
	recordLookupFailure,
	toCaseRecord,
} from "../db/applications";
import { complaintQuery, toComplaintRow } from "../db/complaints";
import type { StoredComplaint } from "../db/complaints";
import { type Keys, decrypt, hmacHex, queryCodeFor, sameText } from "../lib/crypto";
import { type NewCaseResult, createCase, scopedIdempotencyKey } from "./case-create";
import { answerBy } from "./case-clock";
import type { Deps } from "./deps";
import { verifiedComplaint } from "./complaints";
import { type CitizenRatings, citizenRatings } from "./ratings";

/** A citizen's own application, checked against its item's built form and its township's villages (applyItemFor). */
export function checkSubmission(deps: Deps, raw: unknown, item: ApplyItem | undefined): Checked<Application> {
	return checkApplication(raw, (code) => (code === item?.code ? item : undefined), deps.today);
}

/** Stores a checked application under its (scoped) Idempotency-Key. */
export async function storeSubmission(
	deps: Deps & { keys: Keys },
	application: Application,
	key: { from: "header"; key: string } | { from: "form"; key: string | undefined },
	item: OnlineItem,
): Promise<NewCaseResult> {
	const fingerprint = await hmacHex(deps.keys.fingerprint, JSON.stringify(application));
	const idempotencyKey = await scopedIdempotencyKey(deps.keys, key, fingerprint, deps.today);
	const centre = item.centres.find((x) => x.slug === application.centre)!;
	return createCase(deps.db, deps.keys, { application, idempotencyKey, fingerprint, now: deps.now, centre });
}

/** A case as a citizen opens it: the row and what its view needs, read together. */
export interface CaseRecord {
	stored: StoredCase;
	details: CaseDetails;
}

type Credentials = { trackingNo: string; queryCode: string };

/**
 * The one gate to a case for a citizen: the tracking number and its query code. An unknown number, a
 * wrong code and a locked case all come back as the same failure; wrong codes count towards the lock.
 * One round trip reads the case with its details; the code is computed beside it, even for an unknown
 * number, so both paths do the same work.
 */
export async function verifiedCase(deps: Deps & { keys: Keys }, cred: Credentials): Promise<CaseRecord | undefined> {
	const [found, expected] = await Promise.all([caseRecord(deps.db, cred.trackingNo), queryCodeFor(deps.keys, cred.trackingNo)]);
	return found && (await admitted(deps, found.stored, cred, expected)) ? found : undefined;
}

/**
 * /track/'s lookup: a case or a complaint (they share tracking numbers' form), in one round trip whatever
 * the number is: the case with its details and the complaint row are read in one batch.
 */
export async function verifiedCaseOrComplaint(
	deps: Deps & { keys: Keys },
	cred: Credentials,
): Promise<CaseRecord | StoredComplaint | undefined> {
	const [results, expected] = await Promise.all([
		deps.db.batch([...caseRecordQueries(deps.db, cred.trackingNo), complaintQuery(deps.db, cred.trackingNo)]),
		queryCodeFor(deps.keys, cred.trackingNo),
	]);
	const found = toCaseRecord(results);
	if (found) return (await admitted(deps, found.stored, cred, expected)) ? found : undefined;
	const complaint = results[3].results[0];
	return verifiedComplaint(deps, cred, { stored: complaint ? toComplaintRow(complaint) : null, expected });
}

/** The lock and the code, on a case already read: a wrong code counts (exactly, in D1) towards the lock. */
async function admitted(deps: Deps, stored: StoredCase, cred: Credentials, expected: string): Promise<boolean> {
	if (stored.lockedUntil !== null && stored.lockedUntil > deps.now.toISOString()) return false;
	if (!sameText(expected, cred.queryCode)) {
		await recordLookupFailure(deps.db, stored.id, deps.now);
		return false;
	}
	// A write only when there is something to clear: most lookups read and nothing else.
	if (stored.lookupFailures > 0) await clearLookupFailures(deps.db, stored.id);
	return true;
}

export interface CaseView {
	trackingNo: string;
	item: { code: string; name: string };
	centre: { slug: string; name: string };
	applicant: { name: string; idNumber: string; phone: string };
	status: string;
	statusCode: string;
	statusLabel: string;
	submittedAt: string;
	next: string;
	/** A submitted case: the last day for the centre's answer (受理 or 补正; after a 补正 answer, 受理 or not). */
	answerBy: string | null;
	timeline: { at: string; status: string; statusLabel: string; note: string | null }[];
	correction: { respondBy: string; items: { id: string; name: string; reason: string }[] } | null;
	/** 好差评: the ratings given, the centre's replies, and whether (and which) a rating may be given now. */
	ratings: CitizenRatings;
}

/**
 * What a citizen may see of a case: status, public timeline, next step, and personal data masked. The
 * details come with the case when it was just opened; after a change they are read again (one round trip).
 */
export async function caseView(deps: Deps & { keys: Keys }, stored: StoredCase, read?: CaseDetails): Promise<CaseView> {
	const item = deps.data.items.get(stored.item);
	const centreName = deps.data.centres.get(stored.centre) ?? stored.centre;
	const [details, idNumber] = await Promise.all([
		read ?? caseRecord(deps.db, stored.trackingNo).then((r) => r?.details),
		decrypt(deps.keys.cipher, stored.idCipher),
	]);
	if (!details) throw new Error("case gone while shown");
	const open = stored.status === "correction" ? details.openCorrection : null;
	const answeredAt = stored.status === "submitted" ? details.lastAnswerAt : null;
	const paused = stored.status === "suspended" ? details.openSuspension : undefined;
	const events = details.timeline;
	const ratings = await citizenRatings(deps, stored, details.ratings);
	const by = stored.status === "submitted" ? answerBy({ item: stored.item, submittedAt: stored.submittedAt, answeredAt }, deps) : null;
	return {
		trackingNo: stored.trackingNo,
		item: { code: stored.item, name: item?.name ?? stored.item },
		centre: { slug: stored.centre, name: centreName },
		applicant: {
			name: maskName(stored.applicantName),
			idNumber: idNumber ? maskIdCard(idNumber) : "",
			phone: maskMobile(stored.applicantPhone),
		},
		status: stored.status,
		statusCode: CASE_STATUSES[stored.status],
		statusLabel: t(`case.status.${stored.status}`),
		submittedAt: stored.submittedAt,
		next: answeredAt
			? t("case.next.answered", { centre: centreName, date: by ?? "" })
			: paused?.procedure
				? t("case.next.suspended.procedure", {
						procedure: paused.procedure,
						basis: paused.basis ?? "",
						expectedBy: paused.expectedBy ?? "",
					})
				: t(`case.next.${stored.status}`, { centre: centreName, date: by ?? open?.respondBy ?? "" }),
		answerBy: by,
		timeline: events.map((e) => ({ at: e.at, status: e.status, statusLabel: t(`case.status.${e.status}`), note: e.note })),
		correction: open && { respondBy: open.respondBy, items: open.items },
		ratings,
	};
}

export type CorrectionAnswer = { ok: true; view: CaseView } | { ok: false; status: 409 | 422; errors: FieldError[] };

/**
 * The applicant's answer to the 补正 notice: which listed materials are now supplied (at least one, each
 * once, only from the notice) and an optional note. Of two answers at once, one lands.
 */
export async function answerCorrection(
	deps: Deps & { keys: Keys },
	{ stored, details }: CaseRecord,
	supplied: unknown,
	rawNote: unknown,
): Promise<CorrectionAnswer> {
	const open = stored.status === "correction" ? details.openCorrection : null;
	if (!open) return { ok: false, status: 409, errors: [{ code: "correction.none" }] };
	const ids = new Set(open.items.map((i) => i.id));
	const problems: FieldError[] = [];
	if (!Array.isArray(supplied) || supplied.length === 0) problems.push({ field: "supplied", code: "correction.supplied.required" });
	else if (
		supplied.length > ids.size ||
		supplied.some((s) => typeof s !== "string" || !ids.has(s)) ||
		new Set(supplied).size !== supplied.length
	)
		problems.push({ field: "supplied", code: "correction.supplied.option" });
	let note: string | null = null;
	if (rawNote !== undefined && rawNote !== null && rawNote !== "") {
		const parsed = typeof rawNote === "string" ? parseText(rawNote, true, 500) : { ok: false as const, code: "type" as const };
		if (parsed.ok) note = parsed.value || null;
		else problems.push({ field: "note", code: parsed.code });
	}
	if (problems.length > 0) return { ok: false, status: 422, errors: problems };

	const chosen = open.items.filter((i) => (supplied as string[]).includes(i.id));
	const items = chosen.map((i) => i.name).join("、");
	const ok = await storeAnswer(deps.db, {
		caseId: stored.id,
		trackingNo: stored.trackingNo,
		version: stored.version,
		correctionId: open.id,
		supplied: chosen.map((i) => i.id),
		note,
		at: deps.now.toISOString(),
		timelineNote: note ? t("case.event.correction_answered.note", { items, note }) : t("case.event.correction_answered", { items }),
	});
	if (!ok) return { ok: false, status: 409, errors: [{ code: "correction.none" }] };
	return { ok: true, view: await caseView(deps, { ...stored, status: nextStatus("correction", "answer_correction")! }) };
}
