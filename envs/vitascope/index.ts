/** Vitascope (design 004): development, production and the emulator environment. */
import type { EnvInput } from "../schema";
import { vitascopeDev } from "./dev";
import { vitascopeLocal } from "./local";
import { vitascopeProd } from "./prod";

export const vitascopeEnvironments: readonly EnvInput[] = [vitascopeDev, vitascopeProd, vitascopeLocal];
