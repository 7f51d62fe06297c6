import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// site/ and worker/ stand side by side on core/. ESLint fences the .ts files; this also reads the .astro
// components and pages, which ESLint does not parse here.
function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(ts|mjs|astro)$/.test(e.name) ? [join(dir, e.name)] : [],
	);
}
const IMPORT = /\bfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;
const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => m[1] ?? m[2]);

describe("the fences between site/, worker/ and core/", () => {
	it.each([
		["site", "worker/"],
		["worker", "site/"],
	])("nothing in %s/ imports from %s", (dir, other) => {
		const crossing = filesUnder(dir).flatMap((f) =>
			importsOf(f)
				.filter((i) => i.includes(other))
				.map((i) => `${f}: ${i}`),
		);
		expect(crossing).toEqual([]);
	});

	it("core/ imports only zod and itself", () => {
		const outside = filesUnder("core")
			.filter((f) => !f.endsWith(".test.ts"))
			.flatMap((f) =>
				importsOf(f)
					.filter((i) => i !== "zod" && !i.startsWith("./"))
					.map((i) => `${f}: ${i}`),
			);
		expect(outside).toEqual([]);
	});
});
