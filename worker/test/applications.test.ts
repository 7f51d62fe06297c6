import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { idCardCheckChar } from "../../core/idcard";
import {
	ID_NUMBER,
	BASE,
	apply,
	askCorrection,
	call,
	count,
	postForm,
	postJson,
	storedAnswers,
	submitted,
	validApplication,
	validFormEntries,
} from "./helpers";

interface Row {
	tracking_no: string;
	status: string;
	applicant_name: string;
	applicant_phone: string;
	applicant_id_cipher: string;
	applicant_id_index: string;
	answers_cipher: string;
}

const row = (trackingNo: string) =>
	env.DB.prepare(
		`SELECT tracking_no, status, applicant_name, applicant_phone, applicant_id_cipher, applicant_id_index, answers_cipher FROM applications WHERE tracking_no = ?1`,
	)
		.bind(trackingNo)
		.first<Row>();

describe("POST /api/applications (JSON)", () => {
	it("stores the case and answers 201 with a tracking number and a query code", async () => {
		const before = await count("applications");
		const res = await apply();
		expect(res.status).toBe(201);
		const body = await res.json<Record<string, unknown>>();
		expect(body).toMatchObject({
			trackingNo: expect.stringMatching(/^[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}$/),
			queryCode: expect.stringMatching(/^\d{6}$/),
			status: "submitted",
			item: { code: "gaoling-jintie", name: expect.any(String) },
			centre: { slug: "qingshi", name: expect.stringContaining("青石") },
		});
		expect(await count("applications")).toBe(before + 1);
		const stored = await row(body.trackingNo as string);
		expect(stored).toMatchObject({ status: "submitted", applicant_name: "张三", applicant_phone: "13812345678" });
		expect(stored!.answers_cipher).not.toContain("社会保障卡");
		expect(await storedAnswers(body.trackingNo as string)).toEqual(validApplication().answers);
	});

	it("keeps the ID number only encrypted, with a blind index, and never the same ciphertext twice", async () => {
		const a = await submitted();
		const b = await submitted();
		const [ra, rb] = [await row(a.trackingNo), await row(b.trackingNo)];
		const everything = JSON.stringify(await env.DB.prepare("SELECT * FROM applications WHERE tracking_no = ?1").bind(a.trackingNo).first());
		expect(everything).not.toContain(ID_NUMBER);
		expect(everything).not.toContain(ID_NUMBER.slice(6, 14));
		expect(ra!.applicant_id_cipher).not.toBe(rb!.applicant_id_cipher);
		expect(ra!.applicant_id_index).toBe(rb!.applicant_id_index);
		expect(ra!.applicant_id_index).toMatch(/^[0-9a-f]{64}$/);
	});

	it("normalises what it stores: full-width digits, lower-case x, +86, spaces", async () => {
		const body = validApplication();
		const id = "11010519400512003";
		const check = idCardCheckChar(id);
		body.applicant.idNumber = ` ${[...id].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join("")}${check.toLowerCase()} `;
		body.applicant.phone = "+86 138-1234-5678";
		const r = await submitted(body);
		const lookup = await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: r.queryCode });
		expect((await lookup.json<{ applicant: { idNumber: string; phone: string } }>()).applicant).toEqual({
			name: "张*",
			idNumber: `110***********${id.slice(14)}${check}`,
			phone: "138****5678",
		});
	});

	it("writes the first timeline event and an audit entry in the same batch", async () => {
		const [events, audits] = [await count("application_events"), await count("audit_entries")];
		await submitted();
		expect(await count("application_events")).toBe(events + 1);
		expect(await count("audit_entries")).toBe(audits + 1);
	});
});

