import { beforeAll, describe, expect, it } from "vitest";
import { BASE } from "./helpers";
import { type Caller, CENTRES, SEES, WHO, type Who, as, newCase, row, seedStaff } from "./staff-helpers";

/**
 * The back-office pages under the same rule as the API (BAD-INPUTS 25): every role × two centres ×
 * every page route. A case outside the caller's scope is the 404 page; a role without the right gets
 * the case page with a 403; anyone else gets what they asked for.
 */

const isAgent = (who: Who) => who.endsWith(".agent") || who === "qingshi.otherAgent";

let callers: Record<Who, Caller>;
beforeAll(async () => {
	const ids = await seedStaff("pages-matrix");
	callers = Object.fromEntries(await Promise.all(WHO.map(async (w) => [w, await as(ids[w])] as const))) as Record<Who, Caller>;
});

const form = (entries: [string, string][]): RequestInit => ({
	method: "POST",
	headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
	body: new URLSearchParams(entries).toString(),
	redirect: "manual",
});

const cells = WHO.flatMap((who) => CENTRES.map((centre) => ({ who, centre, sees: SEES[who].includes(centre) })));

describe("page routes × roles × centres", () => {
	it.each(cells.map((c) => ({ ...c, expected: c.sees ? 200 : 404 })))(
		"case page: $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await newCase(centre);
			expect((await callers[who](`/staff/cases/${c.trackingNo}/`)).status).toBe(expected);
		},
	);

	it.each(cells.map((c) => ({ ...c, expected: !c.sees ? 404 : isAgent(c.who) ? 403 : 303 })))(
		"accept by form: $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await newCase(centre);
			const res = await callers[who](
				`/staff/cases/${c.trackingNo}/actions/`,
				form([
					["action", "accept"],
					["version", "1"],
				]),
			);
			expect(res.status).toBe(expected);
			expect((await row(c.trackingNo)).status).toBe(expected === 303 ? "accepted" : "submitted");
		},
	);

	it.each(cells.map((c) => ({ ...c, expected: !c.sees ? 404 : isAgent(c.who) ? 403 : 200 })))(
		"reveal the ID number: $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await newCase(centre);
			const res = await callers[who](`/staff/cases/${c.trackingNo}/reveal-id/`, form([]));
			expect(res.status).toBe(expected);
			const html = await res.text();
			if (expected === 200) expect(html).toContain(c.idNumber);
			else expect(html).not.toContain(c.idNumber);
		},
	);

	it.each(cells.map((c) => ({ ...c, expected: !c.sees ? 404 : isAgent(c.who) ? 303 : 403 })))(
		"paper forwarded: $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await newCase(centre);
			const res = await callers[who](`/staff/cases/${c.trackingNo}/paper-forwarded/`, form([]));
			expect(res.status).toBe(expected);
		},
	);

	it.each(WHO)("the list: %s sees only cases in scope", async (who) => {
		const cases = await Promise.all(CENTRES.map((centre) => newCase(centre)));
		const html = await (await callers[who]("/staff/")).text();
		CENTRES.forEach((centre, i) =>
			expect(html.includes(`/staff/cases/${cases[i].trackingNo}/`), `${who} ${centre}`).toBe(SEES[who].includes(centre)),
		);
	});
});
