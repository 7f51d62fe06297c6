import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { TRACKING_ALPHABET } from "../../core/tracking";
import { decrypt, keysFrom } from "../src/lib/crypto";
import { MANDATE_BASES } from "../../core/mandate";
import { BASE, postJson, validFormEntries } from "./helpers";
import { type Caller, type Who, as, idNumberFor, seedStaff } from "./staff-helpers";

/**
 * 代为申请 without JavaScript: /staff/apply/ (the items an agent may apply for) and
 * /staff/apply/<code>/ (the form with the 委托, its errors and the receipt), through the Worker's entry.
 */

let ids: Record<Who, number>;
let agent: Caller;
let baiheAgent: Caller;
let clerk: Caller;
beforeAll(async () => {
	ids = await seedStaff("agent-pages");
	agent = await as(ids["qingshi.agent"]);
	baiheAgent = await as(ids["baihe.agent"]);
	clerk = await as(ids["qingshi.clerkA"]);
});

const FORM = "/staff/apply/gaoling-jintie/";
const TRACKING_NO = new RegExp(`^[${TRACKING_ALPHABET}]{4}-[${TRACKING_ALPHABET}]{4}$`);

let sequence = 600;
/** The application as the form posts it, for a villager of 石桥村 with an ID number no other case shares. */
function formEntries(
	key: string,
	extra: [string, string][] = [
		["mandate.basis", "书面委托书"],
		["mandate.signedOn", "2026-11-20"],
	],
) {
	const entries = validFormEntries()
		.filter(([k]) => k !== "idempotencyKey")
		.map(([k, v]): [string, string] => (k === "applicant.idNumber" ? [k, idNumberFor(++sequence)] : [k, v]));
	return [["idempotencyKey", key] as [string, string], ...entries, ...extra];
}

const post = (caller: Caller, entries: [string, string][], path = FORM, headers: Record<string, string> = {}) =>
	caller(path, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...headers },
		body: new URLSearchParams(entries).toString(),
	});

const isShown = (html: string, id: string) => {
	const tag = new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
	if (!tag) return false;
	return !/\shidden[\s>=]/.test(tag);
};
const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
const keyOf = (html: string) => /<input type="hidden" name="idempotencyKey" value="([^"]*)"/.exec(html)?.[1];
/** The opening tag of the element with this id. */
const tagOf = (html: string, id: string) => new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? "";

async function casesOf(staffId: number): Promise<number> {
	const row = await env.DB.prepare("SELECT count(*) AS n FROM applications WHERE agent_id = ?1").bind(staffId).first<{ n: number }>();
	return row!.n;
}

describe("/staff/apply/", () => {
	it("lists the items an agent may apply for at their centre, each linked to its form", async () => {
		const res = await agent("/staff/apply/");
		expect(res.status).toBe(200);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		const html = await res.text();
		expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
		expect(html).toContain('<a href="/staff/apply/gaoling-jintie/">高龄津贴申领</a>');
		// 畜禽养殖场备案 is offered at 青石镇 only; 出生登记 cannot be done by an agent anywhere.
		expect(html).toContain('href="/staff/apply/xuqin-beian/"');
		expect(html).not.toContain('href="/staff/apply/chusheng-dengji/"');
		expect(html).not.toContain("data-centres");
		expect(isShown(html, "agent-apply-forbidden")).toBe(false);
		expect(isShown(html, "staff-bar-apply")).toBe(true);

		const baihe = await (await baiheAgent("/staff/apply/")).text();
		expect(baihe).toContain('href="/staff/apply/gaoling-jintie/"');
		expect(baihe).not.toContain('href="/staff/apply/xuqin-beian/"');
	});

	it("is refused (403) to anyone but an agent, who does not get the link either", async () => {
		const res = await clerk("/staff/apply/");
		expect(res.status).toBe(403);
		const html = await res.text();
		expect(isShown(html, "agent-apply-forbidden")).toBe(true);
		expect(html).not.toContain('href="/staff/apply/gaoling-jintie/"');
		expect(isShown(await (await clerk("/staff/")).text(), "staff-bar-apply")).toBe(false);
		expect(isShown(await (await agent("/staff/")).text(), "staff-bar-apply")).toBe(true);
	});
});

