import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import app from "../src/index";
import { BODY_LIMIT } from "../src/lib/request-body";
import { headersFile } from "../../core/security-headers";
import { BASE, ID_NUMBER, apply, call, count, postJson, storedAnswers, submitted, validApplication } from "./helpers";

/** Every online item's form as the build wrote it: the facts list names them, each has its /items/<code>/form.json. */
async function builtForms(): Promise<unknown[]> {
	const facts = await (await env.ASSETS.fetch("http://assets.local/items/facts.json")).json<{ code: string }[]>();
	return Promise.all(facts.map(async (f) => (await env.ASSETS.fetch(`http://assets.local/items/${f.code}/form.json`)).json()));
}

/**
 * ../shared/BAD-INPUTS.md against POST /api/applications (and the lookup where it applies): every
 * case answers 4xx with the error envelope in Chinese, writes no row, and never answers 5xx.
 */

let rows = 0;
beforeEach(async () => {
	rows = await count("applications");
});
afterEach(async () => {
	expect(await count("applications"), "no row may be written").toBe(rows);
});

interface Envelope {
	errors: { code: string; message: string; field?: string }[];
}

/** The answer is a 4xx JSON envelope with Chinese messages and nothing internal. */
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

/** Sets a value at a dotted path in a fresh valid application (undefined deletes it). */
function withValue(path: string, value: unknown): Record<string, unknown> {
	const body = validApplication() as unknown as Record<string, Record<string, unknown>>;
	const [head, tail] = path.split(".");
	const target: Record<string, unknown> = tail ? body[head] : body;
	const key = tail ?? head;
	if (value === undefined) delete target[key];
	else target[key] = value;
	return body;
}

const REQUIRED = [
	"item",
	"centre",
	"applicant.name",
	"applicant.idNumber",
	"applicant.phone",
	"applicant.village",
	"answers.applyFor",
	"consent",
];

describe("1. empty and missing", () => {
	it("refuses an empty body and {}", async () => {
		await refused(await postJson("/api/applications", "", { "Idempotency-Key": crypto.randomUUID() }), 400);
		expect(await fieldsOf(await apply({}))).toEqual(expect.arrayContaining(["item:required", "centre:required", "consent:consent"]));
	});

	it.each(REQUIRED)("refuses the application without %s", async (path) => {
		const fields = await fieldsOf(await apply(withValue(path, undefined)));
		expect(fields.some((f) => f.startsWith(`${path}:`))).toBe(true);
	});
});

describe("2. wrong JSON types", () => {
	const paths = REQUIRED;
	const values: [string, unknown][] = [
		["number", 1],
		["boolean", false],
		["array", ["x"]],
		["object", { a: 1 }],
		["null", null],
	];
	it.each(paths.flatMap((p) => values.map(([name, v]) => [p, name, v] as const)))("refuses %s as %s", async (path, _name, value) => {
		if (path === "consent" && value === false) return; // false is a real answer, refused as 'consent' below
		const fields = await fieldsOf(await apply(withValue(path, value)));
		expect(fields.some((f) => f.startsWith(`${path}:`))).toBe(true);
	});

	it("refuses consent: false and consent: 'true'", async () => {
		expect(await fieldsOf(await apply(withValue("consent", false)))).toEqual(["consent:consent"]);
		expect(await fieldsOf(await apply(withValue("consent", "true")))).toEqual(["consent:type"]);
	});

	it("refuses an array or a string as the whole body", async () => {
		for (const body of ["[]", '"x"', "1", "null"]) expect(await fieldsOf(await apply(body))).toEqual([":body"]);
	});
});

