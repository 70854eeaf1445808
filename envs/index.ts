/**
 * Every environment and account, validated. Import `ENVIRONMENTS` only through `loadConfig()` so that a bad
 * value fails before any construct exists.
 */
import { accounts } from "./accounts";
import { dev } from "./web/dev";
import { local } from "./web/local";
import { prod } from "./web/prod";
import { staging } from "./web/staging";
import { devflowEnvironments } from "./devflow";
import { eldoniaEnvironments } from "./eldonia";
import { messagingEnvironments } from "./messaging";
import { vitascopeEnvironments } from "./vitascope";
import type { AccountInput, EnvInput } from "./schema";
import { loadEnvironments } from "./validate";

/** Every system's environments: web (design 002), eldonia (001), messaging (003), devflow (000), vitascope (004). */
export const ENVIRONMENTS: readonly EnvInput[] = [
  dev, staging, prod, local, ...eldoniaEnvironments, ...messagingEnvironments, ...devflowEnvironments, ...vitascopeEnvironments,
];
export const ACCOUNTS: readonly AccountInput[] = accounts;

export function loadConfig(envs: readonly EnvInput[] = ENVIRONMENTS, accts: readonly AccountInput[] = ACCOUNTS) {
  return loadEnvironments(envs, accts);
}

export type { EnvConfig, EnvInput, Account, AccountInput, ServiceConfig } from "./schema";
export { EnvValidationError } from "./validate";
export { ConfigError } from "../foundation/errors";
