import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type Action, type CaseStatus, EVENT_OF, STATUS_NAMES, nextStatus } from "../../core/case";
import {
	type Caller,
	type Envelope,
	type Who,
	act,
	answerCorrection,
	as,
	auditRows,
	commandFor,
	detail,
	eventCount,
	newCase,
	row,
	seedStaff,
} from "./staff-helpers";

/**
 * Model-based test of the back office's state machine: random sequences of staff commands (any action,
 * with the input it needs, by any of four people, sometimes on a stale version) and the applicant's
 * answer to a 补正 notice, against one real case through the API. After every step the case must be
 * where a model built on core/case.ts nextStatus says, and a refused command must change nothing.
 */

const ACTORS = ["admin", "qingshi.head", "qingshi.clerkA", "qingshi.agent"] as const satisfies readonly Who[];
const STAFF_ACTIONS: Action[] = ["accept", "start", "request_correction", "refuse", "withdraw", "suspend", "resume", "complete", "forward"];

/**
 * A staff command picks its action either among those the model allows now (so sequences get deep
 * into the state machine) or among all of them (so forbidden transitions are tried too).
 */
type Command =
	| { kind: "staff"; who: (typeof ACTORS)[number]; pick: { legal: boolean; n: number }; version: "current" | "older" | "newer" }
	| { kind: "answer" };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
	{
		weight: 9,
		arbitrary: fc.record({
			kind: fc.constant("staff" as const),
			who: fc.constantFrom(...ACTORS, "qingshi.clerkA", "qingshi.clerkA"),
			pick: fc.record({ legal: fc.boolean(), n: fc.nat(STAFF_ACTIONS.length - 1) }),
			version: fc.constantFrom<("current" | "older" | "newer")[]>("current", "current", "current", "current", "current", "older", "newer"),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: "answer" as const }) },
);

/** A command naming its action outright, for the hand-written sequences every run starts with. */
const staff = (who: (typeof ACTORS)[number], action: Action, version: "current" | "older" | "newer" = "current"): Command => ({
	kind: "staff",
	who,
	pick: { legal: false, n: STAFF_ACTIONS.indexOf(action) },
	version,
});
const ANSWER: Command = { kind: "answer" };

/** Sequences that reach every state and every refusal, whatever the random ones do. */
const EXAMPLES: Command[][] = [
	[
		staff("qingshi.clerkA", "request_correction"),
		ANSWER,
		staff("qingshi.head", "request_correction"),
		staff("qingshi.agent", "accept"),
		staff("admin", "accept", "older"),
		staff("qingshi.clerkA", "accept"),
		staff("qingshi.clerkA", "start"),
		staff("qingshi.clerkA", "suspend"),
		staff("qingshi.clerkA", "resume"),
		staff("qingshi.head", "forward"),
	],
	[staff("admin", "accept"), staff("admin", "start", "newer"), staff("admin", "start"), staff("qingshi.clerkA", "complete"), ANSWER],
	[staff("qingshi.clerkA", "refuse"), staff("qingshi.clerkA", "withdraw")],
	[staff("qingshi.head", "withdraw")],
];

/** The action a staff command stands for in state `status`. */
function actionOf(pick: { legal: boolean; n: number }, status: CaseStatus): Action {
	const legal = STAFF_ACTIONS.filter((a) => nextStatus(status, a) !== undefined);
	const from = pick.legal && legal.length > 0 ? legal : STAFF_ACTIONS;
	return from[pick.n % from.length];
}

interface Model {
	status: CaseStatus;
	version: number;
	hadCorrection: boolean;
	firstHandler: number | null;
	/** The kinds on the timeline, oldest first. */
	kinds: string[];
}

/** What the API must answer to a command, from the model alone. */
function expected(m: Model, cmd: Command, action: Action): { status: 200 } | { status: 403 | 409; code: string } {
	if (cmd.kind === "answer") return m.status === "correction" ? { status: 200 } : { status: 409, code: "correction.none" };
	if (cmd.who === "qingshi.agent") return { status: 403, code: "forbidden" };
	if (nextStatus(m.status, action) === undefined) return { status: 409, code: "illegal_transition" };
	if (cmd.version !== "current") return { status: 409, code: "stale" };
	if (action === "request_correction" && m.hadCorrection) return { status: 409, code: "correction_once" };
	// 高龄津贴's law names no procedure that stops the clock: 挂起 is refused (legal-clock.test.ts tests it on a 行政许可 item).
	if (action === "suspend") return { status: 409, code: "no_suspension" };
	return { status: 200 };
}