describe("3–4. unknown and dangerous keys", () => {
	it.each(["status", "id", "createdAt", "trackingNo", "__proto__", "constructor", "prototype"])("refuses a top-level %s", async (key) => {
		const text = JSON.stringify(validApplication()).replace(/^\{/, `{"${key}":"x",`);
		expect(await fieldsOf(await apply(text))).toEqual([`${key}:unknown`]);
	});

	it("refuses server-owned and prototype keys inside applicant and answers", async () => {
		for (const [where, key] of [
			["applicant", "centre"],
			["applicant", "__proto__"],
			["answers", "constructor"],
			["answers", "__proto__"],
			["answers", "prototype"],
		]) {
			const text = JSON.stringify(validApplication()).replace(`"${where}":{`, `"${where}":{"${key}":{"polluted":1},`);
			expect(await fieldsOf(await apply(text))).toEqual([`${where}.${key}:unknown`]);
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe("5. broken JSON", () => {
	const valid = JSON.stringify(validApplication());
	it.each([
		["truncated", valid.slice(0, -5)],
		["trailing garbage", `${valid}xyz`],
		["a byte-order mark", `\uFEFF${valid}`],
		["duplicate keys", valid.replace('"item":"gaoling-jintie"', '"item":"gaoling-jintie","item":"dibao"')],
		["duplicate nested keys", valid.replace('"name":"张三"', '"name":"张三","name":"李四"')],
		["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`],
		["deep objects", `${'{"a":'.repeat(100)}1${"}".repeat(100)}`],
	])("refuses %s with 400", async (_name, text) => {
		const body = await refused(await apply(text), 400);
		expect(body.errors[0].code).toBe("body_json");
	});

	it("refuses a huge array without listing every entry", async () => {
		const body = withValue("answers.applyFor", Array(10_000).fill("x"));
		const errors = (await refused(await apply(body), 422)).errors;
		expect(errors.length).toBeLessThanOrEqual(50);
	});
});

describe("6. body size", () => {
	const sized = (bytes: number) => {
		const base = JSON.stringify({ ...validApplication(), pad: "" });
		return base.replace('"pad":""', `"pad":"${"a".repeat(bytes - new TextEncoder().encode(base).length)}"`);
	};
	it("reads a body of limit−1 and exactly the limit (then judges it), refuses limit+1 with 413", async () => {
		for (const size of [BODY_LIMIT - 1, BODY_LIMIT]) {
			const text = sized(size);
			expect(new TextEncoder().encode(text).length).toBe(size);
			expect(await fieldsOf(await apply(text))).toEqual(["pad:unknown"]);
		}
		expect((await refused(await apply(sized(BODY_LIMIT + 1)), 413)).errors[0].code).toBe("body_too_large");
	});

	it("refuses an oversized chunked body that declares no length", async () => {
		const chunk = new TextEncoder().encode("a".repeat(8192));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent++ < 20) controller.enqueue(chunk);
				else controller.close();
			},
		});
		const res = await call("/api/applications", {
			method: "POST",
			headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
			body: stream,
			// @ts-expect-error: workerd needs duplex for a streamed request body
			duplex: "half",
		});
		expect((await refused(res, 413)).errors[0].code).toBe("body_too_large");
	});

	it("refuses a Content-Length larger than the limit before reading", async () => {
		const res = await call("/api/applications", {
			method: "POST",
			headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID(), "Content-Length": String(BODY_LIMIT * 10) },
			body: JSON.stringify(validApplication()),
		});
		expect(res.status === 413 || res.status === 400).toBe(true);
		await refused(res);
	});
});

describe("7. content types", () => {
	it.each([[""], ["text/plain"], ["multipart/form-data; boundary=x"], ["application/json; charset=gbk"], ["application/xml"]])(
		"refuses Content-Type '%s' with 415",
		async (type) => {
			const headers: Record<string, string> = { "Idempotency-Key": crypto.randomUUID() };
			if (type) headers["Content-Type"] = type;
			const res = await call("/api/applications", {
				method: "POST",
				headers,
				body: new TextEncoder().encode(JSON.stringify(validApplication())),
			});
			expect((await refused(res, 415)).errors[0].code).toBe("body_content_type");
		},
	);

	it("takes application/json; charset=utf-8", async () => {
		const res = await postJson("/api/applications", validApplication(), {
			"Idempotency-Key": crypto.randomUUID(),
			"Content-Type": "application/json; charset=UTF-8",
		});
		expect(res.status).toBe(201);
		rows++;
	});
});

describe("8–9. invalid text", () => {
	it("refuses invalid UTF-8 bytes with 400", async () => {
		const bytes = new TextEncoder().encode(JSON.stringify(validApplication()).replace("张三", "ZZ"));
		const at = bytes.indexOf(0x5a);
		bytes[at] = 0xff;
		bytes[at + 1] = 0xfe;
		const res = await call("/api/applications", {
			method: "POST",
			headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
			body: bytes,
		});
		expect((await refused(res, 400)).errors[0].code).toBe("body_encoding");
	});

	it("refuses lone surrogates and U+FFFD", async () => {
		for (const name of ["\\ud800三", "张\\udfff", "张\ufffd"]) {
			const text = JSON.stringify(validApplication()).replace("张三", name);
			expect((await refused(await apply(text), 400)).errors[0].code).toBe("body_encoding");
		}
	});

	it.each(["\u200b", "\ufeff", "\u202e", "\u0000", "\r", "\n", "\u007f"])(
		"refuses U+%s inside a name, a phone and an ID number",
		async (ch) => {
			for (const path of ["applicant.name", "applicant.phone", "applicant.idNumber"]) {
				const v = { "applicant.name": "张三", "applicant.phone": "13812345678", "applicant.idNumber": ID_NUMBER }[path]!;
				const fields = await fieldsOf(await apply(withValue(path, v.slice(0, 1) + ch + v.slice(1))));
				expect(
					fields.some((f) => f.startsWith(`${path}:`)),
					`${path} ${ch.codePointAt(0)}`,
				).toBe(true);
			}
		},
	);
});

describe("10–13. numbers, phones and names as people type them", () => {
	it("takes full-width digits and a lower-case x, normalised once", async () => {
		const fullWidth = [...ID_NUMBER].map((d) => (/\d/.test(d) ? String.fromCharCode(d.charCodeAt(0) + 0xfee0) : d.toLowerCase())).join("");
		expect((await apply(withValue("applicant.idNumber", fullWidth))).status).toBe(201);
		rows++;
	});

	it.each([
		["15 digits", "110105400512001"],
		["17 digits", ID_NUMBER.slice(0, 17)],
		["19 digits", `${ID_NUMBER}1`],
		["wrong check digit", ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === "1" ? "2" : "1")],
		["19990230", "110105199902300011"],
		["19000229", "110105190002290011"],
		["a future birth date", "110105209901010011"],
		["region 000000", "000000194005120011"],
		["a foreigner's permanent-residence number", "911105194005120011"],
	])("refuses an ID number with %s", async (_name, id) => {
		const fields = await fieldsOf(await apply(withValue("applicant.idNumber", id)));
		expect(fields[0]).toMatch(/^applicant\.idNumber:idcard\./);
	});

	it.each(["+8613812345678", "0086 138 1234 5678", "138-1234-5678"])("takes the phone %s", async (phone) => {
		expect((await apply(withValue("applicant.phone", phone))).status).toBe(201);
		rows++;
	});

	it.each(["1381234567", "138123456789", "10812345678", "11812345678", "12812345678", "010-12345678", "0851-8888888"])(
		"refuses the phone %s",
		async (phone) => {
			expect((await fieldsOf(await apply(withValue("applicant.phone", phone))))[0]).toMatch(/^applicant\.phone:phone\./);
		},
	);

	it.each([["张"], ["张".repeat(51)], ["John Smith"], ["张😀"], ["   "]])("refuses the name '%s'", async (name) => {
		expect((await fieldsOf(await apply(withValue("applicant.name", name))))[0]).toMatch(/^applicant\.name:(name\.|required)/);
	});

	it.each([["阿卜杜·买买提"], ["阿卜杜•买买提"], ["阿卜杜．买买提"], ["𠮷祥"]])("takes the name %s", async (name) => {
		expect((await apply(withValue("applicant.name", name))).status).toBe(201);
		rows++;
	});
});

describe("14–16. markup, SQL-looking text and formulas", () => {
	it.each(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>", "javascript:alert(1)", "{{7*7}}"])(
		"refuses or safely keeps %s in every text field",
		async (text) => {
			for (const path of [
				"applicant.name",
				"applicant.phone",
				"applicant.idNumber",
				"applicant.village",
				"centre",
				"item",
				"answers.applyFor",
			]) {
				await refused(await apply(withValue(path, text)), 422);
			}
		},
	);

	it("keeps SQL-looking text as text in a free-text answer (bound parameters, never SQL)", async () => {
		const body = {
			item: "xinfang",
			centre: "qingshi",
			applicant: validApplication().applicant,
			answers: {} as Record<string, unknown>,
			consent: true,
		};
		// The free-text field of 信访: whatever its name, find it through the built forms.
		const forms = (await builtForms()) as {
			code: string;
			form: { fields: { name: string; type: string; options?: string[]; required: boolean }[] };
		}[];
		const form = forms.find((f) => f.code === "xinfang")!.form;
		for (const f of form.fields) {
			if (!f.required) continue;
			if (f.options) body.answers[f.name] = f.type === "checkboxes" ? [f.options[0]] : f.options[0];
			else if (f.type === "village") body.answers[f.name] = "shiqiao";
			else body.answers[f.name] = "村道路灯坏了";
		}
		const textarea = form.fields.find((f) => f.type === "textarea")!;
		const sql = `' OR 1=1-- "; DROP TABLE applications; -- 100% _x_ \\`;
		body.answers[textarea.name] = sql;
		const res = await apply(body);
		expect(res.status, await res.clone().text()).toBe(201);
		rows++;
		const { trackingNo } = await res.json<{ trackingNo: string }>();
		expect((await storedAnswers(trackingNo))[textarea.name]).toBe(sql);
		expect(await count("applications")).toBe(rows);
	});

	it.each(['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)"])("refuses a text answer starting like a formula: %s", async (text) => {
		const forms = (await builtForms()) as { code: string; form: { fields: { name: string; type: string }[] } }[];
		const name = forms.flatMap((f) => f.form.fields.filter((x) => x.type === "text").map((x) => ({ code: f.code, name: x.name })))[0];
		const body = { ...validApplication(), item: name.code, answers: { [name.name]: text } };
		const errors = (await refused(await apply(body))).errors;
		expect(errors).toContainEqual(expect.objectContaining({ field: `answers.${name.name}`, code: "formula" }));
	});
});

describe("17–18. numbers and lists", () => {
	it.each([
		["NaN", "NaN"],
		["Infinity", "1e309"],
		["2**53+1", "9007199254740993"],
		["a decimal", "1.5"],
		["a negative", "-3"],
		["a numeric string", '"3"'],
	])("refuses %s in a number field", async (_name, literal) => {
		const forms = (await builtForms()) as { code: string; form: { fields: { name: string; type: string }[] } }[];
		const hit = forms.flatMap((f) => f.form.fields.filter((x) => x.type === "number").map((x) => ({ code: f.code, name: x.name })))[0];
		const text = JSON.stringify({ ...validApplication(), item: hit.code, answers: { [hit.name]: "__N__" } }).replace('"__N__"', literal);
		const res = await apply(text);
		if (literal === "NaN") return void (await refused(res, 400));
		const errors = (await refused(res)).errors;
		expect(errors).toContainEqual(expect.objectContaining({ field: `answers.${hit.name}`, code: expect.stringMatching(/^number\./) }));
	});

	it("refuses checkbox lists that are empty, repeat, go outside the options or hold 10,000 entries", async () => {
		const forms = (await builtForms()) as {
			code: string;
			form: { fields: { name: string; type: string; options?: string[]; required: boolean }[] };
		}[];
		const hit = forms.flatMap((f) =>
			f.form.fields.filter((x) => x.type === "checkboxes" && x.required).map((x) => ({ code: f.code, field: x })),
		)[0];
		const cases: [unknown, string][] = [
			[[], "required"],
			[[hit.field.options![0], hit.field.options![0]], "duplicate"],
			[["不在选项里"], "option"],
			[Array(10_000).fill("x"), "too_many"],
		];
		for (const [value, code] of cases) {
			const errors = (await refused(await apply({ ...validApplication(), item: hit.code, answers: { [hit.field.name]: value } }))).errors;
			expect(errors).toContainEqual(expect.objectContaining({ field: `answers.${hit.field.name}`, code }));
		}
	});
});

describe("19. tracking numbers at the lookup", () => {
	it.each([
		["wrong format", "ABC"],
		["wildcards", "%%%%-____"],
		["star", "*"],
		["1 KB", "3".repeat(1024)],
		["a look-alike", "OOOO-IIII"],
	])("refuses %s with 422", async (_name, trackingNo) => {
		await refused(await postJson("/api/applications/lookup", { trackingNo, queryCode: "123456" }), 422);
	});

	it("refuses unknown keys and wrong types at the lookup", async () => {
		await refused(await postJson("/api/applications/lookup", { trackingNo: "3333-3333", queryCode: "123456", status: "completed" }), 422);
		await refused(await postJson("/api/applications/lookup", { trackingNo: 33333333, queryCode: 123456 }), 422);
		await refused(await postJson("/api/applications/lookup", []), 422);
	});
});

describe("23. rate limits are per client, and a client cannot pick its own address", () => {
	/** A lookup under a limit of 3 a minute (a limiter of its own per test, so tests do not share counts). */
	async function lookupWith(limiter: RateLimit, headers: Record<string, string>, trusted = "") {
		const ctx = createExecutionContext();
		const res = await app.fetch(
			new Request(`${BASE}/api/applications/lookup`, {
				method: "POST",
				headers: { "Content-Type": "application/json", ...headers },
				body: JSON.stringify({ trackingNo: "3333-3333", queryCode: "123456" }),
			}),
			{ ...env, LOOKUP_LIMITER: limiter, CLIENT_IP_HEADER: trusted },
			ctx,
		);
		await waitOnExecutionContext(ctx);
		return res;
	}

	const WAITS = { timeout: 30_000 };

	/** The limiter counts per wall-clock minute: start a counting test well inside one (a wait of up to 10 s, hence WAITS). */
	async function freshMinute() {
		const left = 60_000 - (Date.now() % 60_000);
		if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
	}

	it("counts spoofed CF-Connecting-IP / X-Forwarded-For as the same client when no header is trusted", WAITS, async () => {
		await freshMinute();
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++)
			statuses.push(
				(await lookupWith(env.TEST_LIMIT_3, { "CF-Connecting-IP": `203.0.113.${i}`, "X-Forwarded-For": `198.51.100.${i}` })).status,
			);
		expect(statuses).toEqual([404, 404, 404, 429, 429]);
		expect((await refused(await lookupWith(env.TEST_LIMIT_3, {}), 429)).errors[0].message).toContain("1分钟后");
	});

	it("keeps clients apart by the trusted header on Cloudflare, and keeps no address in the database", WAITS, async () => {
		await freshMinute();
		const as = (ip: string) => lookupWith(env.TEST_LIMIT_3, { "CF-Connecting-IP": ip }, "CF-Connecting-IP");
		for (let i = 0; i < 3; i++) expect((await as("203.0.113.9")).status).toBe(404);
		expect((await as("203.0.113.9")).status).toBe(429);
		expect((await as("203.0.113.10")).status).toBe(404);
		// The counts are Cloudflare's: the per-client limit writes nothing to D1.
		const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'rate_limits'").all();
		expect(tables.results).toEqual([]);
	});
});

