/**
 * The online application form in the browser. The form posts and works without this script (the
 * Worker checks it and re-shows it with errors); with it, the same check from core/ runs before the
 * post, so mistakes are shown at once, and the village list follows the chosen centre.
 */
import { type FieldError, applicationFromForm, checkApplication, inputId } from "../../core/application";
import type { OnlineItem } from "../../core/online-item";
import { errorMessage } from "../../core/messages";
import { t } from "../../core/zh-CN";

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
	const find = (code: string) => (code === item.code ? item : undefined);

	const describedBy = (el: Element, id: string, add: boolean) => {
		const ids = (el.getAttribute("aria-describedby") ?? "").split(" ").filter((x) => x && x !== id);
		if (add) ids.push(id);
		if (ids.length > 0) el.setAttribute("aria-describedby", ids.join(" "));
		else el.removeAttribute("aria-describedby");
	};
	/** The element whose description carries the error: a group's fieldset (read once for the group), or the one control. */
	const described = (wrapper: Element, field: string) => wrapper.querySelector("fieldset") ?? document.getElementById(inputId(field));

	const clearErrors = () => {
		for (const wrapper of form.querySelectorAll<HTMLElement>(".app-field--error")) {
			wrapper.classList.remove("app-field--error");
			const field = wrapper.dataset.field ?? "";
			const error = document.getElementById(`${inputId(field)}-error`);
			if (error) {
				error.hidden = true;
				error.textContent = "";
			}
			for (const control of wrapper.querySelectorAll("input, select, textarea")) control.removeAttribute("aria-invalid");
			// The Worker links a group's error from its first option, this script from the fieldset: clear both.
			for (const el of [wrapper.querySelector("fieldset"), document.getElementById(inputId(field))])
				if (el) describedBy(el, `${inputId(field)}-error`, false);
		}
		list.replaceChildren();
		summary.hidden = true;
	};

	const showErrors = (errors: FieldError[]) => {
		const shown = new Set<string>();
		for (const error of errors) {
			const message = errorMessage(error, item);
			const li = document.createElement("li");
			const target = error.field ? document.getElementById(inputId(error.field)) : null;
			if (target) {
				const link = document.createElement("a");
				link.href = `#${target.id}`;
				link.textContent = message;
				li.append(link);
			} else li.textContent = message;
			list.append(li);

			const wrapper = error.field ? form.querySelector(`[data-field="${CSS.escape(error.field)}"]`) : null;
			if (!wrapper || !error.field || shown.has(error.field)) continue;
			shown.add(error.field);
			const errorId = `${inputId(error.field)}-error`;
			const p = document.getElementById(errorId);
			if (p) {
				p.textContent = message;
				p.hidden = false;
			}
			wrapper.classList.add("app-field--error");
			for (const control of wrapper.querySelectorAll("input, select, textarea")) control.setAttribute("aria-invalid", "true");
			const describedEl = described(wrapper, error.field);
			if (describedEl) describedBy(describedEl, errorId, true);
		}
		summary.hidden = false;
		const prefix = t("form.errorPrefix");
		if (!document.title.startsWith(prefix)) document.title = prefix + document.title;
		summary.focus();
	};

	form.addEventListener("submit", (event) => {
		const entries: [string, string][] = [];
		for (const [key, value] of new FormData(form)) if (typeof value === "string" && key !== "idempotencyKey") entries.push([key, value]);
		const result = checkApplication(applicationFromForm(entries, find), find, todayInShanghai());
		clearErrors();
		if (!result.ok) {
			event.preventDefault();
			showErrors(result.errors);
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

	// The village lists show only the villages of the chosen centre.
	const centre = form.elements.namedItem("centre") as HTMLSelectElement;
	const followCentre = () => {
		for (const group of form.querySelectorAll<HTMLOptGroupElement>("optgroup[data-centre]")) {
			const other = centre.value !== "" && group.dataset.centre !== centre.value;
			group.hidden = other;
			group.disabled = other;
			const select = group.closest("select");
			if (other && select?.selectedOptions[0]?.parentElement === group) select.value = "";
		}
	};
	centre.addEventListener("change", followCentre);
	followCentre();

	// The Worker re-shows a refused form with its summary visible: start there, as after a check here.
	if (!summary.hidden) summary.focus();
}
