import type { AccountInput } from "./schema";

/**
 * AWS accounts. Each holds exactly one Terraform state bucket, created by its `bootstrap-<name>` stack.
 * dev and staging share the non-production account; prod has its own; `local` is the emulator's fixed account.
 */
export const accounts: readonly AccountInput[] = [
  { name: "nonprod", id: "111111111111", region: "ap-northeast-1", stateBucket: "acme-tfstate-111111111111" },
  { name: "prod", id: "222222222222", region: "ap-northeast-1", stateBucket: "acme-tfstate-222222222222" },
  // moto's default account id; the emulator accepts any credentials.
  { name: "local", id: "123456789012", region: "ap-northeast-1", stateBucket: "acme-tfstate-local" },
];
