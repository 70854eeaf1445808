import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct, TerraformIterator, Token } from "../../foundation/cdk";

export interface DnsValidatedCertificateProps {
  /** First name of the certificate. */
  readonly domainName: string;
  readonly alternativeNames: readonly string[];
  /** Public hosted zone that serves every name. */
  readonly hostedZoneId: string;
  /** The provider of the certificate's region (us-east-1 for CloudFront). */
  readonly provider: AwsProvider;
}

/**
 * An ACM certificate validated by DNS in a Route 53 zone: one CNAME per name (for_each over the certificate's
 * validation options, keyed by domain name, so adding a name adds one record), then a validation wait whose
 * `certificate_arn` is what consumers attach, so nothing uses the certificate before it is issued.
 */
export class DnsValidatedCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly validation: AcmCertificateValidation;
  readonly records: Route53Record;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, "certificate", {
      provider: props.provider,
      domainName: props.domainName,
      subjectAlternativeNames: [...props.alternativeNames],
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      // A name change issues the new certificate before the old one is detached.
      lifecycle: { createBeforeDestroy: true },
    });
    const dvo = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, "domain_name");
    this.records = new Route53Record(this, "validation_record", {
      forEach: dvo,
      zoneId: props.hostedZoneId,
      name: dvo.getString("resource_record_name"),
      type: dvo.getString("resource_record_type"),
      records: [dvo.getString("resource_record_value")],
      ttl: 300,
      // ACM uses the same validation CNAME for a name in every region (the regional ALB certificate too).
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, "validation", {
      provider: props.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(`\${[for r in ${this.records.fqn} : r.fqdn]}`),
    });
  }
}
