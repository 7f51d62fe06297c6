/**
 * Reading what a client sends: only JSON (UTF-8) and plain HTML forms, never more than BODY_LIMIT
 * bytes whatever the Content-Length says (a chunked body is counted as it streams), strict UTF-8,
 * no byte-order mark, no duplicate keys, bounded nesting.
 */
import type { Context } from "hono";
import { apiError } from "./errors";

export const BODY_LIMIT = 65_536;
const MAX_DEPTH = 8;

export type BodyError = "content_type" | "too_large" | "encoding" | "json";

/** The one status for each way a body can be unreadable: every route answers the same. */
export const BODY_STATUS = { content_type: 415, too_large: 413, encoding: 400, json: 400 } as const satisfies Record<BodyError, number>;

function bodyError(c: Context, reason: BodyError) {
	return apiError(c, BODY_STATUS[reason], `body_${reason}`);
}
export type Body = { kind: "json"; value: unknown } | { kind: "form"; entries: [string, string][] };

export class BodyRejected extends Error {
	constructor(readonly reason: BodyError) {
		super(reason);
	}
}

export function bodyKind(contentType: string | null): "json" | "form" | undefined {
	if (!contentType) return undefined;
	const [type, ...params] = contentType
		.toLowerCase()
		.split(";")
		.map((s) => s.trim());
	const charset = params
		.find((p) => p.startsWith("charset="))
		?.slice(8)
		.replace(/"/g, "");
	if (charset !== undefined && charset !== "utf-8") return undefined;
	if (type === "application/json") return "json";
	if (type === "application/x-www-form-urlencoded") return "form";
	return undefined;
}

/**
 * The one reader every route uses: the body, or the API's refusal with the one status for its fault
 * (BODY_STATUS). `only` refuses the other kind as an unsupported content type.
 */
export async function bodyOr(c: Context, only?: Body["kind"]): Promise<Body | Response> {
	try {
		const body = await readBody(c.req.raw);
		if (only && body.kind !== only) throw new BodyRejected("content_type");
		return body;
	} catch (err) {
		if (err instanceof BodyRejected) return bodyError(c, err.reason);
		throw err;
	}
}

/** A plain HTML form's fields for the back office's pages, or the status its body is refused with. */
export async function formEntriesOr(req: Request): Promise<[string, string][] | 400 | 413 | 415> {
	try {
		const body = await readBody(req);
		return body.kind === "form" ? body.entries : BODY_STATUS.content_type;
	} catch (err) {
		if (err instanceof BodyRejected) return BODY_STATUS[err.reason];
		throw err;
	}
}

export async function readBody(req: Request): Promise<Body> {
	const kind = bodyKind(req.headers.get("Content-Type"));
	if (!kind) throw new BodyRejected("content_type");
	const declared = Number(req.headers.get("Content-Length") ?? "0");
	if (declared > BODY_LIMIT) throw new BodyRejected("too_large");
	const bytes = await readLimited(req.body);
	let text: string;
	try {
		text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		throw new BodyRejected("encoding");
	}
	if (text.startsWith("\uFEFF")) throw new BodyRejected(kind === "json" ? "json" : "encoding");
	if (kind === "form") {
		const entries = [...new URLSearchParams(text)];
		// A bad %-escape decodes to U+FFFD silently; refuse it, as every other unreadable text.
		if (entries.some(([k, v]) => !wellFormed(k) || !wellFormed(v))) throw new BodyRejected("encoding");
		return { kind, entries };
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new BodyRejected("json");
	}
	if (!jsonShapeOk(text)) throw new BodyRejected("json");
	if (!stringsWellFormed(value, 0)) throw new BodyRejected("encoding");
	return { kind, value };
}

async function readLimited(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
	if (!body) return new Uint8Array();
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > BODY_LIMIT) {
			await reader.cancel();
			throw new BodyRejected("too_large");
		}
		chunks.push(value);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out;
}

const wellFormed = (s: string) => s.isWellFormed() && !s.includes("\uFFFD");

function stringsWellFormed(v: unknown, depth: number): boolean {
	if (typeof v === "string") return wellFormed(v);
	if (typeof v !== "object" || v === null) return true;
	if (depth > MAX_DEPTH) return false;
	if (Array.isArray(v)) return v.every((x) => stringsWellFormed(x, depth + 1));
	return Object.entries(v).every(([k, x]) => wellFormed(k) && stringsWellFormed(x, depth + 1));
}

/**
 * Over text JSON.parse already accepted: no object repeats a key (JSON.parse would keep the last one
 * silently) and nesting stays within MAX_DEPTH.
 */
function jsonShapeOk(text: string): boolean {
	const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === '"') {
			let j = i + 1;
			while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
			const top = stack.at(-1);
			if (top?.keys && top.expectKey) {
				const key = JSON.parse(text.slice(i, j + 1)) as string;
				if (top.keys.has(key)) return false;
				top.keys.add(key);
				top.expectKey = false;
			}
			i = j;
		} else if (ch === "{" || ch === "[") {
			if (stack.length >= MAX_DEPTH) return false;
			stack.push({ keys: ch === "{" ? new Set() : null, expectKey: ch === "{" });
		} else if (ch === "}" || ch === "]") stack.pop();
		else if (ch === ",") {
			const top = stack.at(-1);
			if (top?.keys) top.expectKey = true;
		}
	}
	return true;
}
