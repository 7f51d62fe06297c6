import { normalizeInput } from "./normalize";
import { parseMobile } from "./person";

/**
 * 盲索引 (blind index): the Worker stores a keyed hash of the ID number and of the phone, so staff can
 * find a case by either without the database holding them searchable in clear. The hash only matches
 * when the text hashed is the same, so storing and searching both normalise here, once.
 */

/**
 * The text an ID number is indexed by: NFKC (full-width １１０ and ｘ become 110 and x), white space
 * removed, upper case. Null when it cannot be an ID number at all; the check digit is not asked here.
 */
export function idNumberIndexText(raw: string): string | null {
	const value = normalizeInput(raw).replace(/\s+/g, "").toUpperCase();
	return /^\d{17}[\dX]$/.test(value) ? value : null;
}

/** The text a mobile number is indexed by, prefixed so it can never equal an ID number's. */
export function phoneIndexText(raw: string): string | null {
	const phone = parseMobile(raw);
	return phone.ok ? `phone:${phone.value}` : null;
}
