import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index";
import { STAFF_COOKIE, sessionKeyFrom, signSession } from "../src/lib/staff-session";
import { BASE, ID_NUMBER, askCorrection, submitted } from "./helpers";

/** The back office's pages (/staff/, /staff/cases/<no>/) and their plain-form posts, through the Worker's entry. */

const DEV = { ACCESS_AUD: "", ACCESS_TEAM_DOMAIN: "", DEV_SIGN_IN: "true" };

async function staffRow(role: string, extra: Record<string, string | null> = {}): Promise<number> {
	const email = `pages-${role}-${crypto.randomUUID()}@example.gov.cn`;
	const cols = { centre_slug: "qingshi", station_slug: null, window_department: null, post: null, name: "测试员", ...extra };
	const row = await env.DB.prepare(
		`INSERT INTO staff (email, name, role, centre_slug, station_slug, window_department, post, created_at, updated_at)
		 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z') RETURNING id`,
	)
		.bind(email, cols.name, role, cols.centre_slug, cols.station_slug, cols.window_department, cols.post)
		.first<{ id: number }>();
	return row!.id;
}

async function send(path: string, init: RequestInit = {}, vars: Record<string, string> = DEV): Promise<Response> {
	const ctx = createExecutionContext();
	const res = await worker.fetch(new Request(`${BASE}${path}`, init), { ...env, ...vars }, ctx);
	await waitOnExecutionContext(ctx);
	return res;
}

/** A caller signed in as this staff member through the development sign-in's cookie. */
async function as(staffId: number) {
	const cookie = `${STAFF_COOKIE}=${await signSession((await sessionKeyFrom(env.PII_KEY))!, staffId)}`;
	const get = (path: string) => send(path, { headers: { Cookie: cookie } });
	const post = (path: string, entries: [string, string][], headers: Record<string, string> = {}) =>
		send(path, {
			method: "POST",
			headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...headers },
			body: new URLSearchParams(entries).toString(),
		});
	const json = async <T>(path: string) => (await get(path)).json<T>();
	return { get, post, json };
}

type Caller = Awaited<ReturnType<typeof as>>;

interface Detail {
	status: string;
	version: number;
}

const detail = (caller: Caller, no: string) => caller.json<Detail>(`/api/staff/cases/${no}`);

/** The action sections the page shows (not hidden). */
function shownActions(html: string): string[] {
	return [...html.matchAll(/<section[^>]*\bid="action-([a-z_]+)"[^>]*>/g)]
		.filter((m) => !/\shidden[\s>=]/.test(m[0]))
		.map((m) => m[1])
		.sort();
}

const isShown = (html: string, id: string) => {
	const tag = new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
	if (!tag) throw new Error(`no element #${id}`);
	return !/\shidden[\s>=]/.test(tag);
};

const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";

let head: Caller;
let clerkA: number;
let clerk: Caller;
let agent: Caller;
let otherHead: Caller;
beforeAll(async () => {
	head = await as(await staffRow("head", { name: "青石主任" }));
	clerkA = await staffRow("clerk", { window_department: "minzheng", post: "A", name: "民政甲" });
	clerk = await as(clerkA);
	agent = await as(await staffRow("agent", { station_slug: "shiqiao", name: "石桥代办" }));
	otherHead = await as(await staffRow("head", { centre_slug: "baihe", name: "白鹤主任" }));
});

