import { type ErrorCode, parseText } from "./application";
import { isIsoDate } from "./calendar";
import { normalizeInput } from "./normalize";
import { type StringKey, t } from "./zh-CN";

/**
 * 委托 (mandate) for 全程代办: on what authority a village agent applies for a villager. One check for
 * the agent's JSON API and form page; its words come from the string table.
 */

/** 委托方式: the bases an agent may act on (the form offers exactly these). */
export const MANDATE_BASES = ["书面委托书", "本人当面委托（已核验身份证）"] as const;
export type MandateBasis = (typeof MANDATE_BASES)[number];

export interface Mandate {
	basis: MandateBasis;
	/** The day the villager gave the 委托 (YYYY-MM-DD, China time), never after today. */
	signedOn: string;
	note?: string;
}

/** The 委托 fields and their labels, in the order the form shows them. */
export const MANDATE_KEYS = ["basis", "signedOn", "note"] as const;
type MandateKey = (typeof MANDATE_KEYS)[number];
const MANDATE_LABELS: Record<MandateKey, StringKey> = {
	basis: "staff.apply.mandate.basis",
	signedOn: "staff.apply.mandate.signedOn",
	note: "staff.apply.mandate.note",
};
const NOTE_MAX = 200;

/** A problem with the 委托: its field (mandate.basis …), code and sentence. */
export interface MandateError {
	field: string;
	code: ErrorCode;
	message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The 委托 as sent, checked: every problem at once. `today` is the China date, which bounds signedOn. */
export function checkMandate(raw: unknown, today: string): { ok: true; value: Mandate } | { ok: false; errors: MandateError[] } {
	if (raw === undefined) raw = {};
	if (!isRecord(raw)) return { ok: false, errors: [{ field: "mandate", code: "type", message: t("staff.apply.error.mandate") }] };
	const errors: MandateError[] = [];
	const fail = (key: string, code: ErrorCode, message: string) => void errors.push({ field: `mandate.${key}`, code, message });
	const label = (key: MandateKey) => t(MANDATE_LABELS[key]);
	for (const key of Object.keys(raw))
		if (!(MANDATE_KEYS as readonly string[]).includes(key)) fail(key, "unknown", t("error.unknown", { label: key }));

	const basis = typeof raw.basis === "string" ? raw.basis.normalize("NFC").trim() : raw.basis;
	if (basis === undefined || basis === "") fail("basis", "required", t("error.required.choice", { label: label("basis") }));
	else if (typeof basis !== "string" || !(MANDATE_BASES as readonly string[]).includes(basis))
		fail("basis", "option", t("error.option", { label: label("basis") }));

	const signedOn = typeof raw.signedOn === "string" ? normalizeInput(raw.signedOn) : raw.signedOn;
	if (signedOn === undefined || signedOn === "") fail("signedOn", "required", t("error.required", { label: label("signedOn") }));
	else if (typeof signedOn !== "string" || !isIsoDate(signedOn) || signedOn < "1900-01-01")
		fail("signedOn", "date.format", t("error.date.format", { label: label("signedOn") }));
	else if (signedOn > today) fail("signedOn", "date.range", t("staff.apply.error.signedOnFuture"));

	let note: string | undefined;
	if (raw.note !== undefined && raw.note !== null && raw.note !== "") {
		const parsed = typeof raw.note === "string" ? parseText(raw.note, true, NOTE_MAX) : { ok: false as const, code: "type" as const };
		if (!parsed.ok) fail("note", parsed.code, t(`error.${parsed.code}`, { label: label("note") }));
		else if (parsed.value !== "") note = parsed.value;
	}
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, value: { basis: basis as MandateBasis, signedOn: signedOn as string, ...(note ? { note } : {}) } };
}
