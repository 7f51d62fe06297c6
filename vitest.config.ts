import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { SummaryReporter } from "./scripts/summary-reporter";
import { QUIET_TOOLS } from "./scripts/tools-env.mjs";

// Miniflare and the wrangler dev that e2e starts inherit this: no telemetry, no network look-ups.
Object.assign(process.env, QUIET_TOOLS);

const migrationsDir = fileURLToPath(new URL("./worker/migrations", import.meta.url));

export default defineConfig({
	test: {
		reporters: ["default", new SummaryReporter()],
		// Vitest's default leaves one core idle (one worker on two cores); the browser files mostly wait on
		// Chromium and the Worker, so every core runs a file.
		maxWorkers: "100%",
		projects: [
			{
				test: { name: "core", include: ["core/**/*.test.ts"], environment: "node" },
			},
			{
				// The command-line tools (content check, staff directory) as an editor or admin runs them, and the
				// build's own helpers (site/lib): no browser.
				test: {
					name: "tools",
					include: ["scripts/**/*.test.ts", "site/lib/**/*.test.ts"],
					environment: "node",
					testTimeout: 60_000,
					hookTimeout: 120_000,
				},
			},
			{
				plugins: [
					cloudflareTest(async () => {
						const migrations = await readD1Migrations(migrationsDir);
						// A wrong path would silently test an empty database; refuse instead.
						if (migrations.length === 0) throw new Error(`No D1 migrations found in ${migrationsDir}`);
						return {
							remoteBindings: false,
							wrangler: { configPath: "./wrangler.toml" },
							miniflare: {
								bindings: {
									TEST_MIGRATIONS: migrations,
									// A fixed test key (base64 of 32 bytes).
									PII_KEY: "dGVzdC1rZXktZm9yLWJpYW5taW4tdGVzdHMtMzJieXQ=",
									// Whatever a developer's .dev.vars says: tests switch the development sign-in on per case.
									DEV_SIGN_IN: "",
								},
								// The citizen routes' limits out of the way (the tests are one client), and two small
								// ones a test puts in their place to see a limit bite.
								ratelimits: {
									LOOKUP_LIMITER: { namespace_id: "2001", simple: { limit: 100_000, period: 60 } },
									SUBMIT_LIMITER: { namespace_id: "2002", simple: { limit: 100_000, period: 60 } },
									FEEDBACK_LIMITER: { namespace_id: "2003", simple: { limit: 100_000, period: 60 } },
									SEARCH_LIMITER: { namespace_id: "2004", simple: { limit: 100_000, period: 60 } },
									TEST_LIMIT_2: { namespace_id: "2005", simple: { limit: 2, period: 60 } },
									TEST_LIMIT_3: { namespace_id: "2006", simple: { limit: 3, period: 60 } },
								},
							},
						};
					}),
				],
				test: {
					name: "worker",
					include: ["worker/test/**/*.test.ts"],
					setupFiles: ["./worker/test/apply-migrations.ts"],
				},
			},
			{
				test: {
					name: "e2e",
					include: ["e2e/**/*.test.ts"],
					environment: "node",
					// One Worker and one D1 for every file, side by side. That is safe because each file keeps
					// to its own data: its own ID numbers (so form idempotency keys differ), lookups only of its
					// own cases or of an unknown number (no case gets locked), staff who only read or act on their
					// own cases, no absence changes; all files together stay under the per-minute lookup and
					// submission limits of wrangler.toml (9 lookups of 20, 5 submissions of 30, 2 complaints of 30, 4 feedbacks of 20).
					globalSetup: ["./e2e/global-setup.ts"],
					// pages.test.ts runs its pages two at a time: enough to keep both cores busy once the other
					// files are done, few enough that a page never waits half a minute for its turn.
					maxConcurrency: 2,
					testTimeout: 60_000,
					hookTimeout: 120_000,
				},
			},
		],
	},
});