describe("/staff/", () => {
	it("shows who is signed in, the board as the API counts it, and the case linked to its page", async () => {
		const accepted = await submitted();
		const waiting = await submitted();
		await clerk.post(`/staff/cases/${accepted.trackingNo}/actions/`, [
			["action", "accept"],
			["version", "1"],
		]);
		const res = await head.get("/staff/");
		expect(res.status).toBe(200);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
		const html = await res.text();
		expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
		expect(html).not.toContain("data-pagefind-body");
		expect(html).toMatch(/当前登录：<strong>青石主任<\/strong>（中心负责人，青石镇便民服务中心）/);

		const api = await head.json<{ counts: Record<string, number>; deemedAccepted: number }>("/api/staff/cases");
		expect(api.counts.green).toBeGreaterThanOrEqual(1);
		for (const due of ["green", "yellow", "red"]) expect(textOf(html, `board-${due}`)?.trim()).toBe(String(api.counts[due]));
		expect(textOf(html, "board-deemed")?.trim()).toBe(String(api.deemedAccepted));
		expect(html).toContain(`<a href="/staff/cases/${accepted.trackingNo}/">${accepted.trackingNo}</a>`);
		expect(html).toContain(`<a href="/staff/cases/${waiting.trackingNo}/">`);
		expect(html).toMatch(/<span class="app-staff-word app-staff-word--green">正常<\/span> \d{4}-\d{2}-\d{2}，剩余\d+个工作日/);
		// A head is no A post: no AB岗 form.
		expect(isShown(html, "staff-absence")).toBe(false);
	});

	it("filters by the board's colour and by tracking number, keeping the filter in the form", async () => {
		const accepted = await submitted();
		const waiting = await submitted();
		const withApplicant = await submitted();
		await askCorrection(withApplicant.trackingNo);
		await clerk.post(`/staff/cases/${accepted.trackingNo}/actions/`, [
			["action", "accept"],
			["version", "1"],
		]);
		// Green: the accepted case on its 办结期限, the new one on its 受理期限; not the one waiting for the applicant.
		const green = await (await head.get("/staff/?due=green")).text();
		expect(green).toContain(`/staff/cases/${accepted.trackingNo}/`);
		expect(green).toContain(`/staff/cases/${waiting.trackingNo}/`);
		expect(green).not.toContain(`/staff/cases/${withApplicant.trackingNo}/`);
		expect(green).toMatch(new RegExp(`${waiting.trackingNo}</a>.*?受理期限 <span`));
		expect(green).toMatch(new RegExp(`${accepted.trackingNo}</a>.*?办结期限 <span`));
		expect(green).toMatch(/<a [^>]*data-due="green"[^>]*aria-current="true"|<a [^>]*aria-current="true"[^>]*data-due="green"/);

		const one = await (await head.get(`/staff/?q=${waiting.trackingNo.toLowerCase()}&status=submitted`)).text();
		expect(one.match(/href="\/staff\/cases\//g)).toHaveLength(1);
		expect(one).toContain(`value="${waiting.trackingNo.toLowerCase()}"`);
		expect(one).toMatch(/<option value="submitted" selected/);

		const none = await (await head.get("/staff/?q=2222-2222")).text();
		expect(isShown(none, "staff-list-empty")).toBe(true);
		expect(isShown(none, "staff-cases")).toBe(false);
	});

	it.each([
		["q=not-a-number", "#f-q"],
		["status=lost", "#f-status"],
		["due=toString", ""],
	])("answers a bad filter (%s) with 400 and the error summary linked to the field", async (query, link) => {
		const res = await head.get(`/staff/?${query}`);
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(titleOf(html)).toMatch(/^错误：/);
		expect(isShown(html, "error-summary")).toBe(true);
		expect(html).toMatch(/id="error-summary"[^>]*autofocus/);
		if (link) expect(html).toContain(`<a href="${link}">`);
		else expect(html).toMatch(/<ul id="error-summary-list"[^>]*><li>期限筛选不对/);
		expect(html).toMatch(/<div role="alert">/);
	});

	it("lets an A post mark itself away and back with a plain form, audited, and no one else", async () => {
		const a = await staffRow("clerk", { window_department: "renshe", post: "A" });
		const b = await staffRow("clerk", { window_department: "renshe", post: "B" });
		const callerA = await as(a);
		const page = await (await callerA.get("/staff/")).text();
		expect(isShown(page, "staff-absence")).toBe(true);
		expect(page).toMatch(/id="staff-absence-value" value="true"/);

		const away = await callerA.post("/staff/absence/", [["absent", "true"]]);
		expect(away.status).toBe(303);
		expect(away.headers.get("Location")).toBe("/staff/");
		const absent = async (id: number) =>
			(await env.DB.prepare(`SELECT absent FROM staff WHERE id = ?1`).bind(id).first<{ absent: number }>())!.absent;
		expect(await absent(a)).toBe(1);
		expect(await (await callerA.get("/staff/")).text()).toMatch(/id="staff-absence-value" value="false"/);
		expect((await callerA.post("/staff/absence/", [["absent", "false"]])).status).toBe(303);
		expect(await absent(a)).toBe(0);
		const audits = await env.DB.prepare(`SELECT count(*) AS n FROM audit_entries WHERE action = 'staff.absence' AND subject_id = ?1`)
			.bind(String(a))
			.first<{ n: number }>();
		expect(audits!.n).toBe(2);

		const refused = await (await as(b)).post("/staff/absence/", [["absent", "true"]]);
		expect(refused.status).toBe(403);
		expect(titleOf(await refused.text())).toMatch(/^错误：/);
		expect(await absent(b)).toBe(0);
	});
});

describe("/staff/cases/<no>/", () => {
	it("offers a submitted case's clerk exactly 受理, 补正, 不予受理 and 撤回, each pointed at the case with its version", async () => {
		const r = await submitted();
		const res = await clerk.get(`/staff/cases/${r.trackingNo}/`);
		expect(res.status).toBe(200);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		const html = await res.text();
		expect(shownActions(html)).toEqual(["accept", "refuse", "request_correction", "withdraw"]);
		// The window named as the content names it (the shell's data-windows), not by its slug.
		expect(html).toContain("<strong>民政甲</strong>（窗口工作人员，青石镇便民服务中心 · 民政窗口A岗）");
		expect(html).not.toContain("data-windows");
		expect(titleOf(html)).toMatch(new RegExp(`^${r.trackingNo} 办件详情`));
		// Every action form is in the page (hidden unless allowed): 9 actions and 延长.
		expect(html.match(new RegExp(`action="/staff/cases/${r.trackingNo}/actions/"`, "g"))).toHaveLength(10);
		expect(html).not.toContain("data-case-form");
		expect(html.match(/name="version" value="1"/g)).toHaveLength(10);
		// The item's materials to tick, the applicant with the ID number masked, the answers with their labels.
		expect(html).toContain('<input type="checkbox" id="f-material-request_correction" name="material" value="高龄津贴申请表">');
		expect(textOf(html, "case-applicant-id")).toBe("110***********" + ID_NUMBER.slice(-4));
		expect(html).not.toContain(ID_NUMBER);
		expect(html).toContain("<dt>您是为谁申请</dt><dd>为自己申请</dd>");
		expect(html).toMatch(/<th scope="row"><time datetime="[^"]+">\d{4}-\d{2}-\d{2} \d{2}:\d{2}<\/time><\/th><td>提交申请<\/td>/);
		expect(isShown(html, "case-reveal")).toBe(true);
		expect(isShown(html, "case-paper-forward")).toBe(false);
	});

	it("offers an agent no decision, only the paper forwarding, which works once", async () => {
		const r = await submitted();
		const html = await (await agent.get(`/staff/cases/${r.trackingNo}/`)).text();
		expect(shownActions(html)).toEqual([]);
		expect(isShown(html, "case-actions-none")).toBe(true);
		expect(textOf(html, "case-actions-none")).toContain("代办员");
		expect(isShown(html, "case-paper-forward")).toBe(true);

		const res = await agent.post(`/staff/cases/${r.trackingNo}/paper-forwarded/`, []);
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/staff/cases/${r.trackingNo}/?done=paper_forwarded`);
		const after = await (await agent.get(`/staff/cases/${r.trackingNo}/?done=paper_forwarded`)).text();
		expect(isShown(after, "case-paper-forward")).toBe(false);
		expect(isShown(after, "case-paper")).toBe(true);
		expect(textOf(after, "case-notice")).toBe("已完成：纸质材料送交中心。");

		// A clerk cannot say so for the agent; the agent cannot decide through the form either.
		expect((await clerk.post(`/staff/cases/${r.trackingNo}/paper-forwarded/`, [])).status).toBe(403);
		const decided = await agent.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "accept"],
			["version", "1"],
		]);
		expect(decided.status).toBe(403);
		expect((await detail(clerk, r.trackingNo)).status).toBe("submitted");
	});

	it("accepts through the form: 303 back to the case, the state changed, then only 开始办理 is offered", async () => {
		const r = await submitted();
		const res = await clerk.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "accept"],
			["version", "1"],
		]);
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/staff/cases/${r.trackingNo}/?done=accept`);
		expect(await detail(clerk, r.trackingNo)).toMatchObject({ status: "accepted", version: 2 });
		const html = await (await clerk.get(`/staff/cases/${r.trackingNo}/?done=accept`)).text();
		expect(textOf(html, "case-notice")).toBe("已完成：受理。");
		expect(textOf(html, "case-status")).toBe("已受理");
		expect(textOf(html, "case-first-handler")).toBe("民政甲");
		expect(shownActions(html)).toEqual(["start"]);
		expect(html).toMatch(/<dd id="case-due">办结期限 <span class="app-staff-word app-staff-word--green">正常<\/span>/);
	});

	it("answers a stale version with 409 and the error summary, changing nothing", async () => {
		const r = await submitted();
		await clerk.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "request_correction"],
			["version", "1"],
			["material", "户口簿"],
			["reason", "请提供户主页"],
		]);
		const res = await clerk.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "withdraw"],
			["version", "1"],
			["reason", "申请人电话要求撤回"],
		]);
		expect(res.status).toBe(409);
		const html = await res.text();
		expect(titleOf(html)).toMatch(/^错误：/);
		expect(isShown(html, "error-summary")).toBe(true);
		expect(html).toContain("这件办件刚刚被别人处理过");
		expect(await detail(clerk, r.trackingNo)).toMatchObject({ status: "correction", version: 2 });
		// The page shows the case as it is now: the form carries the new version and keeps what was typed.
		expect(html).toMatch(/name="version" value="2"/);
		expect(html).toMatch(/<textarea[^>]*id="f-reason-withdraw"[^>]*>申请人电话要求撤回<\/textarea>/);
	});

	it("shows every problem of a form at once, linked to its field, with what was typed kept", async () => {
		const r = await submitted();
		const res = await clerk.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "request_correction"],
			["version", "1"],
			["otherItems", ""],
			["reason", ""],
			["respondWithinDays", "15"],
		]);
		expect(res.status).toBe(422);
		const html = await res.text();
		expect(titleOf(html)).toMatch(/^错误：/);
		// Both problems, in the form's order: nothing listed, and no reason (which no listed item carried).
		expect(html).toContain(
			'<li><a href="#f-material-request_correction">补正通知至少要列一项材料</a></li><li><a href="#f-reason-request_correction">请填写补正原因</a></li>',
		);
		expect(textOf(html, "f-reason-request_correction-error")).toBe("请填写补正原因");
		expect(isShown(html, "f-material-request_correction-error")).toBe(true);
		expect(html).toMatch(/id="f-material-request_correction-fieldset"[^>]*aria-describedby="[^"]*f-material-request_correction-error"/);

		const days = await clerk.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "request_correction"],
			["version", "1"],
			["material", "户口簿"],
			["reason", "照片看不清"],
			["respondWithinDays", "十五"],
		]);
		expect(days.status).toBe(422);
		const daysPage = await days.text();
		// The field named as the form names it, never by its input name.
		expect(daysPage).toContain('<a href="#f-respondWithinDays-request_correction">「补正期限（工作日）」填写得不对');
		expect(daysPage).toMatch(/id="f-respondWithinDays-request_correction"[^>]*value="十五"/);
		expect(daysPage).toMatch(/<input type="checkbox" id="f-material-request_correction-3" name="material" value="户口簿" checked>/);

		const refused = await clerk.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "refuse"],
			["version", "1"],
			["reason", "x"],
		]);
		expect(refused.status).toBe(422);
		const page = await refused.text();
		expect(page).toContain('<a href="#f-reason-refuse">请填写不予受理的理由</a>');
		expect(textOf(page, "f-reason-refuse-error")).toBe("请填写不予受理的理由");
		expect(page).toMatch(/<textarea[^>]*id="f-reason-refuse"[^>]*aria-invalid="true"[^>]*>x<\/textarea>/);
		// The same input name in the other forms stays empty.
		expect(page).toMatch(/<textarea[^>]*id="f-reason-withdraw"[^>]*><\/textarea>/);
		expect((await detail(clerk, r.trackingNo)).status).toBe("submitted");
	});

	it("sends one 补正 notice with the ticked materials and the written ones, and offers it only once", async () => {
		const r = await submitted();
		const res = await clerk.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "request_correction"],
			["version", "1"],
			["material", "户口簿"],
			["material", "老人居民身份证"],
			["otherItems", "村委会证明\n"],
			["reason", "照片看不清"],
			["respondWithinDays", "10"],
		]);
		expect(res.status).toBe(303);
		const row = await env.DB.prepare(
			`SELECT c.items_json FROM corrections c JOIN applications a ON a.id = c.application_id WHERE a.tracking_no = ?1`,
		)
			.bind(r.trackingNo)
			.first<{ items_json: string }>();
		expect((JSON.parse(row!.items_json) as { name: string }[]).map((i) => i.name)).toEqual(["户口簿", "老人居民身份证", "村委会证明"]);
		const html = await (await clerk.get(`/staff/cases/${r.trackingNo}/`)).text();
		expect(shownActions(html)).toEqual(["withdraw"]);
		expect(html).toContain("<td>一次性告知补正</td>");
	});

	it("shows the full ID number through its own form, writing one audit row", async () => {
		const r = await submitted();
		const audits = async () =>
			(await env.DB.prepare(
				`SELECT count(*) AS n FROM audit_entries WHERE action = 'application.reveal_id' AND subject_id = ?1 AND actor = ?2`,
			)
				.bind(r.trackingNo, `staff:${clerkA}`)
				.first<{ n: number }>())!.n;
		expect(await audits()).toBe(0);
		const res = await clerk.post(`/staff/cases/${r.trackingNo}/reveal-id/`, []);
		expect(res.status).toBe(200);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		const html = await res.text();
		expect(textOf(html, "case-applicant-id")).toBe(ID_NUMBER);
		expect(isShown(html, "case-reveal")).toBe(false);
		expect(textOf(html, "case-notice")).toContain("审计日志");
		expect(await audits()).toBe(1);
	});

	it("is the 404 page for a case out of scope, an unknown number, and the bare shell", async () => {
		const r = await submitted();
		for (const path of [`/staff/cases/${r.trackingNo}/`, "/staff/cases/2222-2222/", "/staff/cases/not-one/"]) {
			const res = await otherHead.get(path);
			expect(res.status).toBe(404);
			expect(await res.text()).not.toContain(r.trackingNo);
		}
		expect((await head.get("/staff/case/")).status).toBe(404);
		const posted = await otherHead.post(`/staff/cases/${r.trackingNo}/actions/`, [
			["action", "accept"],
			["version", "1"],
		]);
		expect(posted.status).toBe(404);
		expect((await otherHead.post(`/staff/cases/${r.trackingNo}/reveal-id/`, [])).status).toBe(404);
		expect((await detail(clerk, r.trackingNo)).status).toBe("submitted");
	});

	it("refuses a post from another site, changing nothing", async () => {
		const r = await submitted();
		const res = await clerk.post(
			`/staff/cases/${r.trackingNo}/actions/`,
			[
				["action", "accept"],
				["version", "1"],
			],
			{ Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
		);
		expect(res.status).toBe(403);
		expect((await detail(clerk, r.trackingNo)).status).toBe("submitted");
	});
});

