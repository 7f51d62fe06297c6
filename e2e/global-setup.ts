import { spawnSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { toolsEnv } from "../scripts/tools-env.mjs";

declare module "vitest" {
	export interface ProvidedContext {
		/** Where the Worker under test listens, e.g. http://127.0.0.1:41234. */
		baseUrl: string;
	}
}

/**
 * Starts the one Worker on the built site with a fresh local D1, as `npm start` does: the development
 * sign-in on (loopback only) and the sample staff directory (scripts/sample-staff.json) seeded.
 */
export default async function setup(project: TestProject) {
	const { baseUrl, state, stop } = await startLocalWorker({ DEV_SIGN_IN: "true" });
	const seed = spawnSync("node_modules/.bin/tsx", ["scripts/staff.ts", "seed", "--persist-to", state], {
		encoding: "utf8",
		env: toolsEnv(),
	});
	if (seed.status !== 0) {
		await stop();
		throw new Error(`Seeding the sample staff failed:\n${seed.stdout}\n${seed.stderr}`);
	}
	project.provide("baseUrl", baseUrl);
	return stop;
}
