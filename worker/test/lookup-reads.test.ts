import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { keysFrom } from "../src/lib/crypto";
import { type CaseRecord, verifiedCaseOrComplaint } from "../src/services/citizen-cases";
import type { Deps } from "../src/services/deps";
import { askCorrection, postJson, submitted } from "./helpers";

/**
 * /track/'s lookup in D1 round trips: one batch for a known case, an unknown number and a complaint alike
 * (the same work whatever the number is), and one write more only for a wrong code (the exact lock).
 */

/** env.DB, counting each round trip: a batch, or a statement's first/all/run/raw. */
function countingDb(db: D1Database) {
	const trips: string[] = [];
	const real = new WeakMap<object, D1PreparedStatement>();
	const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
		const proxy = new Proxy(statement, {
			get(target, prop) {
				if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
				if (prop === "first" || prop === "all" || prop === "run" || prop === "raw")
					return (...args: unknown[]) => {
						trips.push(prop);
						return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
					};
				const value: unknown = Reflect.get(target, prop, target);
				return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
			},
		});
		real.set(proxy, statement);
		return proxy;
	};
	const counted = {
		prepare: (sql: string) => wrap(db.prepare(sql)),
		batch: (statements: D1PreparedStatement[]) => {
			trips.push("batch");
			return db.batch(statements.map((s) => real.get(s) ?? s));
		},
	};
	return { db: counted as unknown as D1Database, trips };
}

async function lookUp(cred: { trackingNo: string; queryCode: string }) {
	const { db, trips } = countingDb(env.DB);
	const keys = (await keysFrom(env.PII_KEY))!;
	const now = new Date();
	const deps = { db, assets: env.ASSETS, keys, now, today: now.toISOString().slice(0, 10), data: undefined as unknown as Deps["data"] };
	return { found: await verifiedCaseOrComplaint(deps, cred), trips };
}

describe("a lookup's reads", () => {
	it("opens a case with its timeline, ratings and open 补正 notice in one batch", async () => {
		const { trackingNo, queryCode } = await submitted();
		await askCorrection(trackingNo);
		const { found, trips } = await lookUp({ trackingNo, queryCode });
		expect(trips).toEqual(["batch"]);
		const { stored, details } = found as CaseRecord;
		expect(stored).toMatchObject({ trackingNo, status: "correction" });
		expect(details.timeline.map((e) => e.status)).toEqual(["submitted", "correction"]);
		expect(details.openCorrection?.items.map((i) => i.id)).toEqual(["c1", "c2"]);
		expect(details.ratings).toEqual([]);
	});

	it("answers an unknown number with the same one batch, and a wrong code with that batch and the count", async () => {
		const { trackingNo, queryCode } = await submitted();
		const unknown = await lookUp({ trackingNo: "3333-3333", queryCode });
		expect(unknown).toEqual({ found: undefined, trips: ["batch"] });
		const wrong = await lookUp({ trackingNo, queryCode: queryCode === "000000" ? "000001" : "000000" });
		expect(wrong).toEqual({ found: undefined, trips: ["batch", "run"] });
		const row = await env.DB.prepare("SELECT lookup_failures FROM applications WHERE tracking_no = ?1").bind(trackingNo).first();
		expect(row).toEqual({ lookup_failures: 1 });
	});

	it("finds a complaint in the same batch", async () => {
		const res = await postJson("/api/complaints", {
			type: "建议",
			centre: "qingshi",
			title: "希望周六也开门",
			content: `逢场天人多，周六能不能开半天。${crypto.randomUUID()}`,
			replyByPhone: false,
			asPetition: false,
			consent: true,
		});
		expect(res.status).toBe(201);
		const { trackingNo, queryCode } = await res.json<{ trackingNo: string; queryCode: string }>();
		const { found, trips } = await lookUp({ trackingNo, queryCode });
		expect(trips).toEqual(["batch"]);
		expect(found).toMatchObject({ trackingNo, title: "希望周六也开门" });
	});
});
