import { z } from "zod";

const text = z.string().min(1);
const Phone = text;

/**
 * One township centre as data, with everything a page or a request about that township needs and
 * nothing of the other 117: the build writes it to /centres/<slug>/data.json; the Worker (filling a
 * guide's 在哪里办 for the reader's place, checking an application's village) and the pages' scripts
 * (the village choice) read it and parse it with this schema before trusting it.
 */
export const CentreDataSchema = z.strictObject({
	slug: text,
	name: text,
	township: text,
	address: text,
	hours: text,
	marketDays: text.optional(),
	marketDayNote: text.optional(),
	phone: Phone,
	complaintPhone: Phone,
	/** The windows, each with its department's name. */
	windows: z.array(z.strictObject({ department: text, departmentName: text, number: text, phone: Phone })),
	/** The items offered here: the department slug of the window that handles each, and a local note. */
	items: z.array(z.strictObject({ code: text, window: text, note: text.optional() })),
	/** The township's village stations, each with its agent and the items it takes. */
	stations: z.array(
		z.strictObject({
			slug: text,
			name: text,
			village: text,
			address: text,
			hours: text,
			agent: z.strictObject({ name: text, phone: Phone }),
			items: z.array(text),
		}),
	),
});
export type CentreData = z.infer<typeof CentreDataSchema>;

/** Every centre by name only (/centres/index.json): the township choice, 118 entries of a few bytes each. */
export const CentreIndexSchema = z.array(z.strictObject({ slug: text, name: text, township: text }));
export type CentreIndex = z.infer<typeof CentreIndexSchema>;
