import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContextOptions, type Page, chromium } from "playwright-core";
import { inject } from "vitest";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";

/** Chromium with a fresh temporary profile (Playwright makes one) and no network of its own. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

export const baseUrl = () => inject("baseUrl");

/** A page in a fresh context of its own; closing the page closes its context. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	// When the whole browser closes first, the context is already gone: nothing left to close.
	page.on("close", () => void context.close().catch(() => undefined));
	return page;
}

/** Everything the page printed as an error (CSP refusals land here), collected while it is used. */
export function collectConsoleErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on("console", (msg) => {
		if (msg.type() === "error") errors.push(`${msg.text()} ${msg.location().url}`);
	});
	page.on("pageerror", (err) => errors.push(err.message));
	return errors;
}

/**
 * axe with the WCAG 2.0/2.1/2.2 A and AA rules; returns the violations, rule id and where. Legacy mode runs
 * axe.run in the page, which leaves out only cross-origin frames (our pages have none); the default splits
 * the run per frame and finishes it in an extra blank page: the same results in about twice the time.
 */
export async function axeViolations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page })
		.withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
		.setLegacyMode()
		.analyze();
	return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