describe("without an identity", () => {
	it("sends a page to the development sign-in where it is on, and answers 401 where it is off", async () => {
		const r = await submitted();
		for (const path of ["/staff/", `/staff/cases/${r.trackingNo}/`]) {
			const dev = await send(path);
			expect(dev.status).toBe(303);
			expect(dev.headers.get("Location")).toBe("/staff/sign-in/");
			expect((await send(path, {}, { ACCESS_AUD: "", DEV_SIGN_IN: "" })).status).toBe(401);
		}
		const posted = await send(`/staff/cases/${r.trackingNo}/actions/`, {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
			body: "action=accept&version=1",
		});
		expect(posted.status).toBe(303);
		const rows = await env.DB.prepare(`SELECT status FROM applications WHERE tracking_no = ?1`)
			.bind(r.trackingNo)
			.first<{ status: string }>();
		expect(rows!.status).toBe("submitted");
	});
});

describe("searching by phone or ID number on /staff/", () => {
	it("goes by POST, so the number never lands in an address; a number in the address is refused", async () => {
		const r = await submitted();
		const found = await head.post("/staff/", [["q", "138 1234 5678"]]);
		expect(found.status).toBe(200);
		expect(await found.text()).toContain(`/staff/cases/${r.trackingNo}/`);
		const byId = await (await head.post("/staff/", [["q", ID_NUMBER]])).text();
		expect(byId).toContain(`/staff/cases/${r.trackingNo}/`);
		const inAddress = await head.get("/staff/?q=13812345678");
		expect(inAddress.status).toBe(400);
		expect(await inAddress.text()).toContain("地址里不能带身份证号、手机号等个人信息");
	});
});

describe("the window filter on /staff/", () => {
	it("lists a centre head's cases of one window only", async () => {
		const r = await submitted();
		const minzheng = await (await head.post("/staff/", [["window", "minzheng"]])).text();
		expect(minzheng).toContain(`/staff/cases/${r.trackingNo}/`);
		expect(minzheng).toMatch(/<option value="minzheng" selected/);
		const renshe = await (await head.post("/staff/", [["window", "renshe"]])).text();
		expect(renshe).not.toContain(`/staff/cases/${r.trackingNo}/`);
	});
});
