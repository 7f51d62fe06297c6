import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { CalendarYearSchema } from "../core/calendar";
import { CentreSchema, StationSchema } from "../core/centre";
import { DepartmentSchema } from "../core/department";
import { DeploymentSchema } from "../core/deployment";
import { LifeEventSchema } from "../core/event";
import { ItemSchema } from "../core/item";
import { contentDir } from "./content-root";

const yaml = (dir: string) => glob({ pattern: "*.yaml", base: contentDir(dir) });

export const collections = {
	items: defineCollection({ loader: glob({ pattern: "*.{md,mdx}", base: contentDir("items") }), schema: ItemSchema }),
	departments: defineCollection({ loader: yaml("departments"), schema: DepartmentSchema }),
	centres: defineCollection({ loader: yaml("centres"), schema: CentreSchema }),
	stations: defineCollection({ loader: yaml("stations"), schema: StationSchema }),
	events: defineCollection({ loader: yaml("events"), schema: LifeEventSchema }),
	calendar: defineCollection({ loader: yaml("calendar"), schema: CalendarYearSchema }),
	deployment: defineCollection({ loader: yaml("deployment"), schema: DeploymentSchema }),
};
