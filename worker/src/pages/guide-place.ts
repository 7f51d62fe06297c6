import type { CentreData } from "../../../core/centre-data";
import { t } from "../../../core/zh-CN";
import { escapeHtml, showing, withTexts } from "../lib/pages";
import type { PlaceView, StationData } from "../lib/place";

/**
 * Fills a guide's 在哪里办 (site/components/WhereToApply.astro) for the reader's place: the township
 * centre's window, phone, address, hours, market days and local note, the village station and its agent
 * (or that it does not take the item), the complaint line, and the village choice. Every text goes in
 * through HTMLRewriter's escaping; the village options are built here from escaped parts.
 */
export function fillPlace(rewriter: HTMLRewriter, code: string, view: PlaceView): HTMLRewriter {
	const { centre, station, message, choose } = view;
	if (message) showText(rewriter, "where-message", t(message));
	if (choose) preselect(rewriter, centre?.slug);
	else rewriter.on("#where-township-form", { element: (el) => void el.remove() });
	if (!centre || choose) return rewriter;

	hide(rewriter, "where-print");
	showing(rewriter, ["where-place", "where-complaint"]);
	withTexts(rewriter, {
		"where-centre": centre.name,
		"where-complaint": t("item.contact.complainPhone", { centre: centre.name, phone: centre.complaintPhone }),
	});
	link(rewriter, "where-centre", `/centres/${centre.slug}/`);
	fillCentre(rewriter, code, centre);
	if (station) fillStation(rewriter, code, centre, station);
	else fillVillageChoice(rewriter, centre);
	return rewriter;
}

function fillCentre(rewriter: HTMLRewriter, code: string, centre: CentreData) {
	const offered = centre.items.find((o) => o.code === code);
	const window = offered && centre.windows.find((w) => w.department === offered.window);
	if (!offered || !window) {
		rewriter.on("#where-facts", { element: (el) => void el.remove() });
		showText(rewriter, "where-centre-none", t("item.where.centreNone", { centre: centre.name }));
		return;
	}
	withTexts(rewriter, {
		"where-window": t("item.where.window", { number: window.number, department: window.departmentName }),
		"where-phone": window.phone,
		"where-address": centre.address,
		"where-hours": centre.hours,
		"where-market": centre.marketDays && [centre.marketDays, centre.marketDayNote].filter(Boolean).join("。"),
	});
	link(rewriter, "where-phone", `tel:${window.phone}`);
	if (!centre.marketDays)
		for (const id of ["where-market-label", "where-market"]) rewriter.on(`#${id}`, { element: (el) => void el.remove() });
	if (offered.note) showText(rewriter, "where-note", offered.note);
}

function fillStation(rewriter: HTMLRewriter, code: string, centre: CentreData, station: StationData) {
	showing(rewriter, ["where-station"]);
	if (!station.items.includes(code)) {
		showText(rewriter, "where-station-no", t("item.where.stationNo", { station: station.name, centre: centre.name }));
		return;
	}
	showing(rewriter, ["where-station-yes"]);
	withTexts(rewriter, { "where-station-link": station.name, "where-agent": station.agent.name, "where-agent-phone": station.agent.phone });
	link(rewriter, "where-station-link", `/stations/${station.slug}/`);
	link(rewriter, "where-agent-phone", `tel:${station.agent.phone}`);
}

/** The second step: the township's villages (a score or so), the township carried in a hidden field. */
function fillVillageChoice(rewriter: HTMLRewriter, centre: CentreData) {
	const options = centre.stations.map((s) => `<option value="${escapeHtml(s.slug)}">${escapeHtml(s.village)}</option>`).join("");
	showing(rewriter, ["where-village-form"]);
	rewriter
		.on("#where-village-township", { element: (el) => void el.setAttribute("value", centre.slug) })
		.on("#where-village", { element: (el) => void el.append(options, { html: true }) });
}

/** The township choice opens on the reader's township when there is one (换一个地方). */
function preselect(rewriter: HTMLRewriter, slug: string | undefined) {
	if (!slug) return;
	rewriter.on("#where-township option", {
		element: (el) => void (el.getAttribute("value") === slug && el.setAttribute("selected", "")),
	});
}

function showText(rewriter: HTMLRewriter, id: string, text: string) {
	withTexts(rewriter, { [id]: text });
	showing(rewriter, [id]);
}

function hide(rewriter: HTMLRewriter, id: string) {
	rewriter.on(`#${id}`, { element: (el) => void el.setAttribute("hidden", "") });
}

function link(rewriter: HTMLRewriter, id: string, href: string) {
	rewriter.on(`#${id}`, { element: (el) => void el.setAttribute("href", href) });
}
