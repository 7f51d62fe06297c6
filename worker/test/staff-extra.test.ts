import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { csvCell } from "../../core/csv";
import worker from "../src/index";
import { sessionKeyFrom, signSession, STAFF_COOKIE } from "../src/lib/staff-session";
import { BASE, postJson, submitted, validApplication } from "./helpers";

/** Retention, the CSV export and AB岗 absence, called through the Worker's own entry points. */

let seq = 0;
async function staffRow(role: string, extra: Record<string, string | null> = {}): Promise<number> {
	const email = `extra-${role}-${++seq}-${crypto.randomUUID()}@example.gov.cn`;
	const cols = { centre_slug: "qingshi", station_slug: null, window_department: null, post: null, ...extra };
	const row = await env.DB.prepare(
		`INSERT INTO staff (email, name, role, centre_slug, station_slug, window_department, post, created_at, updated_at)
		 VALUES (?1, '测试员', ?2, ?3, ?4, ?5, ?6, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z') RETURNING id`,
	)
		.bind(email, role, role === "admin" ? null : cols.centre_slug, cols.station_slug, cols.window_department, cols.post)
		.first<{ id: number }>();
	return row!.id;
}

async function as(staffId: number, path: string, init: RequestInit = {}) {
	const cookie = await signSession((await sessionKeyFrom(env.PII_KEY))!, staffId);
	const headers = new Headers(init.headers);
	headers.set("Cookie", `${STAFF_COOKIE}=${cookie}`);
	const ctx = createExecutionContext();
	const res = await worker.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...env, DEV_SIGN_IN: "true", ACCESS_AUD: "" }, ctx);
	await waitOnExecutionContext(ctx);
	return res;
}

describe("retention (the daily Cron Trigger)", () => {
	async function runAt(iso: string) {
		await worker.scheduled(createScheduledController({ scheduledTime: new Date(iso), cron: "0 19 * * *" }), {
			...env,
			RETENTION_DAYS: "180",
		});
	}
	const personal = (trackingNo: string) =>
		env.DB.prepare(
			`SELECT applicant_name, applicant_phone, applicant_id_cipher, applicant_id_index, answers_cipher, status, erased_at FROM applications WHERE tracking_no = ?1`,
		)
			.bind(trackingNo)
			.first<Record<string, string | null>>();

	it("erases personal data 180 days after a case closed, keeps state and audit, and is safe to run twice", async () => {
		const old = await submitted();
		const recent = await submitted();
		await env.DB.prepare(`UPDATE applications SET status = 'completed', closed_at = ?2 WHERE tracking_no = ?1`)
			.bind(old.trackingNo, "2026-05-01T00:00:00.000Z")
			.run();
		await env.DB.prepare(`UPDATE applications SET status = 'completed', closed_at = ?2 WHERE tracking_no = ?1`)
			.bind(recent.trackingNo, "2026-11-01T00:00:00.000Z")
			.run();
		await runAt("2026-11-28T19:00:00Z");
		expect(await personal(old.trackingNo)).toEqual({
			applicant_name: "",
			applicant_phone: "",
			applicant_id_cipher: "",
			applicant_id_index: "",
			answers_cipher: "",
			status: "completed",
			erased_at: "2026-11-28T19:00:00.000Z",
		});
		expect((await personal(recent.trackingNo))!.applicant_name).toBe("张三");
		const audits = async () =>
			(await env.DB.prepare(`SELECT count(*) AS n FROM audit_entries WHERE action = 'application.erase_personal_data' AND subject_id = ?1`)
				.bind(old.trackingNo)
				.first<{ n: number }>())!.n;
		expect(await audits()).toBe(1);

		await runAt("2026-11-29T19:00:00Z");
		expect(await audits()).toBe(1);
		expect((await personal(old.trackingNo))!.erased_at).toBe("2026-11-28T19:00:00.000Z");

		// The applicant can still see the state; nothing personal is left to show.
		const view = await (
			await postJson("/api/applications/lookup", { trackingNo: old.trackingNo, queryCode: old.queryCode })
		).json<{
			status: string;
			applicant: Record<string, string>;
		}>();
		expect(view.status).toBe("completed");
		expect(view.applicant.idNumber).toBe("");
	});

	it("leaves cases that are still open, however old", async () => {
		const open = await submitted();
		await env.DB.prepare(`UPDATE applications SET submitted_at = '2025-01-01T00:00:00.000Z' WHERE tracking_no = ?1`)
			.bind(open.trackingNo)
			.run();
		await runAt("2026-11-28T19:00:00Z");
		expect((await personal(open.trackingNo))!.erased_at).toBeNull();
	});
});

