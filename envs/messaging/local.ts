import type { EnvInput } from "../schema";
import { CODEDEPLOY_GAP, emulatorEndpoint } from "../emulator";
import { messagingApp, messagingAzs, messagingDatabase } from "./common";

/**
 * `messaging-local`: Text Messaging on the moto emulator (`npm run local:up -- messaging-local`, and the e2e), in
 * the shared `local` account with its own /16. CodeDeploy is an emulator gap (the blue/green traffic side is
 * deployed; deployments need real CodeDeploy).
 */
export const messagingLocal = {
  name: "messaging-local",
  project: "acme",
  system: "messaging",
  account: "local",
  region: "ap-northeast-1",
  emulator: { endpoint: emulatorEndpoint(), gaps: { codedeploy: CODEDEPLOY_GAP } },
  deletionProtection: false,
  logRetentionDays: 7,
  network: {
    vpcCidr: "10.92.0.0/16",
    azs: messagingAzs(92),
    natGateways: "single",
    endpoints: { preset: "minimal", extra: ["secretsmanager"], interfaceAzCount: 1 },
    flowLogs: { enabled: false },
  },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  services: { app: messagingApp(2, ["10.92.0.0/16"]) },
  data: { databases: { main: { ...messagingDatabase("db.t3.micro", false, false), backupRetentionDays: 1 } } },
  alb: { ingress: "internet" },
  edge: { enabled: false },
} as const satisfies EnvInput;
