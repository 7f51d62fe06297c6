import { describe, expect, it } from "vitest";
import { SeedError } from "./seed-month";
import { monthsEnding, run } from "./seed-year";

/**
 * npm run seed:year: the months it writes and the mistakes it refuses before touching any database. The rows of
 * each month are seed:month's planMonth (scripts/seed-month.test.ts); the whole year is run by
 * npm run bench:backoffice, which times the back office on it.
 */
describe("seed:year", () => {
	it("writes the twelve months that end with --to, across a new year", () => {
		expect(monthsEnding("2026-10")).toEqual([
			"2025-11",
			"2025-12",
			"2026-01",
			"2026-02",
			"2026-03",
			"2026-04",
			"2026-05",
			"2026-06",
			"2026-07",
			"2026-08",
			"2026-09",
			"2026-10",
		]);
		expect(monthsEnding("2026-12")[0]).toBe("2026-01");
	});

	it.each([
		[[], "--persist-to"],
		[["--persist-to", "/nowhere", "--to", "2026-13", "--pii-key", "k"], "--to"],
		[["--persist-to", "/nowhere", "--per-centre", "9-3", "--pii-key", "k"], "--per-centre"],
		[["--persist-to", "/nowhere", "--seed", "-1", "--pii-key", "k"], "--seed"],
		[["--persist-to", "/nowhere"], "--pii-key"],
		[["--persist-to", "/nowhere", "--bogus"], "选项写法不对"],
	])("refuses %j in Chinese, naming what to fix, before writing anything", async (argv, named) => {
		const refused = await run(argv).catch((err: unknown) => err);
		expect(refused).toBeInstanceOf(SeedError);
		expect((refused as SeedError).message).toContain(named);
	});

	it("prints its usage", async () => {
		expect(await run(["--help"])).toContain("npm run seed:year");
	});
});
