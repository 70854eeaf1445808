import type { EnvInput } from "../schema";
import { messagingDev } from "./dev";
import { messagingLocal } from "./local";
import { messagingProd } from "./prod";

/** Text Messaging (design 003): its environments. */
export const messagingEnvironments: readonly EnvInput[] = [messagingDev, messagingProd, messagingLocal];
