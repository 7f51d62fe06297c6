/**
 * 选乡镇，再选村 in one step. Without a script the township is a plain GET form (下一步) that the Worker
 * answers with that township's villages filled in. With this script, choosing the township fetches its
 * /centres/<slug>/data.json (a few KB, one township, never the city's thousands of villages) and fills
 * every village choice of the application form at once; the 下一步 button stays for when that fails.
 */
import { inputId } from "../../core/application";
import { t } from "../../core/zh-CN";

interface Village {
	slug: string;
	name: string;
}

const fetched = new Map<string, Promise<Village[]>>();

/** One township's villages from its built data, checked for the two fields used here. */
function villagesOf(slug: string): Promise<Village[]> {
	let found = fetched.get(slug);
	if (!found) {
		found = fetch(`/centres/${encodeURIComponent(slug)}/data.json`).then(async (res) => {
			if (!res.ok) throw new Error(`HTTP ${res.status.toString()}`);
			const data = (await res.json()) as { stations?: unknown };
			if (!Array.isArray(data.stations)) throw new Error("no stations");
			return data.stations.map((s: { slug?: unknown; village?: unknown }) => {
				if (typeof s.slug !== "string" || typeof s.village !== "string") throw new Error("bad station");
				return { slug: s.slug, name: s.village };
			});
		});
		found.catch(() => fetched.delete(slug));
		fetched.set(slug, found);
	}
	return found;
}

/** Every village choice of the form (the applicant's, and a village question of the item's own). */
function fillVillages(form: HTMLFormElement, villages: Village[] | undefined) {
	for (const select of form.querySelectorAll<HTMLSelectElement>("select[data-villages]")) {
		const before = select.value;
		const empty = new Option(villages ? t("form.choose") : t("form.choose.centreFirst"), "");
		select.replaceChildren(empty, ...(villages ?? []).map((v) => new Option(v.name, v.slug)));
		if (villages?.some((v) => v.slug === before)) select.value = before;
	}
}

export function followTownship(form: HTMLFormElement): void {
	const township = document.getElementById(inputId("centre")) as HTMLSelectElement | null;
	const chosen = form.elements.namedItem("centre") as HTMLInputElement | null;
	const next = document.getElementById("township-next");
	const status = document.getElementById("township-status");
	if (!township || !chosen || chosen.type !== "hidden" || !next || !status) return;
	next.hidden = true;

	const follow = async () => {
		const slug = township.value;
		chosen.value = slug;
		if (slug === "") {
			fillVillages(form, undefined);
			status.textContent = "";
			return;
		}
		status.textContent = t("apply.township.loading");
		try {
			const villages = await villagesOf(slug);
			if (township.value !== slug) return;
			fillVillages(form, villages);
			status.textContent = t("apply.township.loaded", { centre: township.selectedOptions[0]?.text ?? "" });
		} catch {
			if (township.value !== slug) return;
			fillVillages(form, undefined);
			status.textContent = t("apply.township.failed");
			next.hidden = false;
		}
	};
	township.addEventListener("change", () => void follow());
	// A township chosen before the script ran (the Worker's answer, the browser's restored form) whose villages are not listed yet.
	const listed = form.querySelector<HTMLSelectElement>("select[data-villages]");
	if (township.value !== "" && (listed?.options.length ?? 0) <= 1) void follow();
	else chosen.value = township.value;
}
