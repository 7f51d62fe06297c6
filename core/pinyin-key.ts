/**
 * Pinyin keys that forgive how people type: tones are never stored, and the confusions common in
 * speech and on a pinyin keyboard — 平翘舌 (z/zh, c/ch, s/sh) and 前后鼻音 (an/ang, en/eng, in/ing) — give
 * the same key. The build writes plain toneless syllables ("di bao"); everything here runs on both sides
 * of a comparison, so the rules only have to be the same, not linguistically exact.
 */

/** One syllable, forgiving: zhang → zan, shi → si, qing → qin, lü stays lv. */
export function fuzzySyllable(syllable: string): string {
	return syllable
		.toLowerCase()
		.replace(/^([zcs])h/, "$1")
		.replace(/ng$/, "n");
}

/**
 * A run of Latin letters as typed (no syllable boundaries known), forgiving the same way. Applied to a
 * query and to the joined syllables of a term alike: "canjizeng", "can ji zheng" and "canjizheng" agree.
 */
export function fuzzyLetters(letters: string): string {
	return letters
		.toLowerCase()
		.replace(/[^a-zü]/g, "")
		.replace(/ü/g, "v")
		.replace(/([zcs])h/g, "$1")
		.replace(/ng/g, "n");
}

/** The first letters of the syllables ("di bao" → "db"); zh, ch and sh count as z, c and s. */
export function pinyinInitials(syllables: string): string {
	return syllables
		.split(" ")
		.filter(Boolean)
		.map((s) => s[0])
		.join("")
		.toLowerCase();
}

/** Whether a query is typed pinyin: Latin letters (and spaces) only, two letters at least. */
export function isPinyinQuery(query: string): boolean {
	return /^[a-zA-Zü\s']+$/.test(query) && query.replace(/[\s']/g, "").length >= 2;
}
