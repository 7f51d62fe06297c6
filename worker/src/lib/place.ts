import type { CentreData } from "../../../core/centre-data";
import { type Place, isPlaceSlug, parsePlaceValue } from "../../../core/place";
import type { StringKey } from "../../../core/zh-CN";
import { centreData } from "./centre-data";

export type StationData = CentreData["stations"][number];

/** What a guide's 在哪里办 shows for one request, and what the reader's cookie should say afterwards. */
export interface PlaceView {
	/** The reader's township centre, when known. */
	centre?: CentreData;
	/** Their village station, when chosen. */
	station?: StationData;
	/** Shown above the choice: a place in the address that does not exist. */
	message?: StringKey;
	/** Show the township choice: no place yet, a place in the address that does not exist, or 换一个地方. */
	choose: boolean;
	/** A place to remember (Set-Cookie), null to forget a cookie that names none, undefined to leave it. */
	remember?: Place | null;
}

/**
 * The reader's place for a guide: the address's `township` (and `village`) when the plain form was just sent,
 * otherwise the cookie. Each is only ever looked up in the built per-township data (never echoed back); an
 * unknown or malformed one in the address gets a message and the choice, in the cookie it is forgotten.
 */
export async function readPlace(assets: Fetcher, query: URLSearchParams, cookie: string | undefined): Promise<PlaceView> {
	const township = query.get("township");
	if (township !== null) return fromQuery(assets, township, query.get("village") ?? "");
	if (cookie === undefined) return { choose: true };
	const saved = parsePlaceValue(cookie);
	const centre = saved ? await centreData(assets, saved.centre) : undefined;
	if (!saved || !centre) return { choose: true, remember: null };
	const station = saved.station === undefined ? undefined : centre.stations.find((s) => s.slug === saved.station);
	// A station that has since closed or moved: keep the township, forget the village.
	const stale = saved.station !== undefined && !station;
	return { centre, station, choose: query.has("change"), remember: stale ? { centre: centre.slug } : undefined };
}

async function fromQuery(assets: Fetcher, township: string, village: string): Promise<PlaceView> {
	if (township === "") return { choose: true, message: "item.where.noTownship" };
	const centre = isPlaceSlug(township) ? await centreData(assets, township) : undefined;
	if (!centre) return { choose: true, message: "item.where.unknownTownship" };
	if (village === "") return { centre, choose: false, remember: { centre: centre.slug } };
	const station = isPlaceSlug(village) ? centre.stations.find((s) => s.slug === village) : undefined;
	if (!station) return { centre, choose: false, message: "item.where.unknownVillage", remember: { centre: centre.slug } };
	return { centre, station, choose: false, remember: { centre: centre.slug, station: station.slug } };
}
