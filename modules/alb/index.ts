import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, type LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import type { LbListenerRuleCondition } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct, TerraformIterator, Token } from "../../foundation/cdk";
import { PhysicalNames } from "../../foundation/names";
import { ORIGIN_VERIFY_HEADER } from "../../foundation/contract";
import { SecureBucket } from "../secure-bucket";
import { waive } from "../guardrails/waive";

/** TLS 1.3 + 1.2 only (PRJ_ALB_TLS). */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** AWS-managed prefix list of CloudFront's origin-facing addresses (weighs ~55 rules in a security group). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

export type AlbIngress = "internet" | "cloudfront";

/** How the ALB gets its certificate: an existing ARN, one issued for the domain, or none (HTTP only). */
export type AlbTls =
  | { readonly kind: "none" }
  | { readonly kind: "existing"; readonly certificateArn: string }
  | { readonly kind: "issue"; readonly domainName: string; readonly subjectAlternativeNames: readonly string[]; readonly hostedZoneId: string };

export interface PublicAlbProps {
  /**
   * Physical-name prefix `<project>-<env>`: the load balancer (`<namePrefix>-<nameSuffix>`), its security groups
   * and its access log bucket are named from it (foundation/names.ts `PhysicalNames`).
   */
  readonly namePrefix: string;
  /** The load balancer's own name after the prefix (config `alb.name`; the whole name ≤ 32 characters). @default "alb" */
  readonly nameSuffix?: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly ingress: AlbIngress;
  readonly tls: AlbTls;
  /** Route 53 alias for the ALB (e.g. `origin.<domain>` in the domain's zone); absent = none. */
  readonly dnsAlias?: { readonly name: string; readonly hostedZoneId: string };
  readonly deletionProtection: boolean;
  readonly idleTimeoutSeconds: number;
  readonly accessLogDays: number;
  /** CMK that encrypts the origin-verify secret. */
  readonly kmsKeyArn: string;
  /** Secrets Manager name of the origin-verify secret (cloudfront ingress only). */
  readonly originVerifySecretName: string;
}

/**
 * The internet-facing Application Load Balancer in the public subnets.
 *
 * - Security groups: `securityGroup` is the ALB's identity (targets admit it; consumers add its egress rules).
 *   With `ingress = "cloudfront"` each listener port gets its own group admitting only CloudFront's
 *   origin-facing prefix list (~55 rules each, against the 60-rule default); with `internet`, 80/443 from
 *   anywhere go on the identity group.
 * - Listeners: HTTPS (TLS 1.3/1.2 policy) + HTTP→HTTPS redirect when a certificate exists; otherwise HTTP
 *   forward (dev/local without a domain). The default action is a fixed 403 (`cloudfront`) / 404 (`internet`):
 *   only service rules forward.
 * - With `cloudfront`, every service rule also requires `X-Origin-Verify` = a secret generated at apply time
 *   into Secrets Manager (never in the repository); the edge stack sends it as a custom origin header.
 * - Access logs to a private SSE-S3 bucket (the only encryption ALB log delivery supports) with lifecycle.
 */
export class PublicAlb extends Construct {
  readonly alb: Lb;
  readonly securityGroup: SecurityGroup;
  readonly listenerSecurityGroups: SecurityGroup[] = [];
  readonly accessLogs: SecureBucket;
  readonly httpListener: LbListener;
  readonly httpsListener?: LbListener;
  /** The listener that carries the service rules. */
  readonly serviceListener: LbListener;
  readonly certificateArn?: string;
  readonly originVerifySecret?: SecretsmanagerSecret;
  private readonly originVerifyValue?: string;

