import { describe, expect, it } from "vitest";
import { strings } from "../site/i18n/zh-CN";

// Every error code core/ can return has its Chinese wording in the one string table.
const CODES = [
	"idcard.empty",
	"idcard.old15",
	"idcard.length",
	"idcard.format",
	"idcard.foreigner",
	"idcard.region",
	"idcard.date",
	"idcard.checksum",
	"phone.empty",
	"phone.format",
	"phone.landline",
	"name.empty",
	"name.short",
	"name.long",
	"name.format",
] as const;

describe("error wording", () => {
	it.each(CODES)("%s has a Chinese sentence that says what to do", (code) => {
		const text = (strings as Record<string, string>)[`error.${code}`];
		expect(text).toMatch(/^[^a-z]*[\u4e00-\u9fff].*。$/);
	});
});