function applied(m: Model, cmd: Command, action: Action, ids: Record<Who, number>): Model {
	if (cmd.kind === "answer")
		return {
			...m,
			status: nextStatus(m.status, "answer_correction")!,
			version: m.version + 1,
			kinds: [...m.kinds, EVENT_OF.answer_correction],
		};
	return {
		status: nextStatus(m.status, action)!,
		version: m.version + 1,
		hadCorrection: m.hadCorrection || action === "request_correction",
		firstHandler: m.firstHandler ?? ids[cmd.who],
		kinds: [...m.kinds, EVENT_OF[action]],
	};
}

const show = (cmd: Command, action: Action) =>
	cmd.kind === "answer" ? "applicant answers 补正" : `${cmd.who} ${action} (${cmd.version} version)`;

describe("the back office's state machine against a model (core/case.ts nextStatus)", () => {
	let ids: Record<Who, number>;
	const callers = {} as Record<Who, Caller>;

	beforeAll(async () => {
		ids = await seedStaff("model");
		for (const who of ACTORS) callers[who] = await as(ids[who]);
	});

	it("random command sequences keep the case where the model says; refusals change nothing", { timeout: 240_000 }, async () => {
		const reached = new Set<CaseStatus>();
		const codes = new Set<string>();
		await fc.assert(
			fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 10 }), async (commands) => {
				const c = await newCase("qingshi");
				let model: Model = { status: "submitted", version: 1, hadCorrection: false, firstHandler: null, kinds: ["submitted"] };
				const trace: string[] = [];
				for (const cmd of commands) {
					const action = cmd.kind === "answer" ? "answer_correction" : actionOf(cmd.pick, model.status);
					trace.push(show(cmd, action));
					const where = trace.join(" → ");
					const want = expected(model, cmd, action);
					let res: Response;
					if (cmd.kind === "answer") res = await answerCorrection(c);
					else {
						const version = cmd.version === "current" ? model.version : cmd.version === "older" ? model.version - 1 : model.version + 5;
						// Version 0 is not a version at all (422): an older one only exists after the first change.
						const body = commandFor(action, version < 1 ? model.version + 1 : version);
						res = await act(callers[cmd.who], c.trackingNo, body);
					}
					const text = await res.text();
					expect(res.status, `${where}: ${text}`).toBe(want.status);
					if ("code" in want) expect((JSON.parse(text) as Envelope).errors[0].code, where).toBe(want.code);
					codes.add("code" in want ? want.code : "ok");
					if (want.status === 200) model = applied(model, cmd, action, ids);
					reached.add(model.status);

					const stored = await row(c.trackingNo);
					expect({ status: stored.status, version: stored.version, firstHandler: stored.first_handler_id }, where).toEqual({
						status: model.status,
						version: model.version,
						firstHandler: model.firstHandler,
					});
					expect(await eventCount(c.id), where).toBe(model.kinds.length);
					// One audit row per change after the submission's own.
					expect((await auditRows(c.trackingNo)).length, where).toBe(model.kinds.length);
				}
				const view = await detail(callers.admin, c.trackingNo);
				expect(view.status).toBe(model.status);
				expect(view.version).toBe(model.version);
				expect(view.timeline.map((e) => e.kind)).toEqual(model.kinds);
				expect(view.firstHandler?.id ?? null).toBe(model.firstHandler);
			}),
			{
				numRuns: 50,
				examples: EXAMPLES.map((e) => [e] as [Command[]]),
				interruptAfterTimeLimit: 180_000,
				markInterruptAsFailure: true,
			},
		);
		// The runs went everywhere the state machine goes, and met every kind of refusal.
		expect([...reached].sort()).toEqual(STATUS_NAMES.filter((s) => s !== "suspended").sort());
		expect([...codes].sort()).toEqual([
			"correction.none",
			"correction_once",
			"forbidden",
			"illegal_transition",
			"no_suspension",
			"ok",
			"stale",
		]);
	});
});
