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
		projects: [
			{
				test: { name: "core", include: ["core/**/*.test.ts"], environment: "node" },
			},
			{
				// The command-line tools (content check, staff directory) as an editor or admin runs them: no browser.
				test: { name: "tools", include: ["scripts/**/*.test.ts"], environment: "node", testTimeout: 60_000, hookTimeout: 120_000 },
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
									// A fixed test key (base64 of 32 bytes), and limits the tests set per case.
									PII_KEY: "dGVzdC1rZXktZm9yLWJpYW5taW4tdGVzdHMtMzJieXQ=",
									LOOKUP_LIMIT_PER_MINUTE: "100000",
									SUBMIT_LIMIT_PER_MINUTE: "100000",
									// Whatever a developer's .dev.vars says: tests switch the development sign-in on per case.
									DEV_SIGN_IN: "",
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
					globalSetup: ["./e2e/global-setup.ts"],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000,
				},
			},
		],
	},
});
