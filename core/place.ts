import { SLUG } from "./fields";

/**
 * The reader's place (所在乡镇和村) that a guide's 在哪里办 shows: the slug of a township centre and, when
 * chosen, of one of its village stations. It says where someone goes to apply, not who they are, and it is
 * kept as nothing more than those two slugs (a cookie on the reader's phone, never stored by the Worker).
 */
export interface Place {
	centre: string;
	station?: string;
}

/** The cookie's name, and how long a choice is remembered: a year. */
export const PLACE_COOKIE = "place";
export const PLACE_MAX_AGE = 365 * 24 * 60 * 60;

const MAX_SLUG = 64;

/** Whether a value from a query or a cookie is shaped like a slug at all (before anyone looks it up). */
export const isPlaceSlug = (value: string): boolean => value.length <= MAX_SLUG && SLUG.test(value);

/** The cookie's value: `qingshi`, or `qingshi.shiqiao` with a station. */
export const placeValue = (place: Place): string => (place.station ? `${place.centre}.${place.station}` : place.centre);

/** A cookie value read back; anything not shaped like one (a third part, a bad slug) is undefined. */
export function parsePlaceValue(value: string | undefined): Place | undefined {
	if (!value) return undefined;
	const [centre, station, ...rest] = value.split(".");
	if (rest.length > 0 || !isPlaceSlug(centre) || (station !== undefined && !isPlaceSlug(station))) return undefined;
	return station === undefined ? { centre } : { centre, station };
}

/**
 * The Set-Cookie header that remembers a place for a year, or forgets it (undefined): the whole site, sent on
 * top-level navigation from elsewhere (SameSite=Lax, so a QR code's link shows the reader's place), never
 * readable by scripts, Secure where the site is served over HTTPS.
 */
export function placeCookie(place: Place | undefined, secure: boolean): string {
	const value = place ? placeValue(place) : "";
	const age = place ? PLACE_MAX_AGE : 0;
	return `${PLACE_COOKIE}=${value}; Path=/; Max-Age=${age}; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
}
