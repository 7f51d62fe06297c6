import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { centreData, centreIndex } from "../src/lib/centre-data";

describe("per-township built data", () => {
	it("reads one centre with its windows, items and stations, and every centre by name", async () => {
		const qingshi = await centreData(env.ASSETS, "qingshi");
		expect(qingshi?.name).toBe("青石镇便民服务中心");
		expect(qingshi?.stations.length).toBeGreaterThan(0);
		expect(qingshi?.stations.every((s) => s.items.length > 0 && s.agent.phone)).toBe(true);
		expect(qingshi?.items.every((o) => qingshi.windows.some((w) => w.department === o.window))).toBe(true);
		expect((await centreIndex(env.ASSETS)).map((c) => c.slug)).toEqual(["baihe", "heba", "qingshi"]);
	});

	it("answers undefined for a township that does not exist or a slug that is not one, without fetching it", async () => {
		expect(await centreData(env.ASSETS, "nowhere")).toBeUndefined();
		expect(await centreData(env.ASSETS, "../items")).toBeUndefined();
	});
});