describe("idempotency", () => {
	it("answers a retry with the same case and makes no second row", async () => {
		const key = crypto.randomUUID();
		const before = await count("applications");
		const first = await (await apply(validApplication(), key)).json<{ trackingNo: string; queryCode: string }>();
		const again = await apply(validApplication(), key);
		expect(again.status).toBe(201);
		expect(again.headers.get("Idempotent-Replayed")).toBe("true");
		expect(await again.json()).toMatchObject({ trackingNo: first.trackingNo, queryCode: first.queryCode });
		expect(await count("applications")).toBe(before + 1);
	});

	it("turns 50 identical posts sent at once into exactly one case", async () => {
		const key = crypto.randomUUID();
		const before = await count("applications");
		const answers = await Promise.all(Array.from({ length: 50 }, () => apply(validApplication(), key)));
		expect(answers.map((r) => r.status)).toEqual(Array(50).fill(201));
		const numbers = new Set(await Promise.all(answers.map(async (r) => (await r.json<{ trackingNo: string }>()).trackingNo)));
		expect(numbers.size).toBe(1);
		expect(await count("applications")).toBe(before + 1);
	});

	it("refuses the same key with a different application", async () => {
		const key = crypto.randomUUID();
		await apply(validApplication(), key);
		const other = validApplication();
		other.applicant.name = "李四";
		const before = await count("applications");
		const res = await apply(other, key);
		expect(res.status).toBe(422);
		expect(await res.json()).toEqual({ errors: [{ code: "idempotency_key_reused", message: expect.stringContaining("Idempotency-Key") }] });
		expect(await count("applications")).toBe(before);
	});

	it("requires the Idempotency-Key header on JSON and checks its form", async () => {
		const before = await count("applications");
		const missing = await postJson("/api/applications", validApplication());
		expect(missing.status).toBe(400);
		expect((await missing.json<{ errors: { code: string }[] }>()).errors[0].code).toBe("idempotency_key_required");
		const bad = await apply(validApplication(), "short");
		expect(bad.status).toBe(400);
		expect(await count("applications")).toBe(before);
	});

	it("makes one case of a plain form sent twice (double click, JavaScript off)", async () => {
		const before = await count("applications");
		const entries = validFormEntries().map(([k, v]): [string, string] => [k, k === "applicant.name" ? "王五" : v]);
		const [a, b] = [await postForm("/api/applications", entries), await postForm("/api/applications", entries)];
		expect([a.status, b.status]).toEqual([303, 303]);
		expect(await count("applications")).toBe(before + 1);
	});
});

