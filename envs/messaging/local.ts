import type { EnvInput } from "../schema";
import { emulatorEndpoint } from "../emulator";
import { withScalingAttach } from "../presets";
import { messagingApp, messagingAzs, messagingDatabase } from "./common";

/**
 * `messaging-local`: Text Messaging on the moto emulator (`npm run local:up -- messaging-local`, and the e2e), in
 * the shared `local` account with its own /16. Blue/green through CodeDeploy runs in the emulator (the launcher's
 * CodeDeploy fixes, docs/emulator-gaps.md): the deployment group and autoscaling name the ECS service ecspresso
 * creates, so the environment applies with attach false, `app.sh messaging-local app create` runs, then the
 * platform applies with attach true (README "Ordering with ecspresso"; the e2e sets EMULATOR_SERVICES_CREATED=1).
 */
export const messagingLocal = {
  name: "messaging-local",
  project: "acme",
  system: "messaging",
  account: "local",
  region: "ap-northeast-1",
  emulator: { endpoint: emulatorEndpoint() },
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
  services: {
    app: process.env.EMULATOR_SERVICES_CREATED === "1"
      ? withScalingAttach(messagingApp(2, ["10.92.0.0/16"]), true)
      : messagingApp(2, ["10.92.0.0/16"]),
  },
  data: { databases: { main: { ...messagingDatabase("db.t3.micro", false, false), backupRetentionDays: 1 } } },
  alb: { ingress: "internet" },
  edge: { enabled: false },
} as const satisfies EnvInput;
