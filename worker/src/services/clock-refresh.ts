import type { BuiltData } from "../lib/built-data";
import { clockBases, markStale, staleClocks, storeClocks } from "../db/case-clocks";
import { clockBasis, clockSchedule } from "./case-clock";
import type { Deps } from "./deps";

/** Running cases worked out per round: one batch of updates. */
const ROUND = 500;
/** Built data (one per isolate) whose content was already checked against the stored bases. */
const checked = new WeakSet<BuiltData>();

/**
 * Brings the board's stored clocks up to date before anything counts on them: once per isolate, the running
 * cases worked out on other content (a new calendar year, a changed promise) are marked stale; then every
 * stale running case (new, or changed since: its clock_input moved on) is worked out with clockSchedule. Usually
 * one indexed query that finds nothing; after migration 0014 on a full database, the first request works
 * out every running case once. Returns how many it stored.
 */
export async function refreshClocks(deps: Pick<Deps, "db" | "data">): Promise<number> {
	const { db, data } = deps;
	if (!checked.has(data)) {
		const outdated = (await clockBases(db)).filter((b) => b.basis !== clockBasis(data.items.get(b.item), data.calendar));
		await markStale(db, outdated);
		checked.add(data);
	}
	let stored = 0;
	for (;;) {
		const stale = await staleClocks(db, ROUND);
		const clocks = stale.map((r) => ({
			id: r.id,
			stamp: r.stamp,
			basis: clockBasis(data.items.get(r.item), data.calendar),
			...clockSchedule(r, deps),
		}));
		await storeClocks(db, clocks);
		stored += clocks.length;
		// A row changed meanwhile stays stale for the next request: no busy loop on it here.
		if (stale.length < ROUND || (await staleClocks(db, ROUND)).every((r) => stale.some((s) => s.id === r.id))) break;
	}
	return stored;
}
