import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalendarYearSchema } from "../core/calendar";
import { CentreSchema, StationSchema } from "../core/centre";
import { type Catalogue, crossCheck } from "../core/content-check";
import { DepartmentSchema } from "../core/department";
import { DeploymentSchema } from "../core/deployment";
import { LifeEventSchema } from "../core/event";
import { ItemSchema } from "../core/item";
import { loadContent } from "./content-files";
import { REPORT, generateCity, main } from "./gen-city";

/** Every file under `dir` with a hash of its bytes, by path. */
function fingerprint(dir: string): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const path = join(d, name);
			if (statSync(path).isDirectory()) walk(path);
			else files.set(relative(dir, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
		}
	};
	walk(dir);
	return files;
}

describe("npm run gen:city", () => {
	const dirs: string[] = [];
	const scratch = () => {
		const dir = mkdtempSync(join(tmpdir(), "bianmin-gen-city-test-"));
		dirs.push(dir);
		return dir;
	};
	let first: string;
	let contentBefore: Map<string, string>;

	beforeAll(() => {
		contentBefore = fingerprint("content");
		first = scratch();
		generateCity({ scale: 1, out: first });
	});
	afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

	it("writes the report's city at scale 1: 118 centres, 2,095 stations, 81 items", () => {
		const count = (kind: string) => readdirSync(join(first, "content", kind)).length;
		expect([count("centres"), count("stations"), count("items")]).toEqual([REPORT.centres, REPORT.stations, 81]);
	});

	it("writes the same files for the same seed, and others for another seed", () => {
		const again = scratch();
		generateCity({ scale: 1, out: again });
		expect(fingerprint(again)).toEqual(fingerprint(first));
		const other = scratch();
		generateCity({ scale: 1, out: other, seed: 15 });
		expect(fingerprint(other)).not.toEqual(fingerprint(first));
	});

	it("passes core's schemas and cross-checks, with 60+ items a centre and 20+ a station", () => {
		const errors: string[] = [];
		const load = <T>(loaded: { entries: T[]; errors: string[] }) => (errors.push(...loaded.errors), loaded.entries);
		const catalogue: Catalogue = {
			items: load(loadContent(first, "items", ItemSchema, [".md"])),
			departments: load(loadContent(first, "departments", DepartmentSchema, [".yaml"])),
			centres: load(loadContent(first, "centres", CentreSchema, [".yaml"])),
			stations: load(loadContent(first, "stations", StationSchema, [".yaml"])),
			events: load(loadContent(first, "events", LifeEventSchema, [".yaml"])),
			calendars: load(loadContent(first, "calendar", CalendarYearSchema, [".yaml"])),
			deployment: load(loadContent(first, "deployment", DeploymentSchema, [".yaml"])),
		};
		expect(errors).toEqual([]);
		expect(crossCheck(catalogue, new Date()).errors).toEqual([]);
		expect(Math.min(...catalogue.centres.map((c) => c.data.items.length))).toBeGreaterThanOrEqual(60);
		expect(Math.min(...catalogue.stations.map((s) => s.data.items.length))).toBeGreaterThanOrEqual(20);
		const clone = catalogue.items.find((i) => i.id === "dibao-c31");
		expect(clone?.data.legalBasis).toEqual(catalogue.items.find((i) => i.id === "dibao")?.data.legalBasis);
	});

	it("never writes into content/", () => {
		expect(fingerprint("content")).toEqual(contentBefore);
		for (const out of [".", "content", "content/items"]) {
			const run = main(["--out", out]);
			expect(run.status).toBe(1);
			expect(run.stderr).toContain("会覆盖仓库的 content/");
		}
		expect(fingerprint("content")).toEqual(contentBefore);
	});

	it("refuses a scale other than 1, 2 or 4", () => {
		expect(main(["--scale", "3", "--out", scratch()]).stderr).toContain("--scale 只能是 1、2 或 4");
	});
});
