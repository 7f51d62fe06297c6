import { normalizeInput } from "./normalize";

/**
 * 办件编号 (tracking number) and 查询码 (query code). The number is random (never sequential, so
 * it says nothing about other cases), eight characters in two groups of four, drawn from an alphabet
 * without look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V. The query code is six digits the
 * applicant keeps; a lookup needs both.
 */
export const TRACKING_ALPHABET = "34679ACDEFGHJKMNPQRTWXY";

const TRACKING_NO = new RegExp(`^[${TRACKING_ALPHABET}]{4}-[${TRACKING_ALPHABET}]{4}$`);

/** A new tracking number from eight random bytes (rejection sampling keeps every character equally likely). */
export function newTrackingNo(randomBytes: (n: number) => Uint8Array): string {
	const n = TRACKING_ALPHABET.length;
	const limit = 256 - (256 % n);
	const chars: string[] = [];
	while (chars.length < 8) {
		for (const b of randomBytes(16)) if (b < limit && chars.length < 8) chars.push(TRACKING_ALPHABET[b % n]);
	}
	return `${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

/** As typed: full-width, lower case, spaces and a missing or extra dash are forgiven. */
export type TrackingNoError = "tracking.empty" | "tracking.format";
export type QueryCodeError = "query.empty" | "query.format";

export function parseTrackingNo(input: string): { ok: true; value: string } | { ok: false; code: TrackingNoError } {
	if (input.length > 40) return { ok: false, code: "tracking.format" };
	const compact = normalizeInput(input)
		.toUpperCase()
		.replace(/[\s\-－—]/g, "");
	if (compact === "") return { ok: false, code: "tracking.empty" };
	const value = `${compact.slice(0, 4)}-${compact.slice(4)}`;
	return TRACKING_NO.test(value) ? { ok: true, value } : { ok: false, code: "tracking.format" };
}

export function parseQueryCode(input: string): { ok: true; value: string } | { ok: false; code: QueryCodeError } {
	if (input.length > 40) return { ok: false, code: "query.format" };
	const value = normalizeInput(input).replace(/\s/g, "");
	if (value === "") return { ok: false, code: "query.empty" };
	return /^\d{6}$/.test(value) ? { ok: true, value } : { ok: false, code: "query.format" };
}
