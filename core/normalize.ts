/**
 * Every value a person types is normalised once, the same way in the page and the Worker, before it
 * is validated: Unicode NFKC (full-width １１０ and Ｘ become 110 and X) and surrounding white space removed.
 */
export function normalizeInput(value: string): string {
	return value.normalize("NFKC").trim();
}

/** Control, zero-width and bidi-override characters: never part of a name, number or address. */
export const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
