import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "../../foundation/cdk";
import { PhysicalNames } from "../../foundation/names";
import type { NetworkConfig, InterfaceEndpointName } from "../../envs/schema";
import { ENDPOINT_PRESETS } from "../../envs/schema";
import { assumeRoleFor, policyDocument } from "../iam/policy";
import { waive } from "../guardrails/waive";

export interface NetworkProps {
  /** Physical-name prefix, e.g. `acme-dev`. */
  readonly namePrefix: string;
  readonly region: string;
  readonly config: NetworkConfig;
  /** KMS key ARN encrypting the flow log group (its policy must allow logs.<region>.amazonaws.com). */
  readonly kmsKeyArn?: string;
}

export interface AzSubnets {
  readonly suffix: string;
  readonly az: string;
  readonly publicSubnet: Subnet;
  readonly privateSubnet: Subnet;
  readonly privateRouteTable: RouteTable;
  /** Isolated subnet (no route out of the VPC), when `isolatedCidr` is configured for this AZ. */
  readonly isolatedSubnet?: Subnet;
}

/**
 * A VPC laid out as the design says: public and private /24s per AZ keyed by AZ suffix (so adding an AZ never
 * renumbers the others), an internet gateway, NAT per `natGateways`, the default security group emptied, the
 * S3 gateway endpoint always, interface endpoints from a preset in `interfaceAzCount` AZs, and flow logs.
 *
 * Optional third tier (design 003): an isolated subnet per AZ that sets `isolatedCidr`, all associated with one
 * route table that has only the implicit local route — no NAT, no internet gateway, no endpoints — for the
 * subnet groups of databases and caches.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly azs: readonly AzSubnets[];
  readonly natGateways: NatGateway[] = [];
  readonly endpointSecurityGroup: SecurityGroup;
  readonly interfaceEndpoints: Record<string, VpcEndpoint> = {};
  readonly flowLogGroup?: CloudwatchLogGroup;
  /** The isolated tier's route table (local route only), when any AZ has an isolated subnet. */
  readonly isolatedRouteTable?: RouteTable;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { config, namePrefix, region } = props;
    const tag = (name: string, extra: Record<string, string> = {}) => ({ Name: `${namePrefix}-${name}`, ...extra });

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: config.vpcCidr,
      enableDnsSupport: true,
      // Interface endpoints with private DNS need both DNS settings.
      enableDnsHostnames: true,
      tags: tag("vpc"),
    });
    const vpcId = this.vpc.id;

    // Lock the default security group: no rules, so nothing that lands in it by accident talks to anything.
    new DefaultSecurityGroup(this, "default_sg", { vpcId, ingress: [], egress: [], tags: tag("default-locked") });

    const igw = new InternetGateway(this, "igw", { vpcId, tags: tag("igw") });
    const publicRt = new RouteTable(this, "public_rt", { vpcId, tags: tag("public") });
    new Route(this, "public_default", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

    const azs: AzSubnets[] = [];
    for (const a of config.azs) {
      const az = `${region}${a.suffix}`;
      const publicSubnet = new Subnet(this, `public_${a.suffix}`, {
        vpcId,
        availabilityZone: az,
        cidrBlock: a.publicCidr,
        // The ALB and NAT gateways need no auto-assigned public IPs on instances.
        mapPublicIpOnLaunch: false,
        tags: tag(`public-${a.suffix}`, { Tier: "public" }),
      });
      new RouteTableAssociation(this, `public_${a.suffix}_rta`, { subnetId: publicSubnet.id, routeTableId: publicRt.id });
      const privateSubnet = new Subnet(this, `private_${a.suffix}`, {
        vpcId,
        availabilityZone: az,
        cidrBlock: a.privateCidr,
        mapPublicIpOnLaunch: false,
        tags: tag(`private-${a.suffix}`, { Tier: "private" }),
      });
      const privateRouteTable = new RouteTable(this, `private_${a.suffix}_rt`, { vpcId, tags: tag(`private-${a.suffix}`) });
      new RouteTableAssociation(this, `private_${a.suffix}_rta`, { subnetId: privateSubnet.id, routeTableId: privateRouteTable.id });
      const isolatedSubnet = a.isolatedCidr
        ? new Subnet(this, `isolated_${a.suffix}`, {
            vpcId,
            availabilityZone: az,
            cidrBlock: a.isolatedCidr,
            mapPublicIpOnLaunch: false,
            tags: tag(`isolated-${a.suffix}`, { Tier: "isolated" }),
          })
        : undefined;
      azs.push({ suffix: a.suffix, az, publicSubnet, privateSubnet, privateRouteTable, isolatedSubnet });
    }
    this.azs = azs;

    // The isolated tier: one route table with no routes besides the VPC's implicit local route. An explicit
    // association keeps these subnets off the VPC's main route table, whatever is added to it later.
    const isolated = azs.filter((a) => a.isolatedSubnet);
    if (isolated.length) {
      const rt = new RouteTable(this, "isolated_rt", { vpcId, tags: tag("isolated") });
      this.isolatedRouteTable = rt;
      for (const a of isolated) {
        new RouteTableAssociation(this, `isolated_${a.suffix}_rta`, { subnetId: a.isolatedSubnet!.id, routeTableId: rt.id });
      }
    }

    // NAT: none, one shared in the first AZ, or one per AZ (each private route table uses its own AZ's NAT).
    if (config.natGateways !== "none") {
      const natAzs = config.natGateways === "single" ? azs.slice(0, 1) : azs;
      const natBySuffix = new Map<string, NatGateway>();
      for (const a of natAzs) {
        const eip = new Eip(this, `nat_${a.suffix}_eip`, { domain: "vpc", tags: tag(`nat-${a.suffix}`) });
        const nat = new NatGateway(this, `nat_${a.suffix}`, {
          allocationId: eip.allocationId,
          subnetId: a.publicSubnet.id,
          tags: tag(`nat-${a.suffix}`),
          dependsOn: [igw],
        });
        natBySuffix.set(a.suffix, nat);
        this.natGateways.push(nat);
      }
      for (const a of azs) {
        const nat = natBySuffix.get(a.suffix) ?? this.natGateways[0];
        new Route(this, `private_${a.suffix}_default`, {
          routeTableId: a.privateRouteTable.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: nat.id,
        });
      }
    }

    // S3 gateway endpoint: free, and ECR image layers are served from S3.
    new VpcEndpoint(this, "s3_gateway", {
      vpcId,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: azs.map((a) => a.privateRouteTable.id),
      tags: tag("s3"),
    });

    // Interface endpoints accept HTTPS from the private subnets only.
    this.endpointSecurityGroup = new SecurityGroup(this, "endpoints_sg", {
      name: PhysicalNames.endpointSecurityGroup(namePrefix),
      description: "Interface VPC endpoints: HTTPS from private subnets",
      vpcId,
      tags: tag("vpc-endpoints"),
    });
    for (const a of config.azs) {
      new VpcSecurityGroupIngressRule(this, `endpoints_https_from_private_${a.suffix}`, {
        securityGroupId: this.endpointSecurityGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: a.privateCidr,
        description: `HTTPS from private subnet ${a.suffix}`,
      });
    }
    const wanted = [...new Set<InterfaceEndpointName>([...ENDPOINT_PRESETS[config.endpoints.preset], ...config.endpoints.extra])];
    const endpointAzs = azs.slice(0, config.endpoints.interfaceAzCount ?? azs.length);
    for (const svc of wanted) {
      this.interfaceEndpoints[svc] = new VpcEndpoint(this, `endpoint_${svc.replace(/[.-]/g, "_")}`, {
        vpcId,
        serviceName: `com.amazonaws.${region}.${svc}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: endpointAzs.map((a) => a.privateSubnet.id),
        securityGroupIds: [this.endpointSecurityGroup.id],
        tags: tag(svc),
      });
    }

    // Flow logs are a per-environment choice (flowLogs.enabled); an environment that turns them off says so here.
    if (!config.flowLogs.enabled) waive(this.vpc, "CKV2_AWS_11", "flowLogs.enabled is false for this environment (cost); enable it where traffic must be auditable");
    if (config.flowLogs.enabled) {
      this.flowLogGroup = new CloudwatchLogGroup(this, "flow_logs", {
        name: PhysicalNames.flowLogGroup(namePrefix),
        retentionInDays: config.flowLogs.retentionDays,
        kmsKeyId: props.kmsKeyArn,
      });
      if (config.flowLogs.retentionDays < 365) waive(this.flowLogGroup, "CKV_AWS_338", "retention follows flowLogs.retentionDays (cost); flow logs serve troubleshooting, not long-term audit");
      const role = new IamRole(this, "flow_logs_role", {
        name: PhysicalNames.flowLogRole(namePrefix),
        assumeRolePolicy: assumeRoleFor("vpc-flow-logs.amazonaws.com"),
      });
      new IamRolePolicy(this, "flow_logs_policy", {
        role: role.id,
        name: "write-flow-logs",
        policy: policyDocument([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [this.flowLogGroup.arn, `${this.flowLogGroup.arn}:*`],
          },
        ]),
      });
      new FlowLog(this, "flow_log", {
        vpcId,
        trafficType: config.flowLogs.trafficType,
        logDestinationType: "cloud-watch-logs",
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: tag("flow-logs"),
      });
    }
  }
}
