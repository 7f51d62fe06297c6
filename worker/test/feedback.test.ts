import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FEEDBACK_FLAG_THRESHOLD, weekOf } from "../../core/page-feedback";
import app from "../src/index";
import { BODY_LIMIT } from "../src/lib/request-body";
import { BASE } from "./helpers";
import { type Caller, type Who, WHO, as, callerWith, seedStaff } from "./staff-helpers";

/**
 * 本页有用吗: POST /api/feedback (JSON and a plain form) against ../shared/BAD-INPUTS.md — every refusal a
 * 4xx in the one envelope (or the guide again for a form), and no row written — the masking of personal
 * numbers, the weekly flag, and who sees what at GET /api/staff/feedback and /staff/feedback/.
 */

/** The settings of these tests: no trusted client header (vitest.config.ts keeps the limiter out of the way). */
const VARS = { CLIENT_IP_HEADER: "" };

async function send(path: string, init: RequestInit, vars: Partial<Env> = {}): Promise<Response> {
	const ctx = createExecutionContext();
	const res = await app.fetch(new Request(`${BASE}${path}`, { redirect: "manual", ...init }), { ...env, ...VARS, ...vars }, ctx);
	await waitOnExecutionContext(ctx);
	return res;
}

const postJson = (body: unknown, headers: Record<string, string> = {}, vars: Partial<Env> = {}) =>
	send(
		"/api/feedback",
		{
			method: "POST",
			headers: { "Content-Type": "application/json", ...headers },
			body: typeof body === "string" ? body : JSON.stringify(body),
		},
		vars,
	);

const postForm = (entries: [string, string][], headers: Record<string, string> = {}) =>
	send("/api/feedback", {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...headers },
		body: new URLSearchParams(entries).toString(),
	});

const rowCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM page_feedback").first<{ n: number }>())!.n;

interface Row {
	item_code: string;
	useful: number;
	reason: string | null;
	text: string | null;
	created_at: string;
}
const lastRow = () =>
	env.DB.prepare("SELECT item_code, useful, reason, text, created_at FROM page_feedback ORDER BY id DESC LIMIT 1").first<Row>();

interface Envelope {
	errors: { code: string; message: string; field?: string }[];
}

