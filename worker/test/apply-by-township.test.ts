import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { onlineItem } from "../src/lib/item-data";
import { apply, call, count, postForm, validApplication, validFormEntries } from "./helpers";

/**
 * Applying at a city's size: the township first, then its villages (a plain GET the Worker fills), and
 * the Worker reading one item's form and one township's data for a request, never the whole city's.
 */

const PAGE = "/items/gaoling-jintie/apply/";
const QINGSHI = ["shiqiao", "liujia", "huayuan"];
const ELSEWHERE = ["songlin", "yunfeng", "zhuping", "dongba", "hexi", "xinmin"];

/** The value of every option of the applicant's village choice. */
function villageOptions(html: string): string[] {
	const select = /<select[^>]*id="f-applicant-village"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? "";
	return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
}

describe("the apply page, one township at a time", () => {
	it("is built with the townships and no village at all where several townships offer the item", async () => {
		const res = await call(PAGE);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(villageOptions(html)).toEqual([""]);
		expect(html).toContain("请先选择上面的便民服务中心");
		expect(html).toMatch(/<form id="township-form"[^>]*method="get"/);
	});

	it("answers the township form's GET with that township chosen and only its villages", async () => {
		const res = await call(`${PAGE}?centre=qingshi`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(villageOptions(html).sort()).toEqual(["", ...QINGSHI].sort());
		expect(html).toMatch(/<option value="qingshi" selected/);
		expect(html).toMatch(/<input type="hidden" name="centre" value="qingshi"/);
		for (const other of ELSEWHERE) expect(html).not.toContain(`value="${other}"`);
		expect(html).not.toContain('id="error-summary" class="app-error-summary" role');
	});

	it("answers an unknown township, one not offering the item and none chosen with 400 and a field error, writing nothing", async () => {
		const before = await count("applications");
		for (const [path, message] of [
			[`${PAGE}?centre=nowhere`, "请选择办理这件事的便民服务中心。"],
			["/items/jiuye-dengji/apply/?centre=baihe", "请选择办理这件事的便民服务中心。"],
			[`${PAGE}?centre=`, "请选择办理的便民服务中心。"],
			[`${PAGE}?centre=..%2Fitems`, "请选择办理这件事的便民服务中心。"],
		] as const) {
			const res = await call(path);
			expect(res.status, path).toBe(400);
			const html = await res.text();
			expect(html, path).toContain(`<a href="#f-centre">${message}</a>`);
			expect(html).toMatch(/<title>错误：/);
			expect(villageOptions(html)).toEqual([""]);
		}
		expect(await count("applications")).toBe(before);
	});

	it("leaves an item without an apply page to the 404 page, and builds in the villages where one township offers the item", async () => {
		expect((await call("/items/nope/apply/?centre=qingshi")).status).toBe(404);
		const html = await (await call("/items/xuqin-beian/apply/")).text();
		expect(villageOptions(html).sort()).toEqual(["", ...QINGSHI].sort());
	});

	it("shows a refused plain form again with the chosen township's villages, the one sent still chosen", async () => {
		const entries = validFormEntries().map(([k, v]): [string, string] => (k === "applicant.phone" ? [k, "123"] : [k, v]));
		const res = await postForm("/api/applications", entries);
		expect(res.status).toBe(422);
		const html = await res.text();
		expect(villageOptions(html).sort()).toEqual(["", ...QINGSHI].sort());
		expect(html).toMatch(/<option value="shiqiao" selected/);
	});
});

describe("a submission checked against one item's form and one township's villages", () => {
	it("refuses a village of another township, an unknown township and an unknown item, writing nothing", async () => {
		const before = await count("applications");
		const body = validApplication();
		const tries: [unknown, string, string][] = [
			[{ ...body, applicant: { ...body.applicant, village: "songlin" } }, "applicant.village", "village.unknown"],
			[{ ...body, centre: "nowhere" }, "centre", "centre.unknown"],
			[
				{ ...body, item: "jiuye-dengji", centre: "baihe", applicant: { ...body.applicant, village: "songlin" } },
				"centre",
				"centre.unknown",
			],
			[{ ...body, item: "nope" }, "item", "item.unknown"],
		];
		for (const [sent, field, code] of tries) {
			const res = await apply(sent);
			expect(res.status, JSON.stringify(sent)).toBe(422);
			const { errors } = await res.json<{ errors: { field?: string; code: string; message: string }[] }>();
			expect(errors).toContainEqual(expect.objectContaining({ field, code }));
			expect(errors.every((e) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
		}
		expect(await count("applications")).toBe(before);
	});

	it("takes a village of another township once that township is the one chosen", async () => {
		const body = validApplication();
		const res = await apply({ ...body, centre: "baihe", applicant: { ...body.applicant, village: "songlin" } });
		expect(res.status, await res.clone().text()).toBe(201);
	});

	it("reads one item's form.json, parsed with core's schema, its centres without any village; a made-up code finds nothing", async () => {
		const item = await onlineItem(env.ASSETS, "gaoling-jintie");
		expect(item?.centres.map((c) => c.slug).sort()).toEqual(["baihe", "heba", "qingshi"]);
		expect(JSON.stringify(item)).not.toContain("shiqiao");
		expect(await onlineItem(env.ASSETS, "nope")).toBeUndefined();
		expect(await onlineItem(env.ASSETS, "../calendar")).toBeUndefined();
		expect((await env.ASSETS.fetch("http://assets.local/items/forms.json")).status).toBe(404);
		expect((await env.ASSETS.fetch("http://assets.local/centres/places.json")).status).toBe(404);
	});
});