  constructor(scope: Construct, id: string, props: PublicAlbProps) {
    super(scope, id);
    const { namePrefix: prefix } = props;
    const logPrefix = "alb";

    // Access logs. ap-northeast-1 and other pre-2022 regions deliver as the regional ELB account; newer
    // regions as the log-delivery service principal. Both statements are scoped to this account's prefix.
    const elbAccount = new DataAwsElbServiceAccount(this, "elb_account", {});
    this.accessLogs = new SecureBucket(this, "access_logs", {
      bucketName: PhysicalNames.albLogBucket(prefix, props.accountId),
      encryption: { type: "s3" },
      expireDays: props.accessLogDays,
      noncurrentVersionDays: 7,
      forceDestroy: !props.deletionProtection,
      policyStatements: (arn) => [
        {
          Sid: "AlbLogDeliveryLegacyRegions",
          Effect: "Allow",
          Principal: { AWS: elbAccount.arn },
          Action: "s3:PutObject",
          Resource: `${arn}/${logPrefix}/AWSLogs/${props.accountId}/*`,
        },
        {
          Sid: "AlbLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/${logPrefix}/AWSLogs/${props.accountId}/*`,
        },
      ],
    });
    waive(this.accessLogs, "CKV_AWS_145", "ALB access log delivery supports only SSE-S3 (AES256), not SSE-KMS");
    waive(this.accessLogs, "CKV_AWS_18", "this is the ALB's access-log target; logging it would need a further bucket that nothing reads");
    waive(this.accessLogs, "CKV_AWS_144", "access logs expire after their retention; losing a region loses the ALB they describe, so no cross-region replica");
    waive(this.accessLogs, "CKV2_AWS_62", "nothing consumes object events of the access-log bucket");

    this.securityGroup = new SecurityGroup(this, "alb_sg", {
      name: PhysicalNames.albSecurityGroup(prefix),
      description: "ALB identity: targets admit this group; egress only to targets",
      vpcId: props.vpcId,
      tags: { Name: PhysicalNames.albSecurityGroup(prefix) },
    });

    // Certificate.
    if (props.tls.kind === "existing") {
      this.certificateArn = props.tls.certificateArn;
    } else if (props.tls.kind === "issue") {
      const cert = new AcmCertificate(this, "certificate", {
        domainName: props.tls.domainName,
        subjectAlternativeNames: [...props.tls.subjectAlternativeNames],
        validationMethod: "DNS",
        options: { certificateTransparencyLoggingPreference: "ENABLED" },
        lifecycle: { createBeforeDestroy: true },
      });
      const dvo = TerraformIterator.fromComplexList(cert.domainValidationOptions, "domain_name");
      const records = new Route53Record(this, "certificate_validation_record", {
        forEach: dvo,
        zoneId: props.tls.hostedZoneId,
        name: dvo.getString("resource_record_name"),
        type: dvo.getString("resource_record_type"),
        records: [dvo.getString("resource_record_value")],
        ttl: 300,
        allowOverwrite: true,
      });
      const validation = new AcmCertificateValidation(this, "certificate_validation", {
        certificateArn: cert.arn,
        validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
      });
      this.certificateArn = validation.certificateArn;
    }
    const ports = this.certificateArn ? [80, 443] : [80];

    // Ingress.
    if (props.ingress === "cloudfront") {
      const cloudfront = new DataAwsEc2ManagedPrefixList(this, "cloudfront_origin_facing", { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST });
      for (const port of ports) {
        const sg = new SecurityGroup(this, `listener_${port}_sg`, {
          name: PhysicalNames.albListenerSecurityGroup(prefix, port),
          description: `ALB listener ${port}: CloudFront origin-facing addresses only (prefix list weighs ~55 rules, one group per port)`,
          vpcId: props.vpcId,
          tags: { Name: PhysicalNames.albListenerSecurityGroup(prefix, port) },
        });
        new VpcSecurityGroupIngressRule(this, `listener_${port}_from_cloudfront`, {
          securityGroupId: sg.id,
          description: `Port ${port} from CloudFront origin-facing addresses`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          prefixListId: cloudfront.id,
        });
        this.listenerSecurityGroups.push(sg);
      }
      this.originVerifySecret = new SecretsmanagerSecret(this, "origin_verify", {
        name: props.originVerifySecretName,
        description: `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront sends to the ALB`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.deletionProtection ? 30 : 0,
      });
      waive(this.originVerifySecret, "CKV2_AWS_57", "origin-verify value is rotated by replacing its version and re-applying platform then edge (docs/platform.md); no rotation Lambda");
      // Generated by Secrets Manager at apply time; never in the repository or the synthesized JSON.
      const generated = new DataAwsSecretsmanagerRandomPassword(this, "origin_verify_value", {
        passwordLength: 48,
        // Listener rule values treat * and ? as wildcards: letters and digits only.
        excludePunctuation: true,
        includeSpace: false,
      });
      const version = new SecretsmanagerSecretVersion(this, "origin_verify_version", {
        secretId: this.originVerifySecret.id,
        secretString: generated.randomPassword,
        // The data source yields a new value on every plan; keep the first one.
        lifecycle: { ignoreChanges: ["secret_string"] },
      });
      this.originVerifyValue = version.secretString;
    } else {
      for (const port of ports) {
        const rule = new VpcSecurityGroupIngressRule(this, `listener_${port}_from_internet`, {
          securityGroupId: this.securityGroup.id,
          description: `Port ${port} from the internet (alb.ingress = internet)`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: "0.0.0.0/0",
        });
        if (port === 80) waive(rule, "CKV_AWS_260", "public web entry point without CloudFront: port 80 only redirects to HTTPS or serves the HTTP-only dev ALB");
        waive(rule, "PRJ_SG_OPEN_INGRESS", "alb.ingress = internet: this listener port is the system's public entry point by config (no CloudFront in front); targets stay reachable from the ALB only");
      }
      this.listenerSecurityGroups.push(this.securityGroup);
    }

    this.alb = new Lb(this, "alb", {
      name: PhysicalNames.alb(prefix, props.nameSuffix ?? "alb"),
      internal: false,
      loadBalancerType: "application",
      ipAddressType: "ipv4",
      subnets: props.publicSubnetIds,
      securityGroups: [...new Set([this.securityGroup, ...this.listenerSecurityGroups])].map((sg) => sg.id),
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection,
      idleTimeout: props.idleTimeoutSeconds,
      desyncMitigationMode: "defensive",
      accessLogs: { bucket: this.accessLogs.bucket.id, prefix: logPrefix, enabled: true },
      // Log delivery is checked when access logs are enabled: the policy must exist first.
      dependsOn: [this.accessLogs.policy],
    });
    waive(
      this.alb,
      "CKV2_AWS_28",
      props.ingress === "cloudfront"
        ? "the internet-facing ALB is fronted by CloudFront, whose WAF (edge stack, us-east-1) filters requests"
        : "alb.ingress = internet without a regional WAF: the environment chose a direct ALB (design 003 has no CDN/WAF); add CloudFront (edge) to filter requests",
    );
    if (!props.deletionProtection) waive(this.alb, "CKV_AWS_150", "deletion protection follows the environment's deletionProtection flag; off for disposable environments");

    const denied: LbListenerDefaultAction =
      props.ingress === "cloudfront"
        ? { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } }
        : { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" } };

    if (this.certificateArn) {
      this.httpsListener = new LbListener(this, "https", {
        loadBalancerArn: this.alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: ALB_SSL_POLICY,
        certificateArn: this.certificateArn,
        defaultAction: [denied],
      });
      this.httpListener = new LbListener(this, "http", {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      });
      this.serviceListener = this.httpsListener;
    } else {
      // No domain and no certificate (dev/local): plain HTTP forward. CloudFront, when in front, terminates
      // TLS for viewers and talks HTTP to this origin.
      this.httpListener = new LbListener(this, "http", {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [denied],
      });
      waive(this.httpListener, "CKV_AWS_2", "no certificate configured for this environment (no domain): HTTP-only ALB, documented in README");
      waive(this.httpListener, "CKV_AWS_103", "no certificate configured for this environment (no domain): an HTTP listener has no TLS policy");
      waive(this.alb, "CKV2_AWS_20", "no certificate configured for this environment (no domain): there is no HTTPS listener to redirect to");
      this.serviceListener = this.httpListener;
    }

    if (props.dnsAlias) {
      new Route53Record(this, "origin_alias", {
        zoneId: props.dnsAlias.hostedZoneId,
        name: props.dnsAlias.name,
        type: "A",
        alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
      });
    }
  }

  /**
   * HTTPS egress from the ALB to any address: the `authenticate-cognito` action calls the user pool's token and
   * user-info endpoints, which have no stable CIDR. Added only where a service is protected.
   */
  allowHttpsEgress(id: string, description: string): void {
    new VpcSecurityGroupEgressRule(this, `https_egress_${id}`, {
      securityGroupId: this.securityGroup.id,
      description,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
  }

  /** Whether the ALB terminates HTTPS. */
  get httpsEnabled(): boolean {
    return this.httpsListener !== undefined;
  }

  /**
   * Listener rule conditions for a service: its path patterns, plus the origin-verify header with
   * `cloudfront` ingress (a request without the secret falls through to the 403 default action).
   */
  ruleConditions(paths: readonly string[]): LbListenerRuleCondition[] {
    const conditions: LbListenerRuleCondition[] = [{ pathPattern: { values: [...paths] } }];
    if (this.originVerifyValue) {
      conditions.push({ httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: [this.originVerifyValue] } });
    }
    return conditions;
  }
}