describe("CSV export", () => {
	it("makes formula-looking cells inert and quotes every cell", () => {
		expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		for (const v of ["+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(csvCell(v).startsWith(`"'`)).toBe(true);
		expect(csvCell("张三")).toBe('"张三"');
	});

	it("exports the caller's cases of a date range for Excel, and audits the export", async () => {
		const head = await staffRow("head");
		const r = await submitted();
		const res = await as(head, "/api/staff/cases/export.csv?from=2026-11-01&to=2026-12-31");
		expect(res.status).toBe(200);
		expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
		const bytes = new Uint8Array(await res.arrayBuffer());
		// A byte-order mark first, so Excel reads UTF-8.
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text.slice(0, 12)).toBe('"办件编号","事项",');
		expect(text).toContain(`"${r.trackingNo}"`);
		const other = await staffRow("head", { centre_slug: "baihe" });
		expect(await (await as(other, "/api/staff/cases/export.csv?from=2026-11-01&to=2026-12-31")).text()).not.toContain(r.trackingNo);
		const audit = await env.DB.prepare(`SELECT count(*) AS n FROM audit_entries WHERE action = 'application.export' AND actor = ?1`)
			.bind(`staff:${head}`)
			.first<{ n: number }>();
		expect(audit!.n).toBe(1);
	});

	it("is sent compressed to a client that takes gzip (a month of the city is megabytes), plain to one that does not", async () => {
		const head = await staffRow("head");
		const path = "/api/staff/cases/export.csv?from=2026-11-01&to=2026-12-31";
		const gzip = await as(head, path, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
		expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
		expect(gzip.headers.get("Vary")).toContain("Accept-Encoding");
		const plain = await as(head, path);
		expect(plain.headers.get("Content-Encoding")).toBeNull();
		expect(await plain.text()).toMatch(/^"办件编号"/);
	});

	it.each([["from=2026-11-01"], ["from=2026-12-01&to=2026-11-01"], ["from=2024-01-01&to=2026-01-01"], ["from=x&to=y"]])(
		"refuses the range %s",
		async (query) => {
			const head = await staffRow("head");
			expect((await as(head, `/api/staff/cases/export.csv?${query}`)).status).toBe(400);
		},
	);
});

describe("AB岗 absence", () => {
	const mark = (who: number, body: unknown) =>
		as(who, "/api/staff/absence", {
			method: "POST",
			headers: { "Content-Type": "application/json", Origin: BASE },
			body: JSON.stringify(body),
		});

	it("lets an A post mark itself away and back, a head mark an A post, and no one else", async () => {
		const a = await staffRow("clerk", { window_department: "minzheng", post: "A" });
		const b = await staffRow("clerk", { window_department: "minzheng", post: "B" });
		const head = await staffRow("head");
		const otherHead = await staffRow("head", { centre_slug: "baihe" });
		expect((await mark(a, { absent: true })).status).toBe(200);
		expect((await env.DB.prepare(`SELECT absent FROM staff WHERE id = ?1`).bind(a).first<{ absent: number }>())!.absent).toBe(1);
		expect((await mark(b, { absent: false, staffId: a })).status).toBe(403);
		expect((await mark(b, { absent: true })).status).toBe(403);
		expect((await mark(otherHead, { absent: false, staffId: a })).status).toBe(403);
		expect((await mark(head, { absent: false, staffId: a })).status).toBe(200);
		expect((await env.DB.prepare(`SELECT absent FROM staff WHERE id = ?1`).bind(a).first<{ absent: number }>())!.absent).toBe(0);
		expect((await mark(a, { absent: "yes" })).status).toBe(422);
		expect((await mark(a, { absent: true, role: "admin" })).status).toBe(422);
	});
});

describe("全程代办: a village agent applies for a villager", () => {
	const post = (who: number, path: string, body: unknown, key = crypto.randomUUID()) =>
		as(who, path, {
			method: "POST",
			headers: { "Content-Type": "application/json", Origin: BASE, "Idempotency-Key": key },
			body: JSON.stringify(body),
		});
	const mandate = { basis: "书面委托书", signedOn: "2026-11-20" };

	it("records the case with the 委托, hands back the receipt, and marks the paper forwarded once", async () => {
		const agent = await staffRow("agent", { station_slug: "shiqiao" });
		const res = await post(agent, "/api/staff/applications", { application: validApplication(), mandate });
		expect(res.status).toBe(201);
		const r = await res.json<{ trackingNo: string; queryCode: string }>();
		const row = await env.DB.prepare(`SELECT agent_id, mandate_cipher FROM applications WHERE tracking_no = ?1`)
			.bind(r.trackingNo)
			.first<{ agent_id: number; mandate_cipher: string }>();
		expect(row!.agent_id).toBe(agent);
		expect(row!.mandate_cipher).not.toContain("书面委托书");
		const view = await (
			await postJson("/api/applications/lookup", { trackingNo: r.trackingNo, queryCode: r.queryCode })
		).json<{ timeline: { note: string }[] }>();
		expect(view.timeline[0].note).toContain("代办员");

		const forwarded = await post(agent, `/api/staff/cases/${r.trackingNo}/paper-forwarded`, {});
		expect(forwarded.status).toBe(200);
		await post(agent, `/api/staff/cases/${r.trackingNo}/paper-forwarded`, {});
		const events = await env.DB.prepare(
			`SELECT count(*) AS n FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.tracking_no = ?1 AND e.kind = 'paper_forwarded'`,
		)
			.bind(r.trackingNo)
			.first<{ n: number }>();
		expect(events!.n).toBe(1);
	});

	it("refuses a villager of another station, an item that cannot be done by an agent, a missing 委托 and any non-agent", async () => {
		const agent = await staffRow("agent", { station_slug: "liujia" });
		const wrongVillage = await post(agent, "/api/staff/applications", { application: validApplication(), mandate });
		expect(wrongVillage.status).toBe(422);
		expect(await wrongVillage.json()).toMatchObject({ errors: [{ field: "application.applicant.village", code: "agent.scope" }] });
		const noMandate = await post(agent, "/api/staff/applications", {
			application: { ...validApplication(), applicant: { ...validApplication().applicant, village: "liujia" } },
		});
		expect(noMandate.status).toBe(422);
		const clerk = await staffRow("clerk", { window_department: "minzheng", post: "A" });
		expect((await post(clerk, "/api/staff/applications", { application: validApplication(), mandate })).status).toBe(403);
		const other = await staffRow("agent", { station_slug: "huayuan" });
		const r = await submitted();
		expect((await post(other, `/api/staff/cases/${r.trackingNo}/paper-forwarded`, {})).status).toBe(404);
	});
});
