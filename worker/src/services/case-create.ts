import type { Application } from "../../../core/application";
import { idNumberIndexText, phoneIndexText } from "../../../core/blind-index";
import type { OnlineItem } from "../../../core/online-item";
import { newTrackingNo } from "../../../core/tracking";
import { t } from "../../../core/zh-CN";
import { caseByIdempotencyKey, insertCase } from "../db/applications";
import { type Keys, encrypt, hmacHex } from "../lib/crypto";

export interface NewCaseInput {
	application: Application;
	idempotencyKey: string;
	/** Keyed hash of the normalised application (and mandate): a reused key with other content is refused. */
	fingerprint: string;
	now: Date;
	centre: OnlineItem["centres"][number];
	/** 代办: the agent applying for the villager, and the 委托. */
	agent?: { id: number; mandate: Record<string, string> };
}

export type NewCaseResult = { created: boolean; trackingNo: string; submittedAt: string } | "key_reused";

/**
 * Stores a new case (or finds the one this Idempotency-Key already made): the case, its first timeline
 * event and its audit row in one batch, with a fresh random tracking number. The citizen's form and the
 * agent's 全程代办 both come here.
 */
export async function createCase(db: D1Database, keys: Keys, input: NewCaseInput): Promise<NewCaseResult> {
	const { application, idempotencyKey, fingerprint, centre } = input;
	const at = input.now.toISOString();
	const { idNumber, phone } = application.applicant;
	for (let attempt = 0; attempt < 3; attempt++) {
		const candidate = newTrackingNo((n) => crypto.getRandomValues(new Uint8Array(n)));
		let created: boolean;
		try {
			created = await insertCase(db, {
				trackingNo: candidate,
				idempotencyKey,
				requestHash: fingerprint,
				application,
				idCipher: await encrypt(keys.cipher, idNumber),
				idIndex: await hmacHex(keys.index, idNumberIndexText(idNumber) ?? idNumber),
				answersCipher: await encrypt(keys.cipher, JSON.stringify(application.answers)),
				phoneIndex: await hmacHex(keys.index, phoneIndexText(phone) ?? phone),
				window: centre.window,
				agentId: input.agent?.id ?? null,
				mandateCipher: input.agent ? await encrypt(keys.cipher, JSON.stringify(input.agent.mandate)) : null,
				at,
				note: t(input.agent ? "case.event.submittedByAgent" : "case.event.submitted", { centre: centre.name }),
			});
		} catch (err) {
			// A tracking number drawn twice (one in 10^10 per pair): draw again.
			if (err instanceof Error && err.message.includes("tracking_no")) continue;
			throw err;
		}
		if (created) return { created, trackingNo: candidate, submittedAt: at };
		const earlier = await caseByIdempotencyKey(db, idempotencyKey);
		if (!earlier) continue;
		// Only a JSON client can reuse a key for other content: a page's key is scoped to its content.
		if (earlier.requestHash !== fingerprint) return "key_reused";
		return { created: false, trackingNo: earlier.trackingNo, submittedAt: earlier.submittedAt };
	}
	throw new Error("no tracking number after 3 attempts");
}

/** What an Idempotency-Key may look like (a UUID fits). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * The key a case is stored under. A JSON client's header is the key itself: the same key with other
 * content is refused. A page's hidden key is scoped to what was sent (going back, changing an answer and
 * sending again is a new application); a page without a well-formed key gets one from its content and
 * the day, so a double click or a retry with JavaScript off still makes one case.
 */
export async function scopedIdempotencyKey(
	keys: Keys,
	key: { from: "header"; key: string } | { from: "form"; key: string | undefined },
	fingerprint: string,
	today: string,
	pagePrefix = "",
): Promise<string> {
	if (key.from === "header") return key.key;
	if (key.key && IDEMPOTENCY_KEY.test(key.key)) return `${pagePrefix}${key.key}-${fingerprint.slice(0, 16)}`;
	return `form-${(await hmacHex(keys.fingerprint, `${fingerprint}:${today}`)).slice(0, 40)}`;
}
