import { env, exports } from "cloudflare:workers";
import { idCardCheckChar } from "../../core/idcard";
import { decrypt, keysFrom } from "../src/lib/crypto";

export const BASE = "http://127.0.0.1:8787";

/** A real, valid ID number (born 1940-05-12, so an 80+ applicant), built with the check digit. */
export const ID_NUMBER = (() => {
	const first17 = "11010519400512001";
	return first17 + idCardCheckChar(first17);
})();

/** A complete, valid application for 高龄津贴 at the 青石镇 centre. */
export function validApplication() {
	return {
		item: "gaoling-jintie",
		centre: "qingshi",
		applicant: { name: "张三", idNumber: ID_NUMBER, phone: "13812345678", village: "shiqiao" },
		answers: { applyFor: "为自己申请", payAccount: "社会保障卡", homeVisit: "不需要" },
		consent: true,
	};
}

/** The same application as a plain HTML form would post it. */
export function validFormEntries(): [string, string][] {
	const a = validApplication();
	return [
		["item", a.item],
		["idempotencyKey", ""],
		["centre", a.centre],
		["applicant.name", a.applicant.name],
		["applicant.idNumber", a.applicant.idNumber],
		["applicant.phone", a.applicant.phone],
		["applicant.village", a.applicant.village],
		["answers.applyFor", a.answers.applyFor],
		["answers.payAccount", a.answers.payAccount],
		["answers.homeVisit", a.answers.homeVisit],
		["consent", "true"],
	];
}

export const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
	return call(path, {
		method: "POST",
		headers: { "Content-Type": "application/json", ...headers },
		body: typeof body === "string" ? body : JSON.stringify(body),
	});
}

export function postForm(path: string, entries: [string, string][], headers: Record<string, string> = {}) {
	return call(path, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...headers },
		body: new URLSearchParams(entries).toString(),
		redirect: "manual",
	});
}

export const apply = (body: unknown = validApplication(), key: string = crypto.randomUUID()) =>
	postJson("/api/applications", body, { "Idempotency-Key": key });

export async function count(table: "applications" | "application_events" | "audit_entries" | "corrections"): Promise<number> {
	const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
	return row!.n;
}

export interface Receipt {
	trackingNo: string;
	queryCode: string;
	status: string;
}

/** Submits a valid application and returns its receipt. */
export async function submitted(body: unknown = validApplication()): Promise<Receipt> {
	const res = await apply(body);
	if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${await res.text()}`);
	return res.json<Receipt>();
}

/** Puts a case into 补正 as the back office will: a notice with two items, the case in status correction. */
export async function askCorrection(trackingNo: string) {
	const items = [
		{ id: "c1", name: "户口簿复印件", reason: "上传的照片看不清户主页" },
		{ id: "c2", name: "老人本人社会保障卡复印件", reason: "没有提供" },
	];
	const at = new Date().toISOString();
	await env.DB.batch([
		env.DB.prepare(
			`INSERT INTO corrections (application_id, requested_at, requested_by, respond_by, items_json)
			 SELECT id, ?2, 'staff:test', '2026-12-31', ?3 FROM applications WHERE tracking_no = ?1`,
		).bind(trackingNo, at, JSON.stringify(items)),
		env.DB.prepare(`UPDATE applications SET status = 'correction', version = version + 1 WHERE tracking_no = ?1`).bind(trackingNo),
		env.DB.prepare(
			`INSERT INTO application_events (application_id, created_at, kind, status, actor, note)
			 SELECT id, ?2, 'correction_requested', 'correction', 'staff', '请补正：户口簿复印件、老人本人社会保障卡复印件' FROM applications WHERE tracking_no = ?1`,
		).bind(trackingNo, at),
	]);
	return items;
}

/** A stored case's answers, decrypted with the test key. */
export async function storedAnswers(trackingNo: string): Promise<Record<string, unknown>> {
	const row = await env.DB.prepare("SELECT answers_cipher FROM applications WHERE tracking_no = ?1")
		.bind(trackingNo)
		.first<{ answers_cipher: string }>();
	const keys = await keysFrom(env.PII_KEY)!;
	return JSON.parse((await decrypt(keys.cipher, row!.answers_cipher))!) as Record<string, unknown>;
}