describe("POST /api/applications (HTML form)", () => {
	it("answers 303 to the receipt page with an encrypted, HttpOnly receipt cookie and no code in the address", async () => {
		const res = await postForm("/api/applications", validFormEntries());
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/items/gaoling-jintie/apply/receipt/");
		const cookie = res.headers.get("Set-Cookie")!;
		expect(cookie).toMatch(
			/^bm_receipt=[A-Za-z0-9+/=]+; Path=\/items\/gaoling-jintie\/apply\/receipt\/; Max-Age=1800; HttpOnly; SameSite=Strict$/,
		);

		const page = await call("/items/gaoling-jintie/apply/receipt/", { headers: { Cookie: cookie.split(";")[0] } });
		expect(page.status).toBe(200);
		expect(page.headers.get("Cache-Control")).toBe("no-store");
		const html = await page.text();
		const trackingNo = /id="receipt-tracking-no"[^>]*>([^<]+)</.exec(html)?.[1];
		const queryCode = /id="receipt-query-code"[^>]*>(\d{6})</.exec(html)?.[1];
		expect(trackingNo).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		expect(html).toMatch(/<section id="receipt-ok"(?![^>]*hidden)/);

		const lookup = await postJson("/api/applications/lookup", { trackingNo, queryCode });
		expect(lookup.status).toBe(200);
	});

	it("shows the receipt page's 'no receipt' part without the cookie or with a forged one", async () => {
		for (const headers of [{} as Record<string, string>, { Cookie: "bm_receipt=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }]) {
			const html = await (await call("/items/gaoling-jintie/apply/receipt/", { headers })).text();
			expect(html).toMatch(/<section id="receipt-missing"(?![^>]*hidden)/);
			expect(html).toMatch(/<section id="receipt-ok"[^>]*hidden/);
		}
	});

	it("shows the form again with 422, 错误： in the title, linked errors, values kept and no row", async () => {
		const before = await count("applications");
		const entries = validFormEntries().map(([k, v]): [string, string] => [
			k,
			k === "applicant.idNumber" ? "110105194005120010" : k === "consent" ? "" : v,
		]);
		const res = await postForm("/api/applications", entries);
		expect(res.status).toBe(422);
		const html = await res.text();
		expect(html).toMatch(/<title>错误：/);
		expect(html).toMatch(/<div[^>]*id="error-summary"(?![^>]*hidden)/);
		expect(html).toContain('href="#f-applicant-idNumber"');
		expect(html).toContain('href="#f-consent"');
		expect(html).toMatch(/id="f-applicant-idNumber"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-applicant-idNumber"/);
		expect(html).toMatch(/value="张三"/);
		expect(html).toMatch(/<input[^>]*value="社会保障卡"[^>]*checked|<input[^>]*checked[^>]*value="社会保障卡"/);
		expect(await count("applications")).toBe(before);
	});
});

describe("POST /api/applications/lookup", () => {
	it("answers the status, the public timeline and what to do next, with personal data masked", async () => {
		const r = await submitted();
		const res = await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: r.queryCode });
		expect(res.status).toBe(200);
		const view = await res.json<Record<string, unknown>>();
		expect(view).toMatchObject({
			trackingNo: r.trackingNo,
			status: "submitted",
			statusCode: "02",
			applicant: { name: "张*", idNumber: `110***********${ID_NUMBER.slice(-4)}`, phone: "138****5678" },
			answerBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			correction: null,
		});
		// The centre's answer is promised by a date: 5 working days after the day of submission.
		expect(view.next).toContain(`会在${String(view.answerBy)}前受理`);
		expect(String(view.answerBy) > new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(true);
		expect(view.timeline).toEqual([expect.objectContaining({ status: "submitted", note: expect.stringContaining("等待") })]);
		expect(JSON.stringify(view)).not.toContain(ID_NUMBER);
	});

	it("forgives lower case, spaces and a missing dash in the tracking number", async () => {
		const r = await submitted();
		const typed = ` ${r.trackingNo.replace("-", "").toLowerCase()} `;
		expect((await postJson("/api/applications/lookup", { trackingNo: typed, queryCode: r.queryCode })).status).toBe(200);
	});

	it("gives an unknown number and a wrong code byte-identical answers", async () => {
		const r = await submitted();
		const wrong = String((Number(r.queryCode) + 1) % 1_000_000).padStart(6, "0");
		const a = await postJson("/api/applications/lookup", { trackingNo: "XXXX-XXXX".replace(/X/g, "3"), queryCode: wrong });
		const b = await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: wrong });
		expect(a.status).toBe(404);
		expect(b.status).toBe(a.status);
		expect(await b.text()).toBe(await a.text());
		expect([...b.headers].sort()).toEqual([...a.headers].sort());
	});

	it("locks a case after five wrong codes, even against the right one, and opens again after the lock", async () => {
		const r = await submitted();
		const wrong = String((Number(r.queryCode) + 7) % 1_000_000).padStart(6, "0");
		for (let i = 0; i < 5; i++)
			expect((await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: wrong })).status).toBe(404);
		const locked = await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: r.queryCode });
		expect(locked.status).toBe(404);
		await env.DB.prepare("UPDATE applications SET locked_until = '2000-01-01T00:00:00.000Z' WHERE tracking_no = ?1")
			.bind(r.trackingNo)
			.run();
		expect((await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: r.queryCode })).status).toBe(200);
	});

	it("answers a badly formed number or code with 422 and the field", async () => {
		for (const [trackingNo, queryCode, field] of [
			["*", "123456", "trackingNo"],
			["x".repeat(1024), "123456", "trackingNo"],
			["3333-3333", "12345", "queryCode"],
			["3333-3333", "%", "queryCode"],
		]) {
			const res = await postJson("/api/applications/lookup", { trackingNo, queryCode });
			expect(res.status).toBe(422);
			expect((await res.json<{ errors: { field: string }[] }>()).errors[0].field).toBe(field);
		}
	});

	it("fills the built /track/ page for a plain form post, and never echoes the query code on failure", async () => {
		const r = await submitted();
		const ok = await postForm("/api/applications/lookup", [
			["trackingNo", r.trackingNo],
			["queryCode", r.queryCode],
		]);
		expect(ok.status).toBe(200);
		const html = await ok.text();
		expect(html).toMatch(/<section[^>]*id="track-result"(?![^>]*hidden)/);
		expect(html).toContain("张*");
		expect(html).toMatch(/id="track-status"[^>]*>已提交/);

		const failed = await postForm("/api/applications/lookup", [
			["trackingNo", r.trackingNo],
			["queryCode", "000000" === r.queryCode ? "000001" : "000000"],
		]);
		expect(failed.status).toBe(404);
		const text = await failed.text();
		expect(text).toMatch(/<title>错误：/);
		expect(text).toContain("办件编号或查询码不对");
		expect(text).not.toContain('value="000000"');
	});
});

