import type { AccountInput } from "./schema";

/**
 * AWS accounts. Each holds exactly one Terraform state bucket, created by its `bootstrap-<name>` stack.
 *
 * - web (design 002): dev and staging share `nonprod`; prod has `prod`.
 * - every other system has its own pair `<system>-nonprod` / `<system>-prod`, so each can use its design's
 *   address plan (10.0.0.0/16): VPC ranges must not overlap only within one account (envs/validate.ts).
 *   The ids are placeholders until the accounts exist.
 * - `local` is the emulator's fixed account, shared by every emulator environment (`local`, `<system>-local`),
 *   each with its own /16 (10.90 web, 10.91 eldonia, 10.92 messaging, 10.93 devflow, 10.94 vitascope).
 */
export const accounts: readonly AccountInput[] = [
  { name: "nonprod", id: "111111111111", region: "ap-northeast-1", stateBucket: "acme-tfstate-111111111111" },
  { name: "prod", id: "222222222222", region: "ap-northeast-1", stateBucket: "acme-tfstate-222222222222" },
  // Eldonia (design 001), Tokyo.
  { name: "eldonia-nonprod", id: "333333333301", region: "ap-northeast-1", stateBucket: "acme-tfstate-333333333301" },
  { name: "eldonia-prod", id: "333333333302", region: "ap-northeast-1", stateBucket: "acme-tfstate-333333333302" },
  // Text Messaging (design 003), Tokyo.
  { name: "messaging-nonprod", id: "444444444401", region: "ap-northeast-1", stateBucket: "acme-tfstate-444444444401" },
  { name: "messaging-prod", id: "444444444402", region: "ap-northeast-1", stateBucket: "acme-tfstate-444444444402" },
  // DevFlow (design 000), N. Virginia.
  { name: "devflow-nonprod", id: "555555555501", region: "us-east-1", stateBucket: "acme-tfstate-555555555501" },
  { name: "devflow-prod", id: "555555555502", region: "us-east-1", stateBucket: "acme-tfstate-555555555502" },
  // Vitascope (design 004), Tokyo.
  { name: "vitascope-nonprod", id: "666666666601", region: "ap-northeast-1", stateBucket: "acme-tfstate-666666666601" },
  { name: "vitascope-prod", id: "666666666602", region: "ap-northeast-1", stateBucket: "acme-tfstate-666666666602" },
  // moto's default account id; the emulator accepts any credentials.
  { name: "local", id: "123456789012", region: "ap-northeast-1", stateBucket: "acme-tfstate-local" },
];
