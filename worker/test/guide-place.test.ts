import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE } from "./helpers";

// Runs against dist/ as built: a guide's 在哪里办 filled by the Worker for the reader's place.
const get = (path: string, cookie?: string) =>
	exports.default.fetch(new Request(`${BASE}${path}`, { headers: cookie === undefined ? {} : { Cookie: cookie } }));

/** The text of the element with this id, tags stripped, or undefined when it is missing or hidden. */
function shown(html: string, id: string): string | undefined {
	const m = new RegExp(`<([a-z0-9]+)[^>]*\\sid="${id}"([^>]*)>([\\s\\S]*?)</\\1>`).exec(html);
	if (!m || /\shidden(\s|=|>|$)/.test(` ${m[2]}`)) return undefined;
	return m[3]
		.replace(/<[^>]+>/g, "")
		.replace(/\s+/g, " ")
		.trim();
}
const hiddenAttr = (html: string, id: string) => new RegExp(`id="${id}"[^>]*\\shidden`).test(html);

async function expectPrivate(res: Response) {
	expect(res.status).toBe(200);
	expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
	expect(res.headers.get("Vary")).toMatch(/Cookie/);
	expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
	return res.text();
}

describe("a guide's 在哪里办 for the reader's place", () => {
	it("without a place shows the township choice and how many townships offer the item, and sets no cookie", async () => {
		const res = await get("/items/dibao/");
		const html = await expectPrivate(res);
		expect(res.headers.get("Set-Cookie")).toBeNull();
		expect(shown(html, "where-count")).toMatch(/全市有 3 个乡镇（街道）便民服务中心办理本事项。其中 9 个村/);
		expect(html).toMatch(/<select id="where-township"[^>]*name="township"/);
		expect(html).toContain('<option value="qingshi"');
		expect(hiddenAttr(html, "where-place")).toBe(true);
		expect(html).not.toContain("王秀兰");
	});

	it("takes the township from the plain form: its centre's window, phone, address, hours and market days, then asks for the village", async () => {
		const res = await get("/items/dibao/?township=qingshi");
		const html = await expectPrivate(res);
		expect(res.headers.get("Set-Cookie")).toBe("place=qingshi; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
		expect(shown(html, "where-centre")).toBe("青石镇便民服务中心");
		expect(shown(html, "where-window")).toBe("1号窗口（民政）");
		expect(shown(html, "where-phone")).toBe("0838-6210001");
		expect(html).toContain('href="tel:0838-6210001"');
		expect(shown(html, "where-address")).toBe("示范市青石镇人民路12号（镇政府一楼）");
		expect(shown(html, "where-market")).toMatch(/^逢二五八。逢场天中午不休息/);
		expect(shown(html, "where-complaint")).toBe("青石镇便民服务中心投诉电话：0838-6210999");
		expect(hiddenAttr(html, "where-print")).toBe(true);
		// The township form is gone; the village form carries the township and lists only its villages.
		expect(html).not.toContain('id="where-township-form"');
		expect(html).toMatch(/id="where-village-township"[^>]*value="qingshi"/);
		const villages = [...html.matchAll(/<option value="([a-z0-9-]+)">/g)].map((m) => m[1]);
		expect(villages.sort()).toEqual(["huayuan", "liujia", "shiqiao"]);
		expect(hiddenAttr(html, "where-village-form")).toBe(false);
	});

	it("takes the village next: the station and its agent, remembered with the township", async () => {
		const res = await get("/items/dibao/?township=qingshi&village=shiqiao");
		const html = await expectPrivate(res);
		expect(res.headers.get("Set-Cookie")).toMatch(/^place=qingshi\.shiqiao; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly$/);
		expect(shown(html, "where-station-link")).toBe("石桥村便民服务站");
		expect(shown(html, "where-agent")).toBe("王秀兰");
		expect(html).toContain('href="tel:13900001101"');
		expect(hiddenAttr(html, "where-village-form")).toBe(true);
	});

	it("reads the cookie on another guide, and says plainly when the village station does not take that item", async () => {
		const html = await expectPrivate(await get("/items/shenfenzheng/", "place=qingshi.shiqiao"));
		expect(shown(html, "where-centre")).toBe("青石镇便民服务中心");
		expect(shown(html, "where-station-no")).toBe("石桥村便民服务站不代办本事项，请直接到青石镇便民服务中心办理。");
		expect(hiddenAttr(html, "where-station-yes")).toBe(true);
		expect(html).not.toContain("王秀兰");
	});

	it("shows the local window and note, a township without market days, and a township that does not offer the item", async () => {
		const baihe = await expectPrivate(await get("/items/canjiren-zheng/", "place=baihe"));
		expect(shown(baihe, "where-window")).toMatch(/（民政）$/);
		expect(shown(baihe, "where-note")).toMatch(/^本乡不设残联窗口/);
		const heba = await expectPrivate(await get("/items/dibao/", "place=heba"));
		expect(heba).not.toContain('id="where-market"');
		const none = await expectPrivate(await get("/items/getihu-dengji/", "theme=x; place=baihe"));
		expect(shown(none, "where-centre-none")).toMatch(/^白鹤乡便民服务中心不办理本事项。请换一个地方/);
		expect(none).not.toContain('id="where-facts"');
	});

	it("换一个地方 opens the township choice on the reader's township, keeping the cookie", async () => {
		const res = await get("/items/dibao/?change=1", "place=qingshi.shiqiao");
		const html = await expectPrivate(res);
		expect(res.headers.get("Set-Cookie")).toBeNull();
		expect(html).toMatch(/<option value="qingshi"[^>]*selected/);
		expect(hiddenAttr(html, "where-place")).toBe(true);
	});

	it("asks for a township when the form was sent without one", async () => {
		const res = await get("/items/dibao/?township=", "place=heba");
		const html = await expectPrivate(res);
		expect(res.headers.get("Set-Cookie")).toBeNull();
		expect(shown(html, "where-message")).toBe("请先选择您所在的乡镇（街道），再点「确定」。");
		expect(html).toContain('id="where-township-form"');
	});

	it.each(["nowhere", "QINGSHI", "../centres", "a".repeat(300), "<script>"])(
		"answers an unknown township %j in the address with the choice and a message, never an error, the cookie untouched",
		async (township) => {
			const res = await get(`/items/dibao/?township=${encodeURIComponent(township)}`, "place=heba");
			const html = await expectPrivate(res);
			expect(res.headers.get("Set-Cookie")).toBeNull();
			expect(shown(html, "where-message")).toBe("没有找到您选的乡镇，请从列表里重新选择。");
			expect(html).toContain('id="where-township-form"');
			expect(html).not.toContain("<script>");
		},
	);

	it("keeps the township when the village in the address is unknown, and says so", async () => {
		const res = await get("/items/dibao/?township=qingshi&village=dongba");
		const html = await expectPrivate(res);
		expect(res.headers.get("Set-Cookie")).toMatch(/^place=qingshi;/);
		expect(shown(html, "where-message")).toMatch(/^没有找到您选的村（社区）/);
		expect(shown(html, "where-centre")).toBe("青石镇便民服务中心");
		expect(hiddenAttr(html, "where-village-form")).toBe(false);
	});

	it.each(["nowhere", "qingshi.shiqiao.x", "%E9%9D%92", "qingshi/x", "a".repeat(100)])(
		"forgets a cookie %j that names no place, silently, with the choice shown",
		async (value) => {
			const res = await get("/items/dibao/", `place=${value}`);
			const html = await expectPrivate(res);
			expect(res.headers.get("Set-Cookie")).toBe("place=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly");
			expect(hiddenAttr(html, "where-message")).toBe(true);
			expect(html).toContain('id="where-township-form"');
		},
	);

	it("drops a village that is not the township's from the cookie, keeping the township", async () => {
		const res = await get("/items/dibao/", "place=qingshi.dongba");
		expect(res.headers.get("Set-Cookie")).toMatch(/^place=qingshi;/);
		expect(shown(await expectPrivate(res), "where-centre")).toBe("青石镇便民服务中心");
	});

	it("keeps nothing but the two place names, writes nothing, and is Secure over HTTPS", async () => {
		const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_entries").first<{ n: number }>();
		const res = await exports.default.fetch(
			new Request("https://bianmin.example/items/dibao/?township=qingshi&village=shiqiao&name=%E5%BC%A0%E4%B8%89&phone=13812345678"),
		);
		const cookie = res.headers.get("Set-Cookie") ?? "";
		expect(cookie).toBe("place=qingshi.shiqiao; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly; Secure");
		expect(await res.text()).not.toContain("13812345678");
		const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_entries").first<{ n: number }>();
		expect(after?.n).toBe(before?.n);
	});

	it("shows the remembered place on the guide shown again after a 本页有用吗 form with errors", async () => {
		const res = await exports.default.fetch(
			new Request(`${BASE}/api/feedback`, {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: "place=qingshi.shiqiao" },
				body: new URLSearchParams([
					["item", "dibao"],
					["useful", "no"],
				]).toString(),
			}),
		);
		expect(res.status).toBe(422);
		expect(res.headers.get("Set-Cookie")).toBeNull();
		const html = await res.text();
		expect(shown(html, "where-window")).toBe("1号窗口（民政）");
		expect(shown(html, "where-agent")).toBe("王秀兰");
	});

	it("leaves other pages under /items/ alone: an unknown guide is the 404 page", async () => {
		expect((await get("/items/no-such-item/", "place=qingshi")).status).toBe(404);
		expect((await get("/items/gaoling-jintie/apply/", "place=qingshi")).status).toBe(200);
	});
});
