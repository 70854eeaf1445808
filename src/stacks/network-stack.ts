import { Construct } from "../../foundation/cdk";
import { Network } from "../../modules/network";
import { ManagedKey, logsKeyPolicy } from "../../modules/kms";
import { NetworkOut } from "../../foundation/contract";
import { PhysicalNames } from "../../foundation/names";
import { EnvStack, type EnvStackProps } from "./env-stack";

/** `<env>-network`: the VPC and everything in it that outlives the platform. */
export class NetworkStack extends EnvStack {
  readonly network: Network;

  constructor(scope: Construct, props: Omit<EnvStackProps, "layer">) {
    super(scope, { ...props, layer: "network" });
    const env = this.env;
    // Flow logs are encrypted with their own CMK (rotation on); the key exists only when flow logs do.
    const logsKey = env.network.flowLogs.enabled
      ? new ManagedKey(this, "logs_key", {
          alias: PhysicalNames.networkLogsKeyAlias(this.prefix),
          description: `Encrypts the ${this.prefix} VPC flow log group`,
          policy: logsKeyPolicy(this.account.id, env.region),
        })
      : undefined;
    this.network = new Network(this, "network", { namePrefix: this.prefix, region: env.region, config: env.network, kmsKeyArn: logsKey?.key.arn });
    const n = this.network;
    this.output(NetworkOut.vpcId, n.vpc.id, "VPC id");
    this.output(NetworkOut.vpcCidr, n.vpc.cidrBlock, "VPC CIDR block");
    this.output(NetworkOut.availabilityZones, n.azs.map((a) => a.az), "AZ names, in the order of the subnet lists");
    this.output(NetworkOut.publicSubnetIds, n.azs.map((a) => a.publicSubnet.id), "Public subnet ids (ALB, NAT), AZ order");
    this.output(NetworkOut.privateSubnetIds, n.azs.map((a) => a.privateSubnet.id), "Private subnet ids (ECS hosts, awsvpc tasks), AZ order");
    this.output(NetworkOut.privateRouteTableIds, n.azs.map((a) => a.privateRouteTable.id), "Private route table ids, AZ order");
    this.output(NetworkOut.endpointSecurityGroupId, n.endpointSecurityGroup.id, "Security group of the interface VPC endpoints");
    const isolated = n.azs.filter((a) => a.isolatedSubnet);
    if (isolated.length) this.output(NetworkOut.isolatedSubnetIds, isolated.map((a) => a.isolatedSubnet!.id), "Isolated subnet ids (no route out of the VPC: databases, caches), AZ order");
    this.output(NetworkOut.natGatewayIds, n.natGateways.map((g) => g.id), "NAT gateway ids (empty when natGateways is none)");
  }
}
