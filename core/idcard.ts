import { isIsoDate } from "./calendar";
import { INVISIBLE_OR_CONTROL, normalizeInput } from "./normalize";

/**
 * 公民身份号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, and a check
 * character by ISO 7064 MOD 11-2. Decisions:
 * - accepted: mainland numbers (region starting 1–6) and the residence permits of Hong Kong, Macao
 *   and Taiwan residents (81, 82, 83), which follow the same standard;
 * - refused with their own code: the old 15-digit numbers (replaced since 2004; the card holder has an
 *   18-digit number) and the foreigner's permanent residence ID (starting with 9), whose holders apply
 *   at the window with their card.
 */
export type IdCardError =
	| "idcard.empty"
	| "idcard.old15"
	| "idcard.length"
	| "idcard.format"
	| "idcard.foreigner"
	| "idcard.region"
	| "idcard.date"
	| "idcard.checksum";

export type IdCardResult = { ok: true; value: string } | { ok: false; code: IdCardError };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The check character for the first 17 digits. */
export function idCardCheckChar(first17: string): string {
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
	return CHECK[sum % 11];
}

/** Validates an ID number as typed; `today` (YYYY-MM-DD, Asia/Shanghai) bounds the birth date. */
export function parseIdCard(input: string, today: string): IdCardResult {
	const value = normalizeInput(input).toUpperCase();
	if (value === "") return { ok: false, code: "idcard.empty" };
	if (INVISIBLE_OR_CONTROL.test(value)) return { ok: false, code: "idcard.format" };
	if (/^\d{15}$/.test(value)) return { ok: false, code: "idcard.old15" };
	if (value.length !== 18) return { ok: false, code: "idcard.length" };
	if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, code: "idcard.format" };
	if (value.startsWith("9")) return { ok: false, code: "idcard.foreigner" };
	if (!isKnownRegion(value.slice(0, 6))) return { ok: false, code: "idcard.region" };
	const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
	if (!isIsoDate(birth) || birth < "1900-01-01" || birth > today) return { ok: false, code: "idcard.date" };
	if (idCardCheckChar(value) !== value[17]) return { ok: false, code: "idcard.checksum" };
	return { ok: true, value };
}

/** Provinces of GB/T 2260, and the fixed codes of the Hong Kong, Macao and Taiwan residence permits. */
const PROVINCES = new Set("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65".split(" "));
const PERMITS = new Set(["810000", "820000", "830000"]);

function isKnownRegion(region: string): boolean {
	return PERMITS.has(region) || (PROVINCES.has(region.slice(0, 2)) && region.slice(2) !== "0000");
}

/** 110***********1234: the first three and last four characters, never more. */
export function maskIdCard(value: string): string {
	return value.length < 8 ? "*".repeat(value.length) : `${value.slice(0, 3)}${"*".repeat(value.length - 7)}${value.slice(-4)}`;
}