/** A 4xx JSON envelope with Chinese messages and nothing internal. */
async function refused(res: Response, status?: number): Promise<Envelope> {
	const text = await res.text();
	if (status !== undefined) expect(res.status, text).toBe(status);
	expect(res.status, text).toBeGreaterThanOrEqual(400);
	expect(res.status, text).toBeLessThan(500);
	expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
	expect(text).not.toMatch(/SQLITE|D1_|stack|at \w+ \(|TypeError|undefined/);
	const body = JSON.parse(text) as Envelope;
	expect(body.errors.length).toBeGreaterThan(0);
	for (const e of body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
	return body;
}

const fieldsOf = async (res: Response, status = 422) => (await refused(res, status)).errors.map((e) => `${e.field ?? ""}:${e.code}`);

const NOT_USEFUL = { item: "dibao", useful: false, reason: "phone", text: "窗口电话一直没人接" };

describe("taking feedback", () => {
	it("takes 有用 as JSON: 201, one row with no reason and no text", async () => {
		const before = await rowCount();
		const res = await postJson({ item: "dibao", useful: true });
		expect(res.status, await res.clone().text()).toBe(201);
		const body = await res.json<{ item: { code: string; name: string }; useful: boolean; message: string }>();
		expect(body.item).toEqual({ code: "dibao", name: "最低生活保障（申请、审核确认）" });
		expect(body.useful).toBe(true);
		expect(body.message).toContain("谢谢您的反馈");
		expect(await rowCount()).toBe(before + 1);
		expect(await lastRow()).toMatchObject({ item_code: "dibao", useful: 1, reason: null, text: null });
		expect(res.headers.get("Cache-Control")).toBe("no-store");
	});

	it("takes 没用 with a reason and a text as JSON, stored with nothing else (no address, no client)", async () => {
		const res = await postJson(NOT_USEFUL, { "CF-Connecting-IP": "203.0.113.7" });
		expect(res.status).toBe(201);
		const row = (await lastRow())!;
		expect(row).toMatchObject({ item_code: "dibao", useful: 0, reason: "phone", text: "窗口电话一直没人接" });
		expect(Date.parse(row.created_at)).not.toBeNaN();
		const columns = await env.DB.prepare("SELECT name FROM pragma_table_info('page_feedback')").all<{ name: string }>();
		expect(columns.results.map((c) => c.name).sort()).toEqual(["created_at", "id", "item_code", "reason", "text", "useful"]);
		expect(JSON.stringify(await env.DB.prepare("SELECT * FROM page_feedback").all())).not.toContain("203.0.113.7");
	});

	it("takes a plain form (有用, and 没用 with a reason) and answers 303 to the guide's thank-you", async () => {
		const before = await rowCount();
		const yes = await postForm([
			["item", "tekun"],
			["useful", "yes"],
		]);
		expect(yes.status).toBe(303);
		expect(yes.headers.get("Location")).toBe("/items/tekun/#feedback-thanks");
		const no = await postForm([
			["item", "tekun"],
			["useful", "no"],
			["reason", "address"],
			["text", ""],
		]);
		expect(no.status).toBe(303);
		expect(no.headers.get("Location")).toBe("/items/tekun/#feedback-thanks");
		expect(await lastRow()).toMatchObject({ item_code: "tekun", useful: 0, reason: "address", text: null });
		expect(await rowCount()).toBe(before + 2);
	});

	it("puts the thank-you and the 没用 form on every guide as built, not printed, not indexed", async () => {
		const html = await (await env.ASSETS.fetch("http://assets.local/items/dibao/")).text();
		const section = /<section id="feedback"[^>]*>/.exec(html)?.[0] ?? "";
		expect(section).toContain("app-no-print");
		expect(section).toContain('data-pagefind-ignore="all"');
		expect(html).toContain('id="feedback-thanks"');
		expect(html).toMatch(/<details[^>]*id="feedback-no"/);
		for (const reason of ["材料不对", "时限不对", "电话打不通", "地址不对", "看不懂", "其他"]) expect(html).toContain(reason);
		expect(html).toContain("请不要填写姓名、身份证号、手机号等个人信息");
		expect(html).toMatch(/<textarea[^>]*maxlength="300"/);
	});
});

describe("personal data in the text is masked before it is stored", () => {
	it.each([
		["an ID number", "我的身份证110105194005120011办不了", "我的身份证110***********0011办不了"],
		["an ID number with x", "证号11010519400512001x", "证号110***********001X"],
		["an old 15-digit number", "老证号110105400512001", "老证号110********2001"],
		["full-width digits", "身份证１１０１０５１９４００５１２００１１", "身份证110***********0011"],
		["a mobile number", "打13812345678没人接", "打138****5678没人接"],
		["+86 with spaces", "电话+86 138 1234 5678 打不通", "电话138****5678 打不通"],
		["0086 with dashes", "0086-138-1234-5678", "138****5678"],
		["a bank card", "卡号6222021234567890123", "卡号622************0123"],
	])("masks %s", async (_name, text, stored) => {
		const res = await postJson({ ...NOT_USEFUL, reason: "other", text });
		expect(res.status).toBe(201);
		expect((await res.json<{ text: string }>()).text).toBe(stored);
		expect((await lastRow())!.text).toBe(stored);
	});

	it.each([
		["a landline the reader called", "0838-1234567 一直占线"],
		["a date and an amount", "2026年3月1日交了120元"],
	])("keeps %s as written", async (_name, text) => {
		expect((await postJson({ ...NOT_USEFUL, text })).status).toBe(201);
		expect((await lastRow())!.text).toBe(text);
	});
});

describe("BAD-INPUTS: every refusal writes nothing", () => {
	let rows = 0;
	beforeEach(async () => {
		rows = await rowCount();
	});
	afterEach(async () => {
		expect(await rowCount(), "no row may be written").toBe(rows);
	});

	it("1. refuses an empty body, {}, and each required field missing", async () => {
		await refused(await postJson(""), 400);
		expect(await fieldsOf(await postJson({}))).toEqual(["item:required", "useful:required"]);
		expect(await fieldsOf(await postJson({ useful: true }))).toEqual(["item:required"]);
		expect(await fieldsOf(await postJson({ item: "dibao" }))).toEqual(["useful:required"]);
		expect(await fieldsOf(await postJson({ item: "dibao", useful: false }))).toEqual(["reason:required"]);
		expect(await fieldsOf(await postJson({ item: "dibao", useful: false, reason: "other" }))).toEqual(["text:feedback.other"]);
		expect(await fieldsOf(await postJson({ item: "dibao", useful: false, reason: "other", text: "   " }))).toEqual(["text:feedback.other"]);
	});

	const TYPES: [string, unknown][] = [
		["number", 1],
		["boolean", true],
		["array", ["x"]],
		["object", { a: 1 }],
		["null", null],
	];
	it.each(["item", "useful", "reason", "text"].flatMap((f) => TYPES.map(([n, v]) => [f, n, v] as const)))(
		"2. refuses %s as %s",
		async (field, _name, value) => {
			if (field === "useful" && typeof value === "boolean") return;
			const fields = await fieldsOf(await postJson({ ...NOT_USEFUL, [field]: value }));
			expect(fields).toContain(`${field}:type`);
		},
	);

	it("2. refuses an array, a string or a number as the whole body", async () => {
		for (const body of ["[]", '"x"', "1", "null"]) expect(await fieldsOf(await postJson(body))).toEqual([":body"]);
	});

	it("2. refuses a reason or a text with 有用, and a reason outside the six", async () => {
		expect(await fieldsOf(await postJson({ item: "dibao", useful: true, reason: "phone" }))).toEqual(["reason:feedback.useful"]);
		expect(await fieldsOf(await postJson({ item: "dibao", useful: true, text: "好" }))).toEqual(["text:feedback.useful"]);
		expect(await fieldsOf(await postJson({ ...NOT_USEFUL, reason: "电话打不通" }))).toEqual(["reason:option"]);
	});

	it.each(["status", "id", "createdAt", "centre", "created_at", "__proto__", "constructor", "prototype"])(
		"3–4. refuses the key %s",
		async (key) => {
			const text = JSON.stringify(NOT_USEFUL).replace(/^\{/, `{"${key}":{"polluted":1},`);
			expect(await fieldsOf(await postJson(text))).toEqual([`${key}:unknown`]);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		},
	);

	it("3–4. refuses __proto__ inside a value as the wrong type, and unknown keys in a form", async () => {
		const text = JSON.stringify(NOT_USEFUL).replace('"text":"窗口电话一直没人接"', '"text":{"__proto__":{"polluted":1}}');
		expect(await fieldsOf(await postJson(text))).toEqual(["text:type"]);
		const form = await postForm([
			["item", "dibao"],
			["useful", "yes"],
			["__proto__", "x"],
		]);
		expect(form.status).toBe(422);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it.each([
		["truncated", JSON.stringify(NOT_USEFUL).slice(0, -3)],
		["trailing garbage", `${JSON.stringify(NOT_USEFUL)}xyz`],
		["a byte-order mark", `\uFEFF${JSON.stringify(NOT_USEFUL)}`],
		["duplicate keys", JSON.stringify(NOT_USEFUL).replace('"item":"dibao"', '"item":"dibao","item":"tekun"')],
		["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`],
	])("5. refuses %s with 400 body_json", async (_name, text) => {
		expect((await refused(await postJson(text), 400)).errors[0].code).toBe("body_json");
	});

	it("5. refuses a huge array as the text without listing every entry", async () => {
		const errors = (await refused(await postJson({ ...NOT_USEFUL, text: Array(10_000).fill("x") }))).errors;
		expect(errors).toEqual([expect.objectContaining({ field: "text", code: "type" })]);
	});

	it("6. reads a body of limit−1 and the limit (then judges it), refuses limit+1, a lying length and a long chunked body", async () => {
		const sized = (bytes: number) => {
			const base = JSON.stringify({ ...NOT_USEFUL, pad: "" });
			return base.replace('"pad":""', `"pad":"${"a".repeat(bytes - new TextEncoder().encode(base).length)}"`);
		};
		for (const size of [BODY_LIMIT - 1, BODY_LIMIT]) expect(await fieldsOf(await postJson(sized(size)))).toEqual(["pad:unknown"]);
		expect((await refused(await postJson(sized(BODY_LIMIT + 1)), 413)).errors[0].code).toBe("body_too_large");
		const lying = await postJson(NOT_USEFUL, { "Content-Length": String(BODY_LIMIT * 10) });
		expect([400, 413]).toContain(lying.status);
		await refused(lying);
		const chunk = new TextEncoder().encode("a".repeat(8192));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent++ < 20) controller.enqueue(chunk);
				else controller.close();
			},
		});
		// workerd needs duplex for a streamed request body; the RequestInit type does not know it.
		const streamed = { method: "POST", headers: { "Content-Type": "application/json" }, body: stream, duplex: "half" } as RequestInit;
		const chunked = await send("/api/feedback", streamed);
		expect((await refused(chunked, 413)).errors[0].code).toBe("body_too_large");
	});

	it.each([[""], ["text/plain"], ["multipart/form-data; boundary=x"], ["application/json; charset=gbk"]])(
		"7. refuses Content-Type '%s' with 415",
		async (type) => {
			const headers: Record<string, string> = type ? { "Content-Type": type } : {};
			const res = await send("/api/feedback", { method: "POST", headers, body: new TextEncoder().encode(JSON.stringify(NOT_USEFUL)) });
			expect((await refused(res, 415)).errors[0].code).toBe("body_content_type");
		},
	);

	it("8. refuses invalid UTF-8, lone surrogates and U+FFFD with 400", async () => {
		const bytes = new TextEncoder().encode(JSON.stringify({ ...NOT_USEFUL, text: "ZZ" }));
		const at = bytes.indexOf(0x5a);
		bytes[at] = 0xff;
		bytes[at + 1] = 0xfe;
		const res = await send("/api/feedback", { method: "POST", headers: { "Content-Type": "application/json" }, body: bytes });
		expect((await refused(res, 400)).errors[0].code).toBe("body_encoding");
		for (const text of ["\\ud800电话", "电话\\udfff"])
			expect((await refused(await postJson(JSON.stringify(NOT_USEFUL).replace("窗口电话一直没人接", text)), 400)).errors[0].code).toBe(
				"body_encoding",
			);
		expect((await refused(await postJson({ ...NOT_USEFUL, text: "电话\ufffd" }), 400)).errors[0].code).toBe("body_encoding");
	});

	it.each(["\u200b", "\ufeff", "\u202e", "\u0000", "\u007f", "\u001b"])("8–9. refuses U+%s inside the text", async (ch) => {
		expect(await fieldsOf(await postJson({ ...NOT_USEFUL, text: `电话${ch}打不通` }))).toEqual(["text:chars"]);
	});

	it("9. refuses control characters in the item code", async () => {
		for (const item of ["di\u0000bao", "dibao\u007f", "di\nbao"])
			expect(await fieldsOf(await postJson({ ...NOT_USEFUL, item }))).toEqual(["item:item.unknown"]);
	});

	it.each(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>"])(
		"14. refuses markup in the text: %s",
		async (text) => {
			expect(await fieldsOf(await postJson({ ...NOT_USEFUL, text }))).toEqual(["text:markup"]);
		},
	);

	it.each(['=HYPERLINK("x")', "+1 材料", "-材料不全", "@SUM(A1)"])("16. refuses a text starting like a formula: %s", async (text) => {
		expect(await fieldsOf(await postJson({ ...NOT_USEFUL, text }))).toEqual(["text:formula"]);
	});

	it("10–11. refuses a text of 301 characters (counted as characters, 𠮷 is one)", async () => {
		expect(await fieldsOf(await postJson({ ...NOT_USEFUL, text: "𠮷".repeat(301) }))).toEqual(["text:too_long"]);
	});

	it.each([["1"], ["0"], ['"true"'], ["1e309"], ["NaN"]])("17. refuses useful as %s", async (literal) => {
		const res = await postJson(JSON.stringify({ ...NOT_USEFUL, useful: "__U__" }).replace('"__U__"', literal));
		if (literal === "NaN") return void (await refused(res, 400));
		expect(await fieldsOf(res)).toContain("useful:type");
	});

	it("18. refuses a key repeated in a form (two reasons, two items) as the wrong type", async () => {
		const res = await postForm([
			["item", "dibao"],
			["useful", "no"],
			["reason", "phone"],
			["reason", "materials"],
		]);
		expect(res.status).toBe(422);
		expect(await res.text()).toContain("哪里不对的格式不对");
		const json = await postJson({ ...NOT_USEFUL, reason: ["phone", "materials"] });
		expect(await fieldsOf(json)).toEqual(["reason:type"]);
	});

	it("an unknown item code: 422 item.unknown for JSON, the 404 page for a form", async () => {
		expect(await fieldsOf(await postJson({ ...NOT_USEFUL, item: "no-such-item" }))).toEqual(["item:item.unknown"]);
		const form = await postForm([
			["item", "no-such-item"],
			["useful", "yes"],
		]);
		expect(form.status).toBe(404);
		expect(form.headers.get("Content-Type")).toMatch(/^text\/html/);
	});

	it.each(["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])("21. answers %s with 405 and Allow: POST", async (method) => {
		const res = await send("/api/feedback?item=dibao&useful=true", { method });
		expect(res.status).toBe(405);
		expect(res.headers.get("Allow")).toBe("POST");
	});

	it.each([
		["a foreign Origin", { Origin: "https://evil.example" }],
		["Origin: null", { Origin: "null" }],
		["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
	])("22. refuses %s with 403", async (_name, headers) => {
		expect((await refused(await postJson(NOT_USEFUL, headers), 403)).errors[0].code).toBe("cross_site");
	});

	it("23. limits each client per minute, and a client-sent address does not make a new client", { timeout: 30_000 }, async () => {
		// The limiter counts per wall-clock minute: start well inside one (a wait of up to 10 s, hence the timeout).
		const left = 60_000 - (Date.now() % 60_000);
		if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
		const small = { FEEDBACK_LIMITER: env.TEST_LIMIT_2 };
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++)
			statuses.push(
				(await postJson(NOT_USEFUL, { "CF-Connecting-IP": `203.0.113.${i}`, "X-Forwarded-For": `198.51.100.${i}` }, small)).status,
			);
		expect(statuses).toEqual([201, 201, 429, 429]);
		rows += 2;
		const limited = await refused(await postJson(NOT_USEFUL, {}, small), 429);
		expect(limited.errors[0].code).toBe("rate_limited");
	});

	it("24. refuses an ID or mobile number in the address", async () => {
		for (const q of ["?phone=13812345678", "?id=110105194005120011"])
			expect(
				(
					await refused(
						await send(`/api/feedback${q}`, {
							method: "POST",
							headers: { "Content-Type": "application/json" },
							body: JSON.stringify(NOT_USEFUL),
						}),
						400,
					)
				).errors[0].code,
			).toBe("personal_data_in_url");
	});

	it("a form with errors gets the guide again: 422, 没用 open, the summary, what was typed, and no script run", async () => {
		const res = await postForm([
			["item", "dibao"],
			["useful", "no"],
			["text", '<script>alert("x")</script>'],
		]);
		expect(res.status).toBe(422);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		const html = await res.text();
		expect(html).toMatch(/<title>错误：/);
		expect(html).toMatch(/<details[^>]*id="feedback-no"[^>]*open/);
		expect(html).toContain('<a href="#f-reason">请选择哪里不对。</a>');
		expect(html).toContain('<a href="#f-text">具体说明里不能有 &lt; 或 &gt; 符号，请删掉后再提交。</a>');
		expect(html).toMatch(/&lt;script&gt;alert\((&quot;|")x(&quot;|")\)&lt;\/script&gt;<\/textarea>/);
		expect(html).not.toContain('<script>alert("x")');
	});
});

// ── the back office ───────────────────────────────────────────────────────────────────────────────

interface Report {
	weeks: string[];
	threshold: number;
	department: string | null;
	items: {
		code: string;
		department: { slug: string; name: string };
		useful: number;
		notUseful: number;
		flags: { week: string; reason: string; count: number }[];
		weeks: { week: string; useful: number; notUseful: number; reasons: Record<string, number>; flags: string[] }[];
		texts: { at: string; reason: string; text: string }[];
	}[];
}

let ids: Record<Who, number>;
beforeAll(async () => {
	ids = await seedStaff("feedback");
	// One of each in scope of the matrix: 民政 (dibao), 医保 (yibao-canbao), 林业 (linmu-caifa).
	for (const item of ["dibao", "yibao-canbao", "linmu-caifa"]) expect((await postJson({ item, useful: true })).status).toBe(201);
});

const report = async (caller: Caller) => {
	const res = await caller("/api/staff/feedback");
	expect(res.status, await res.clone().text()).toBe(200);
	return res.json<Report>();
};
const codes = (r: Report) => r.items.map((i) => i.code);

/** Which guides each person sees the feedback of, written out by hand. */
const SEES_ITEMS: Record<Who, "all" | "minzheng" | "yibao" | "none"> = {
	admin: "all",
	"qingshi.head": "all",
	"qingshi.clerkA": "minzheng",
	"qingshi.clerkB": "minzheng",
	"qingshi.agent": "none",
	"baihe.head": "all",
	"baihe.clerkA": "minzheng",
	"baihe.clerkB": "minzheng",
	"baihe.agent": "none",
	"qingshi.otherWindowA": "yibao",
	"qingshi.otherAgent": "none",
	"heba.head": "all",
	"board.head": "all",
};

describe("the role × centre matrix for GET /api/staff/feedback and /staff/feedback/", () => {
	it.each(WHO)("%s", async (who) => {
		const caller = await as(ids[who]);
		const sees = SEES_ITEMS[who];
		const page = await caller("/staff/feedback/");
		const html = await page.text();
		if (sees === "none") {
			expect((await refused(await caller("/api/staff/feedback"), 403)).errors[0].code).toBe("forbidden");
			expect(page.status).toBe(403);
			expect(html).toContain("村代办员不查看办事指南反馈");
			expect(html).not.toContain('id="staff-feedback-rows"');
			return;
		}
		const r = await report(caller);
		expect(page.status).toBe(200);
		const want = { all: ["dibao", "yibao-canbao", "linmu-caifa"], minzheng: ["dibao"], yibao: ["yibao-canbao"] }[sees];
		const never = ["dibao", "yibao-canbao", "linmu-caifa"].filter((c) => !want.includes(c));
		for (const code of want) {
			expect(codes(r)).toContain(code);
			expect(html).toContain(`data-item="${code}"`);
		}
		for (const code of never) {
			expect(codes(r)).not.toContain(code);
			expect(html).not.toContain(`data-item="${code}"`);
		}
		if (sees !== "all") expect(r.items.every((i) => i.department.slug === sees)).toBe(true);
		expect(r.department).toBe(sees === "all" ? null : sees);
		// The bar links here for everyone who may see it.
		expect(html).toMatch(/<li id="staff-bar-feedback">/);
	});

	it("refuses without an identity (401) and hides the link from a village agent", async () => {
		const nobody = callerWith(null);
		expect((await refused(await nobody("/api/staff/feedback"), 401)).errors[0].code).toBe("unauthenticated");
		expect((await nobody("/staff/feedback/")).status).toBe(303);
		const agentHtml = await (await (await as(ids["qingshi.agent"]))("/staff/")).text();
		expect(agentHtml).toMatch(/<li id="staff-bar-feedback" hidden>/);
	});

	it("changes nothing on other methods, and refuses personal data in the address", async () => {
		const admin = await as(ids.admin);
		const before = await rowCount();
		const post = await admin("/api/staff/feedback", { method: "POST", headers: { Origin: BASE } });
		expect(post.status).toBe(405);
		expect(post.headers.get("Allow")).toBe("GET, HEAD");
		expect((await refused(await admin("/api/staff/feedback?q=13812345678"), 400)).errors[0].code).toBe("personal_data_in_url");
		expect(await rowCount()).toBe(before);
	});
});

describe("counts per week and the weekly flag", () => {
	/** The instant of a China wall-clock time, as stored. */
	const china = (day: string, time: string) => new Date(`${day}T${time}+08:00`).toISOString();
	const insert = (item: string, reason: string, at: string, text: string | null = null) =>
		env.DB.prepare("INSERT INTO page_feedback (item_code, useful, reason, text, created_at) VALUES (?1, 0, ?2, ?3, ?4)")
			.bind(item, reason, text, at)
			.run();

	it(`flags an item with ${FEEDBACK_FLAG_THRESHOLD} × 电话打不通 in this week, on its department's rows only`, async () => {
		const item = "huhutong";
		for (let i = 0; i < FEEDBACK_FLAG_THRESHOLD - 1; i++)
			expect((await postJson({ item, useful: false, reason: "phone", text: `第${i + 1}次打不通` })).status).toBe(201);
		expect((await postJson({ item, useful: false, reason: "materials" })).status).toBe(201);
		const admin = await as(ids.admin);
		let found = (await report(admin)).items.find((i) => i.code === item)!;
		expect(found.flags).toEqual([]);
		expect(found.weeks[0].reasons.phone).toBe(FEEDBACK_FLAG_THRESHOLD - 1);

		expect((await postJson({ item, useful: false, reason: "phone" })).status).toBe(201);
		const r = await report(admin);
		found = r.items.find((i) => i.code === item)!;
		const thisWeek = weekOf(new Date());
		expect(found.flags).toEqual([expect.objectContaining({ week: thisWeek, reason: "phone", count: FEEDBACK_FLAG_THRESHOLD })]);
		expect(found.weeks[0]).toMatchObject({ week: thisWeek, notUseful: FEEDBACK_FLAG_THRESHOLD + 1, flags: ["phone"] });
		expect(found.texts.map((t) => t.text)).toEqual(expect.arrayContaining(["第1次打不通", "第2次打不通"]));
		// Flagged items come first.
		expect(r.items[0].flags.length).toBeGreaterThan(0);
		const html = await (await admin("/staff/feedback/")).text();
		const row = new RegExp(`<tr data-item="${item}">.*?</tr>`).exec(html)?.[0] ?? "";
		expect(row).toContain(`请核对：${thisWeek}这一周有${FEEDBACK_FLAG_THRESHOLD}条「电话打不通」`);
		expect(html).toContain("第1次打不通");
		// 广电网络's item is not the 民政 window's.
		expect(codes(await report(await as(ids["qingshi.clerkA"])))).not.toContain(item);
	});

	it("counts a calendar week in China time: Sunday 23:59:59 and Monday 00:00:00 are different weeks", async () => {
		const item = "linshi-jiuzhu";
		const monday = weekOf(new Date());
		const sunday = new Date(Date.parse(`${monday}T00:00:00+08:00`) - 1000);
		await insert(item, "materials", sunday.toISOString());
		await insert(item, "materials", china(weekOf(sunday), "09:00:00"));
		await insert(item, "materials", china(monday, "00:00:00"));
		const clerk = await as(ids["qingshi.clerkA"]);
		let found = (await report(clerk)).items.find((i) => i.code === item)!;
		expect(found.weeks.map((w) => [w.week, w.reasons.materials])).toEqual([
			[monday, 1],
			[weekOf(sunday), 2],
		]);
		expect(found.flags).toEqual([]);
		// A third in last week flags it, for last week, on the 民政 window's page.
		await insert(item, "materials", china(weekOf(sunday), "15:30:00"), "少写了户口簿");
		found = (await report(clerk)).items.find((i) => i.code === item)!;
		expect(found.flags).toEqual([expect.objectContaining({ week: weekOf(sunday), reason: "materials", count: 3 })]);
		expect(await (await clerk("/staff/feedback/")).text()).toContain(`请核对：${weekOf(sunday)}这一周有3条「材料不对」`);
	});

	it("does not flag other reasons however often, nor a flagged reason spread over weeks", async () => {
		const item = "zhaijidi";
		const monday = weekOf(new Date());
		for (let i = 0; i < 5; i++) await insert(item, "unclear", china(monday, `0${i}:10:00`));
		for (const back of [14, 21, 28]) {
			const day = new Date(Date.parse(`${monday}T12:00:00+08:00`) - back * 86_400_000);
			await insert(item, "phone", day.toISOString());
		}
		const found = (await report(await as(ids.admin))).items.find((i) => i.code === item)!;
		expect(found.flags).toEqual([]);
		expect(found.notUseful).toBe(8);
	});

	it("shows texts escaped, as written (markup-free script look-alikes, SQL, template syntax)", async () => {
		const texts = ["javascript:alert(1)", "{{7*7}}", "' OR 1=1-- \"; DROP TABLE page_feedback; --"];
		for (const text of texts) expect((await postJson({ item: "xuqin-beian", useful: false, reason: "unclear", text })).status).toBe(201);
		const html = await (await (await as(ids.admin))("/staff/feedback/")).text();
		expect(html).toContain("{{7*7}}");
		expect(html).toContain("&#39; OR 1=1-- &quot;; DROP TABLE page_feedback; --");
		expect(await rowCount()).toBeGreaterThan(0);
	});
});
