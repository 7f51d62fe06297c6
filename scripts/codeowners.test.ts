import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CODEOWNERS_FILE, codeownersText, committedOrg, ownersFrom } from "./codeowners";

describe("CODEOWNERS generated from content/", () => {
	const committed = readFileSync(CODEOWNERS_FILE, "utf8");
	const org = committedOrg(committed)!;

	it("sends a guide to its department's team and a station to its township's team", () => {
		const text = codeownersText(ownersFrom(".", org));
		expect(text).toContain(`/content/items/dibao.md @${org}/dept-minzheng @${org}/city-admins`);
		expect(text).toContain(`/content/centres/heba.yaml @${org}/town-heba @${org}/city-admins`);
		const station = readFileSync("content/stations/dongba.yaml", "utf8");
		const centre = /^centre: (\S+)/m.exec(station)![1];
		expect(text).toContain(`/content/stations/dongba.yaml @${org}/town-${centre} @${org}/city-admins`);
		// The catch-all comes first: later lines win in CODEOWNERS.
		expect(text.indexOf(`* @${org}/city-admins`)).toBeLessThan(text.indexOf("/content/"));
	});

	it("is committed as content/ is now (npm run codeowners regenerates it)", () => {
		expect(committed).toBe(codeownersText(ownersFrom(".", org)));
	});
});
