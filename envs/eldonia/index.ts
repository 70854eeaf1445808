import type { EnvInput } from "../schema";
import { eldoniaDev } from "./dev";
import { eldoniaLocal } from "./local";
import { eldoniaProd } from "./prod";

/** Eldonia (design 001): its environments, in deploy order of concern. */
export const eldoniaEnvironments: readonly EnvInput[] = [eldoniaDev, eldoniaProd, eldoniaLocal];