describe("Turnstile (its verify call stubbed)", () => {
	afterEach(() => void vi.restoreAllMocks());

	async function submitWith(token: string | undefined, success: boolean) {
		const verify = vi.spyOn(globalThis, "fetch").mockImplementation(() => Promise.resolve(Response.json({ success })));
		const ctx = createExecutionContext();
		const headers: Record<string, string> = { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() };
		if (token) headers["CF-Turnstile-Response"] = token;
		const res = await app.fetch(
			new Request(`${BASE}/api/applications`, { method: "POST", headers, body: JSON.stringify(validApplication()) }),
			{ ...env, TURNSTILE_SECRET: "test-secret" },
			ctx,
		);
		await waitOnExecutionContext(ctx);
		return { res, verify };
	}

	it("refuses a submission without a token or with one the verifier rejects", async () => {
		const none = await submitWith(undefined, true);
		expect((await refused(none.res, 403)).errors[0].code).toBe("turnstile");
		expect(none.verify).not.toHaveBeenCalled();
		const rejected = await submitWith("bad-token", false);
		await refused(rejected.res, 403);
		expect(rejected.verify).toHaveBeenCalledOnce();
	});

	it("takes a submission the verifier accepts, sending it the secret and the token", async () => {
		const { res, verify } = await submitWith("good-token", true);
		expect(res.status).toBe(201);
		rows++;
		const [url, init] = verify.mock.calls[0] as [string, RequestInit];
		expect(url).toBe("https://challenges.cloudflare.com/turnstile/v0/siteverify");
		const sent = init.body as FormData;
		expect([sent.get("secret"), sent.get("response")]).toEqual(["test-secret", "good-token"]);
	});
});

