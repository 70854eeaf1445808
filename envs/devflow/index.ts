/** DevFlow Engine (design 000): development, production and the emulator environment. */
import type { EnvInput } from "../schema";
import { devflowDev } from "./dev";
import { devflowLocal } from "./local";
import { devflowProd } from "./prod";

export const devflowEnvironments: readonly EnvInput[] = [devflowDev, devflowProd, devflowLocal];
