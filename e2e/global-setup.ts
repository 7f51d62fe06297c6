import type { TestProject } from "vitest/node";
import { startLocalWorker } from "../scripts/local-worker.mjs";

declare module "vitest" {
	export interface ProvidedContext {
		/** Where the Worker under test listens, e.g. http://127.0.0.1:41234. */
		baseUrl: string;
	}
}

/** Starts the one Worker on the built site with a fresh local D1, as `npm start` does. */
export default async function setup(project: TestProject) {
	const { baseUrl, stop } = await startLocalWorker();
	project.provide("baseUrl", baseUrl);
	return stop;
}