describe("the endpoint under 1,000 random bodies", () => {
	it("never answers 5xx and never writes a row", async () => {
		const valid = validApplication();
		const mutation = fc.oneof(
			fc.jsonValue(),
			fc.record({
				item: fc.oneof(fc.constant(valid.item), fc.string()),
				centre: fc.oneof(fc.constant(valid.centre), fc.string()),
				consent: fc.anything(),
			}),
			fc.tuple(
				fc.constantFrom("item", "centre", "applicant", "answers", "applicant.name", "applicant.idNumber", "answers.applyFor"),
				fc.jsonValue(),
			),
		);
		await fc.assert(
			fc.asyncProperty(mutation, async (m) => {
				let body: unknown = m;
				if (Array.isArray(m) && m.length === 2 && typeof m[0] === "string" && /^(item|centre|applicant|answers|consent)/.test(m[0])) {
					body = withValue(m[0], m[1] === null ? 0 : m[1]);
				}
				const res = await apply(JSON.stringify(body) ?? "x");
				expect(res.status).toBeGreaterThanOrEqual(400);
				expect(res.status).toBeLessThan(500);
				await res.arrayBuffer();
			}),
			{ numRuns: 1000 },
		);
		// The count check after each test proves no row was written.
		expect(await count("applications")).toBe(rows);
		// A thousand requests: a bound that holds on a loaded two-core machine, not the 5 s default.
	}, 60_000);
});

