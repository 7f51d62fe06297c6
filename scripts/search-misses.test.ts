import { describe, expect, it } from "vitest";
import { main, missesReport, sinceDay } from "./search-misses";

describe("npm run search:misses", () => {
	it("prints the words, most frequent first as given, with the advice to add aliases", () => {
		const out = missesReport(
			[
				{ query: "牛丢了", misses: 5, days: 3, last: "2026-03-20" },
				{ query: "低宝宝", misses: 1, days: 1, last: "2026-03-02" },
			],
			28,
			"2026-02-22",
		);
		expect(out).toContain("最近 28 天（2026-02-22 起）");
		expect(out.indexOf("牛丢了")).toBeLessThan(out.indexOf("低宝宝"));
		expect(out).toContain("aliases（俗称）");
	});

	it("says so when nothing was missed", () => {
		expect(missesReport([], 7, "2026-03-14")).toMatch(/没有。$/);
	});

	it("counts days in China time", () => {
		expect(sinceDay(new Date("2026-03-20T17:00:00Z"), 1)).toBe("2026-03-21");
		expect(sinceDay(new Date("2026-03-20T03:00:00Z"), 7)).toBe("2026-03-14");
	});

	it.each([["--days", "0"], ["--days", "abc"], ["--remote", "--persist-to", "x"], ["extra"], ["--nope"]])(
		"refuses %j in Chinese",
		(...argv) => {
			const { status, stderr } = main(argv);
			expect(status).toBe(1);
			expect(stderr).toMatch(/^✖ [\u4e00-\u9fff-]/);
		},
	);

	it("shows its usage", () => {
		expect(main(["--help"]).stdout).toContain("npm run search:misses");
	});
});