describe("/staff/apply/<code>/", () => {
	it("shows the form with the agent's centre and village selected, the 委托 fields and a fresh key each time", async () => {
		const res = await agent(FORM);
		expect(res.status).toBe(200);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		const html = await res.text();
		expect(titleOf(html)).toMatch(/^代为申请：高龄津贴申领 - 后台 - /);
		expect(html).toContain('<form id="agent-apply-form" class="app-form" method="post" action="/staff/apply/gaoling-jintie/" novalidate>');
		expect(html).toMatch(/<option value="qingshi" selected(="")?>/);
		expect(html).toMatch(/<option value="shiqiao" selected(="")?>/);
		expect(html.match(/ selected(="")?>/g)).toHaveLength(2);
		const key = keyOf(html);
		expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(keyOf(await (await agent(FORM)).text())).not.toBe(key);
		// The 委托: the bases the Worker accepts, the date and the note.
		const bases = [...html.matchAll(/name="mandate\.basis" value="([^"]+)"/g)].map((m) => m[1]);
		expect(bases).toEqual([...MANDATE_BASES]);
		expect(html).toContain('id="f-mandate-signedOn" name="mandate.signedOn"');
		expect(html).toContain('id="f-mandate-note" name="mandate.note"');
		expect(html).toContain("村民同意按告知的方式处理其个人信息");
		expect(isShown(html, "agent-receipt")).toBe(false);
		expect(isShown(html, "error-summary")).toBe(false);
	});

	it("makes the case and shows the receipt (201): tracking number, query code, the 委托, the case stored with the agent", async () => {
		const before = await casesOf(ids["qingshi.agent"]);
		const res = await post(
			agent,
			formEntries(crypto.randomUUID(), [
				["mandate.basis", "本人当面委托（已核验身份证）"],
				["mandate.signedOn", "2026-11-27"],
				["mandate.note", "村民腿脚不便，在家中当面委托"],
			]),
		);
		expect(res.status).toBe(201);
		const html = await res.text();
		expect(titleOf(html)).toMatch(/^代为申请回执：高龄津贴申领 - 后台 - /);
		expect(isShown(html, "agent-receipt")).toBe(true);
		expect(html).not.toContain('id="agent-apply-form"');
		const trackingNo = textOf(html, "agent-receipt-tracking-no")!;
		const queryCode = textOf(html, "agent-receipt-query-code")!;
		expect(trackingNo).toMatch(TRACKING_NO);
		expect(queryCode).toMatch(/^\d{6}$/);
		expect(textOf(html, "agent-receipt-applicant")).toBe("张三");
		expect(textOf(html, "agent-receipt-centre")).toBe("青石镇便民服务中心");
		expect(textOf(html, "agent-receipt-agent")).toBe("石桥代办");
		expect(textOf(html, "agent-receipt-mandate")).toBe("本人当面委托（已核验身份证），委托日期 2026-11-27");
		expect(html).toContain("请把办件编号和查询码交给村民，或打印本页");
		expect(html).toContain('id="print-button"');
		expect(html).toContain(`<a id="agent-receipt-case" href="/staff/cases/${trackingNo}/">`);
		expect(await casesOf(ids["qingshi.agent"])).toBe(before + 1);

		const row = await env.DB.prepare("SELECT agent_id, station_slug, mandate_cipher FROM applications WHERE tracking_no = ?1")
			.bind(trackingNo)
			.first<{ agent_id: number; station_slug: string; mandate_cipher: string }>();
		expect(row!.agent_id).toBe(ids["qingshi.agent"]);
		expect(row!.station_slug).toBe("shiqiao");
		const mandate = JSON.parse((await decrypt((await keysFrom(env.PII_KEY))!.cipher, row!.mandate_cipher))!) as Record<string, string>;
		expect(mandate).toMatchObject({
			basis: "本人当面委托（已核验身份证）",
			signedOn: "2026-11-27",
			note: "村民腿脚不便，在家中当面委托",
			agent: "石桥代办",
		});
		expect(mandate.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

		// The villager's codes work in the public lookup.
		const lookup = await postJson("/api/applications/lookup", { trackingNo, queryCode });
		expect(lookup.status).toBe(200);
		// And the agent sees the case at their station.
		expect(await (await agent("/staff/")).text()).toContain(`/staff/cases/${trackingNo}/`);
	});

	it("makes one case of the same form sent twice with its key", async () => {
		const before = await casesOf(ids["qingshi.agent"]);
		const entries = formEntries(crypto.randomUUID());
		const [first, second] = await Promise.all([post(agent, entries), post(agent, entries)]);
		expect([first.status, second.status]).toEqual([201, 201]);
		const one = textOf(await first.text(), "agent-receipt-tracking-no");
		const two = textOf(await second.text(), "agent-receipt-tracking-no");
		expect(one).toMatch(TRACKING_NO);
		expect(two).toBe(one);
		// And a third time, later (the browser's reload of the receipt).
		expect(textOf(await (await post(agent, entries)).text(), "agent-receipt-tracking-no")).toBe(one);
		expect(await casesOf(ids["qingshi.agent"])).toBe(before + 1);
	});

	it("refuses a villager of another station (422): the error linked to the village, everything typed kept, nothing stored", async () => {
		const before = await casesOf(ids["qingshi.agent"]);
		const key = crypto.randomUUID();
		const entries = formEntries(key).map(([k, v]): [string, string] => (k === "applicant.village" ? [k, "liujia"] : [k, v]));
		const res = await post(agent, entries);
		expect(res.status).toBe(422);
		const html = await res.text();
		expect(titleOf(html)).toMatch(/^错误：代为申请：高龄津贴申领/);
		expect(tagOf(html, "error-summary")).toContain("autofocus");
		expect(isShown(html, "error-summary")).toBe(true);
		expect(html).toContain('<li><a href="#f-applicant-village">代办员只能为本服务站所在村（社区）的村民代为申请。</a></li>');
		expect(tagOf(html, "f-applicant-village")).toContain('aria-invalid="true"');
		expect(tagOf(html, "f-applicant-village")).toContain("f-applicant-village-error");
		expect(textOf(html, "f-applicant-village-error")).toBe("代办员只能为本服务站所在村（社区）的村民代为申请。");
		expect(html).toMatch(/<option value="liujia" selected(="")?>/);
		expect(tagOf(html, "f-applicant-name")).toContain('value="张三"');
		expect(tagOf(html, "f-mandate-basis")).toContain("checked");
		expect(tagOf(html, "f-mandate-signedOn")).toContain('value="2026-11-20"');
		expect(tagOf(html, "f-consent")).toContain("checked");
		expect(keyOf(html)).toBe(key);
		expect(isShown(html, "agent-receipt")).toBe(false);
		expect(await casesOf(ids["qingshi.agent"])).toBe(before);
	});

	it("refuses a missing or impossible 委托 (422), each problem linked to its field", async () => {
		const before = await casesOf(ids["qingshi.agent"]);
		const missing = await post(
			agent,
			formEntries(crypto.randomUUID(), [
				["mandate.signedOn", ""],
				["mandate.note", ""],
			]),
		);
		expect(missing.status).toBe(422);
		const html = await missing.text();
		expect(html).toContain('<li><a href="#f-mandate-basis">请选择委托方式。</a></li>');
		expect(html).toContain('<li><a href="#f-mandate-signedOn">请填写委托日期。</a></li>');
		expect(tagOf(html, "f-mandate-basis-fieldset")).toMatch(/aria-describedby="[^"]*f-mandate-basis-error"/);
		expect(tagOf(html, "f-mandate-basis")).toContain('aria-invalid="true"');
		expect(tagOf(html, "f-mandate-signedOn")).toContain('aria-invalid="true"');

		const future = await post(
			agent,
			formEntries(crypto.randomUUID(), [
				["mandate.basis", "书面委托书"],
				["mandate.signedOn", "2099-01-01"],
			]),
		);
		expect(future.status).toBe(422);
		expect(await future.text()).toContain('<a href="#f-mandate-signedOn">委托日期不能晚于今天');

		const odd = await post(
			agent,
			formEntries(crypto.randomUUID(), [
				["mandate.basis", "口头"],
				["mandate.signedOn", "2026-02-30"],
				["mandate.note", "<b>"],
			]),
		);
		expect(odd.status).toBe(422);
		const oddHtml = await odd.text();
		expect(oddHtml).toContain('<a href="#f-mandate-basis">请从给出的选项里选择委托方式。</a>');
		expect(oddHtml).toContain('<a href="#f-mandate-signedOn">委托日期请按');
		expect(oddHtml).toContain('<a href="#f-mandate-note">委托说明里不能有 &lt; 或 &gt; 符号');
		expect(await casesOf(ids["qingshi.agent"])).toBe(before);
	});

	it("is refused (403) to a clerk, by GET and by POST, storing nothing", async () => {
		const get = await clerk(FORM);
		expect(get.status).toBe(403);
		const page = await get.text();
		expect(isShown(page, "agent-apply-forbidden")).toBe(true);
		expect(page).not.toContain('id="agent-apply-form"');
		const before = await casesOf(ids["qingshi.clerkA"]);
		const res = await post(clerk, formEntries(crypto.randomUUID()));
		expect(res.status).toBe(403);
		expect(textOf(await res.text(), "agent-receipt-tracking-no")).toBe("");
		expect(await casesOf(ids["qingshi.clerkA"])).toBe(before);
	});

	it("is the 404 page for an item an agent cannot do or that does not exist, and a notice where the centre does not offer it", async () => {
		expect((await agent("/staff/apply/chusheng-dengji/")).status).toBe(404);
		expect((await agent("/staff/apply/no-such-item/")).status).toBe(404);
		expect((await post(agent, formEntries(crypto.randomUUID()), "/staff/apply/chusheng-dengji/")).status).toBe(404);
		const elsewhere = await baiheAgent("/staff/apply/xuqin-beian/");
		expect(elsewhere.status).toBe(404);
		const html = await elsewhere.text();
		expect(isShown(html, "agent-apply-elsewhere")).toBe(true);
		expect(html).not.toContain('id="agent-apply-form"');
	});

	it("refuses a post from another site, storing nothing", async () => {
		const before = await casesOf(ids["qingshi.agent"]);
		const res = await post(agent, formEntries(crypto.randomUUID()), FORM, {
			Origin: "https://evil.example",
			"Sec-Fetch-Site": "cross-site",
		});
		expect(res.status).toBe(403);
		expect(await casesOf(ids["qingshi.agent"])).toBe(before);
	});
});