it("still takes a valid application after all of the above", async () => {
	const r = await submitted();
	expect(r.status).toBe("submitted");
	rows++;
});

describe("Turnstile on the page", () => {
	it("lets the re-shown apply form load Turnstile's script and frame only when Turnstile is on", async () => {
		const form = (vars: Record<string, string>) => {
			const ctx = createExecutionContext();
			return app.fetch(
				new Request(`${BASE}/api/applications`, {
					method: "POST",
					headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
					body: "item=gaoling-jintie&centre=qingshi",
				}),
				{ ...env, ...vars },
				ctx,
			);
		};
		vi.spyOn(globalThis, "fetch").mockImplementation(() => Promise.resolve(Response.json({ success: false })));
		try {
			const on = await form({ TURNSTILE_SECRET: "s" });
			expect(on.status).toBe(422);
			expect(on.headers.get("Content-Security-Policy")).toContain("script-src 'self' 'wasm-unsafe-eval' https://challenges.cloudflare.com");
			expect(on.headers.get("Content-Security-Policy")).toContain("frame-src https://challenges.cloudflare.com");
			const off = await form({});
			expect(off.headers.get("Content-Security-Policy")).toContain("frame-src 'none'");
			expect(off.headers.get("Content-Security-Policy")).not.toContain("challenges.cloudflare.com");
		} finally {
			vi.restoreAllMocks();
		}
	});

	it("writes the wider policy into _headers for the apply pages only when the build has a site key", () => {
		expect(headersFile(false)).not.toContain("challenges.cloudflare.com");
		const on = headersFile(true);
		expect(on).toContain(
			"/items/*/apply/\n  ! Content-Security-Policy\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://challenges.cloudflare.com",
		);
	});
});