describe("补正 (correction) answered by the applicant", () => {
	it("lists everything asked at once, takes the answer and sends the case back to the window", async () => {
		const r = await submitted();
		const items = await askCorrection(r.trackingNo);
		const view = await (
			await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: r.queryCode })
		).json<{
			status: string;
			correction: { items: unknown[]; respondBy: string };
			next: string;
		}>();
		expect(view.status).toBe("correction");
		expect(view.correction).toEqual({ respondBy: "2026-12-31", items });
		expect(view.next).toContain("2026-12-31");

		const res = await postJson("/api/applications/correction", {
			trackingNo: r.trackingNo,
			queryCode: r.queryCode,
			supplied: ["c1", "c2"],
			note: "已交到村代办员",
		});
		expect(res.status).toBe(200);
		const after = await res.json<{ status: string; timeline: { note: string }[] }>();
		expect(after.status).toBe("submitted");
		expect(after.timeline.at(-1)!.note).toContain("户口簿复印件");
		expect((await row(r.trackingNo))!.status).toBe("submitted");

		const again = await postJson("/api/applications/correction", { trackingNo: r.trackingNo, queryCode: r.queryCode, supplied: ["c1"] });
		expect(again.status).toBe(409);
	});

	it("lets only one of two answers sent at once land", async () => {
		const r = await submitted();
		await askCorrection(r.trackingNo);
		const events = await count("application_events");
		const both = await Promise.all(
			[["c1"], ["c2"]].map((supplied) =>
				postJson("/api/applications/correction", { trackingNo: r.trackingNo, queryCode: r.queryCode, supplied }),
			),
		);
		expect(both.map((x) => x.status).sort()).toEqual([200, 409]);
		expect(await count("application_events")).toBe(events + 1);
	});

	it("refuses an empty list, an item not asked for, duplicates, and a wrong code, changing nothing", async () => {
		const r = await submitted();
		await askCorrection(r.trackingNo);
		for (const supplied of [[], ["c9"], ["c1", "c1"], "c1", Array(10_000).fill("c1")]) {
			const res = await postJson("/api/applications/correction", { trackingNo: r.trackingNo, queryCode: r.queryCode, supplied });
			expect(res.status).toBe(422);
		}
		const wrong = await postJson("/api/applications/correction", {
			trackingNo: r.trackingNo,
			queryCode: r.queryCode === "111111" ? "222222" : "111111",
			supplied: ["c1"],
		});
		expect(wrong.status).toBe(404);
		expect((await row(r.trackingNo))!.status).toBe("correction");
	});

	it("works from the /track/ page with JavaScript off", async () => {
		const r = await submitted();
		await askCorrection(r.trackingNo);
		const page = await (
			await postForm("/api/applications/lookup", [
				["trackingNo", r.trackingNo],
				["queryCode", r.queryCode],
			])
		).text();
		expect(page).toMatch(/<section[^>]*id="track-correction"(?![^>]*hidden)/);
		expect(page).toContain('value="c2"');
		const res = await postForm("/api/applications/correction", [
			["trackingNo", r.trackingNo],
			["queryCode", r.queryCode],
			["supplied", "c1"],
			["supplied", "c2"],
			["note", ""],
		]);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toMatch(/id="track-notice"(?![^>]*hidden)[^>]*>已收到您的补正/);
		expect((await row(r.trackingNo))!.status).toBe("submitted");
	});
});

