import { INVISIBLE_OR_CONTROL, normalizeInput } from "./normalize";

/** 中国大陆手机号: 11 digits from 13–19; +86, 0086, spaces and dashes are removed first. */
export type MobileError = "phone.empty" | "phone.format" | "phone.landline";

export function parseMobile(input: string): { ok: true; value: string } | { ok: false; code: MobileError } {
	const raw = normalizeInput(input);
	if (raw === "") return { ok: false, code: "phone.empty" };
	if (INVISIBLE_OR_CONTROL.test(raw)) return { ok: false, code: "phone.format" };
	const digits = raw.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
	if (/^0\d{9,11}$/.test(digits)) return { ok: false, code: "phone.landline" };
	if (!/^1[3-9]\d{9}$/.test(digits)) return { ok: false, code: "phone.format" };
	return { ok: true, value: digits };
}

/** 138****1234. */
export function maskMobile(value: string): string {
	return value.length === 11 ? `${value.slice(0, 3)}****${value.slice(7)}` : "*".repeat(value.length);
}

/**
 * 姓名 as on the ID card: Chinese characters (including rare ones outside the BMP, such as 𠮷) and the
 * middle dot of minority names (阿卜杜·买买提). Look-alike dots are read as the middle dot. Latin
 * letters are not taken: the ID numbers accepted here belong to holders with Chinese names on the card.
 */
export type NameError = "name.empty" | "name.short" | "name.long" | "name.format";

const DOTS = /[•．.・‧∙⋅]/g;

export function parseName(input: string): { ok: true; value: string } | { ok: false; code: NameError } {
	const value = normalizeInput(input).replace(DOTS, "·");
	if (value === "") return { ok: false, code: "name.empty" };
	if (!/^\p{Script=Han}+(·\p{Script=Han}+)*$/u.test(value)) return { ok: false, code: "name.format" };
	const length = [...value].length;
	if (length < 2) return { ok: false, code: "name.short" };
	if (length > 30) return { ok: false, code: "name.long" };
	return { ok: true, value };
}

/** 张*、欧阳** : the first character only. */
export function maskName(value: string): string {
	const chars = [...value];
	return chars[0] + "*".repeat(Math.max(chars.length - 1, 1));
}
