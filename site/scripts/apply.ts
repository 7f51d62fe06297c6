/**
 * The online application form in the browser. The form posts and works without this script (the
 * Worker checks it and re-shows it with errors); with it, the same check from core/ runs before the
 * post, so mistakes are shown at once, and choosing the township fills the village choice at once
 * (townships.ts) instead of the plain form's 下一步.
 */
import { applicationFromForm, checkApplication, inputId } from "../../core/application";
import type { ApplyItem, OnlineItem } from "../../core/online-item";
import { errorMessage } from "../../core/messages";
import { t } from "../../core/zh-CN";
import { followTownship } from "./townships";

/** Today in China (UTC+8 all year, no summer time), as YYYY-MM-DD. */
const todayInShanghai = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** One key per application, so a retried post (double tap, flaky network) never makes a second case. */
function newKey(): string {
	if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
	return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function enhanceApplyForm(): void {
	const form = document.getElementById("apply-form") as HTMLFormElement | null;
	const data = document.getElementById("apply-data")?.textContent;
	const summary = document.getElementById("error-summary");
	const list = document.getElementById("error-summary-list");
	if (!form || !data || !summary || !list) return;
	const item = JSON.parse(data) as OnlineItem;
	// The villages the check accepts are the ones the page lists now (built, filled by the Worker or fetched).
	const find = (code: string): ApplyItem | undefined =>
		code === item.code ? { ...item, centres: item.centres.map((c) => ({ ...c, stations: villagesOnPage(form) })) } : undefined;
	const errors = { form, summary, list };

	form.addEventListener("submit", (event) => {
		const entries: [string, string][] = [];
		for (const [key, value] of new FormData(form)) if (typeof value === "string" && key !== "idempotencyKey") entries.push([key, value]);
		const result = checkApplication(applicationFromForm(entries, find), find, todayInShanghai());
		clearErrors(errors);
		if (!result.ok) {
			event.preventDefault();
			showErrors(
				errors,
				result.errors.map((e) => ({ field: e.field, message: errorMessage(e, item) })),
			);
			return;
		}
		const key = form.elements.namedItem("idempotencyKey") as HTMLInputElement;
		if (!key.value) key.value = newKey();
	});

	// A link in the summary brings the whole field (label, hint, error) into view and puts the cursor in it.
	list.addEventListener("click", (event) => {
		const link = (event.target as Element).closest("a");
		const target = link && document.getElementById(link.hash.slice(1));
		if (!target) return;
		event.preventDefault();
		(target.closest(".app-field") ?? target).scrollIntoView();
		target.focus({ preventScroll: true });
	});

	followTownship(form);
	// The Worker re-shows a refused form with its summary visible: start there, as after a check here.
	if (!summary.hidden) summary.focus();
}

interface ErrorPlaces {
	form: HTMLFormElement;
	summary: HTMLElement;
	list: HTMLElement;
}

function describedBy(el: Element, id: string, add: boolean) {
	const ids = (el.getAttribute("aria-describedby") ?? "").split(" ").filter((x) => x && x !== id);
	if (add) ids.push(id);
	if (ids.length > 0) el.setAttribute("aria-describedby", ids.join(" "));
	else el.removeAttribute("aria-describedby");
}

/** Every mark a check left (this script's or the Worker's), so the next check starts clean. */
function clearErrors({ form, summary, list }: ErrorPlaces) {
	for (const wrapper of form.querySelectorAll<HTMLElement>(".app-field--error")) {
		wrapper.classList.remove("app-field--error");
		const id = wrapper.dataset.field ?? "";
		const error = document.getElementById(`${id}-error`);
		if (error) {
			error.hidden = true;
			error.textContent = "";
		}
		for (const control of wrapper.querySelectorAll("input, select, textarea")) control.removeAttribute("aria-invalid");
		for (const el of [wrapper.querySelector("fieldset"), document.getElementById(id)]) if (el) describedBy(el, `${id}-error`, false);
	}
	list.replaceChildren();
	summary.hidden = true;
}

/** The same marks the Worker's fillForm makes: the summary's links, each field's message, aria-invalid and aria-describedby. */
function showErrors({ form, summary, list }: ErrorPlaces, errors: { field?: string; message: string }[]) {
	const shown = new Set<string>();
	for (const { field, message } of errors) {
		const id = field ? inputId(field) : "";
		const li = document.createElement("li");
		const target = id ? document.getElementById(id) : null;
		if (target) {
			const link = document.createElement("a");
			link.href = `#${target.id}`;
			link.textContent = message;
			li.append(link);
		} else li.textContent = message;
		list.append(li);

		const wrapper = id ? form.querySelector(`[data-field="${CSS.escape(id)}"]`) : null;
		if (!wrapper || shown.has(id)) continue;
		shown.add(id);
		const p = document.getElementById(`${id}-error`);
		if (p) {
			p.textContent = message;
			p.hidden = false;
		}
		wrapper.classList.add("app-field--error");
		for (const control of wrapper.querySelectorAll("input, select, textarea")) control.setAttribute("aria-invalid", "true");
		// A group's fieldset carries the description (read once for the group), else the one control.
		const described = wrapper.querySelector("fieldset") ?? target;
		if (described) describedBy(described, `${id}-error`, true);
	}
	summary.hidden = false;
	const prefix = t("form.errorPrefix");
	if (!document.title.startsWith(prefix)) document.title = prefix + document.title;
	summary.focus();
}

/** The villages the applicant's village choice lists now. */
function villagesOnPage(form: HTMLFormElement): { slug: string; name: string }[] {
	const select = form.querySelector<HTMLSelectElement>(`#${inputId("applicant.village")}`);
	return [...(select?.options ?? [])].filter((o) => o.value !== "").map((o) => ({ slug: o.value, name: o.text }));
}