describe("guards", () => {
	it("refuses every method but POST on the POST routes, and GET changes nothing", async () => {
		const before = await count("applications");
		for (const path of ["/api/applications", "/api/applications/lookup", "/api/applications/correction"]) {
			for (const method of ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]) {
				const res = await call(`${path}?item=gaoling-jintie`, { method });
				expect(res.status, `${method} ${path}`).toBe(405);
				expect(res.headers.get("Allow")).toBe("POST");
			}
		}
		expect(await count("applications")).toBe(before);
	});

	it("refuses cross-site posts: a foreign Origin, Origin: null, Sec-Fetch-Site: cross-site", async () => {
		const before = await count("applications");
		for (const headers of [
			{ Origin: "https://evil.example" } as Record<string, string>,
			{ Origin: "null" },
			{ "Sec-Fetch-Site": "cross-site" },
			{ "Sec-Fetch-Site": "same-site" },
		]) {
			const res = await postJson("/api/applications", validApplication(), { "Idempotency-Key": crypto.randomUUID(), ...headers });
			expect(res.status).toBe(403);
			expect((await res.json<{ errors: { code: string }[] }>()).errors[0].code).toBe("cross_site");
		}
		expect((await apply(validApplication())).status).toBe(201);
		expect(await count("applications")).toBe(before + 1);
		expect((await postJson("/api/applications", validApplication(), { "Idempotency-Key": crypto.randomUUID(), Origin: BASE })).status).toBe(
			201,
		);
	});

	it("refuses an ID number or a mobile number in the address", async () => {
		for (const query of [`?id=${ID_NUMBER}`, "?phone=13812345678", "?p=138%201234%205678"]) {
			const res = await postJson(`/api/applications${query}`, validApplication(), { "Idempotency-Key": crypto.randomUUID() });
			expect(res.status).toBe(400);
			expect((await res.json<{ errors: { code: string }[] }>()).errors[0].code).toBe("personal_data_in_url");
		}
	});
});

describe("a page's idempotency key", () => {
	it("is scoped to the content: the same page key with a changed answer is a new case, the same content is not", async () => {
		const key = crypto.randomUUID();
		const before = await count("applications");
		const entries = validFormEntries().map(([k, v]): [string, string] => [k, k === "idempotencyKey" ? key : v]);
		const changed = entries.map(([k, v]): [string, string] => [k, k === "answers.homeVisit" ? "需要上门" : v]);
		for (const e of [entries, entries, changed]) expect((await postForm("/api/applications", e)).status).toBe(303);
		expect(await count("applications")).toBe(before + 2);
	});

	it("is ignored when malformed, and the Worker derives one", async () => {
		const before = await count("applications");
		const entries = validFormEntries().map(([k, v]): [string, string] => [
			k,
			k === "idempotencyKey" ? "<bad key>" : k === "applicant.name" ? "赵六" : v,
		]);
		expect((await postForm("/api/applications", entries)).status).toBe(303);
		expect((await postForm("/api/applications", entries)).status).toBe(303);
		expect(await count("applications")).toBe(before + 1);
	});
});

describe("time edges: the day is China's day", () => {
	const birth = (date: string) => ({
		item: "chusheng-dengji",
		centre: "qingshi",
		applicant: validApplication().applicant,
		answers: {
			declarantRelation: "母亲",
			childName: "张小宝",
			childSex: "女",
			childBirthDate: date,
			birthCertificateNumber: "Q510123456",
			followParent: "随母亲落户",
		},
		consent: true,
	});
	afterEach(() => void vi.useRealTimers());

	it("at 23:59:59 in China on 31 December (15:59:59 UTC) takes that day as a past date and refuses the next", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-12-31T15:59:59Z"));
		expect((await apply(birth("2026-12-31"))).status).toBe(201);
		const next = await apply(birth("2027-01-01"));
		expect(next.status).toBe(422);
		expect((await next.json<{ errors: { field: string; code: string }[] }>()).errors).toEqual([
			expect.objectContaining({ field: "answers.childBirthDate", code: "date.range" }),
		]);
	});

	it("one second later (16:00:00 UTC) is already 1 January in China", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-12-31T16:00:00Z"));
		expect((await apply(birth("2027-01-01"))).status).toBe(201);
	});

	it("takes a leap day", async () => {
		expect((await apply(birth("2024-02-29"))).status).toBe(201);
		expect((await apply(birth("2025-02-29"))).status).toBe(422);
	});
});

describe("a field required only for some answers (requiredIf)", () => {
	it("asks for the elder's name and ID number when someone applies for the elder, not when the elder applies", async () => {
		const forElder = validApplication();
		forElder.answers.applyFor = "替家里的老人申请";
		const res = await apply(forElder);
		expect(res.status).toBe(422);
		expect((await res.json<{ errors: { field: string; code: string; message: string }[] }>()).errors).toEqual([
			{ field: "answers.elderName", code: "required", message: "请填写老人的姓名。" },
			{ field: "answers.elderIdNumber", code: "required", message: "请填写老人的身份证号。" },
		]);
		expect((await apply(validApplication())).status).toBe(201);
	});
});
