#!/usr/bin/env python3
"""
Self-check of the data and serverless tiers' moto fixes (scripts/emulator/data_patches.py) against moto in-process
(no server, no network):

    python3 scripts/emulator/check_data_patches.py

Each check is a read-back the AWS provider compares with its configuration after an apply, or a call it needs to
create or destroy a store (docs/emulator-gaps.md); without the fix the plan after deploying the emulator
environments is not clean, or `npm run local:up` / `local:down` hangs. Prints one `ok <name>` per check and exits
0, or raises (exit 1) at the first wrong answer. Run by __tests__/integration/emulator.test.ts. Application Auto
Scaling tags are checked by check_rollout_patches.py.
"""
import io
import json
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from selfcheck import REGION, check, ok  # noqa: E402 - first: it sets the credentials moto in process needs

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from moto import mock_aws  # noqa: E402

import data_patches  # noqa: E402 - next to this file


def error_code(call) -> str:
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return "no error"


@mock_aws
def main() -> None:
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="d")
    rds.modify_db_parameter_group(DBParameterGroupName="pg", Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}])
    params = rds.describe_db_parameters(DBParameterGroupName="pg")["Parameters"]
    check([(p["ParameterName"], p.get("Source")) for p in params] == [("rds.force_ssl", "user")], f"parameters: {params}")
    ok("ModifyDBParameterGroup: parameters read back with Source user")
    rds.create_db_instance(DBInstanceIdentifier="db", DBInstanceClass="db.t3.micro", Engine="postgres", AllocatedStorage=20, MasterUsername="u",
                           ManageMasterUserPassword=True, MonitoringInterval=60, MonitoringRoleArn="arn:aws:iam::123456789012:role/m")
    db = rds.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0]
    check(db.get("MonitoringInterval") == 60 and db.get("MonitoringRoleArn") == "arn:aws:iam::123456789012:role/m", f"monitoring: {db.get('MonitoringInterval')} {db.get('MonitoringRoleArn')}")
    ok("CreateDBInstance: MonitoringInterval and MonitoringRoleArn read back")
    rds.create_db_instance(DBInstanceIdentifier="db2", DBInstanceClass="db.t3.micro", Engine="postgres", AllocatedStorage=20, MasterUsername="u", MasterUserPassword="p" * 16)
    ids = {i["DbiResourceId"] for i in rds.describe_db_instances()["DBInstances"]}
    check(len(ids) == 2, f"DbiResourceIds: {ids}")
    ok("every DB instance has its own DbiResourceId")

    # What modules/elasticache creates and local:down destroys: a subnet group, then a replication group in it.
    ec2 = boto3.client("ec2", region_name=REGION)
    ec = boto3.client("elasticache", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.91.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.91.{n}.0/24", AvailabilityZone=f"{REGION}{az}")["Subnet"]["SubnetId"] for n, az in ((100, "a"), (200, "c"))]
    ec.create_cache_subnet_group(CacheSubnetGroupName="sg", CacheSubnetGroupDescription="d", SubnetIds=subnets, Tags=[{"Key": "k", "Value": "v"}])
    ec.create_replication_group(ReplicationGroupId="rg", ReplicationGroupDescription="d", Engine="redis", EngineVersion="7.1",
                                CacheNodeType="cache.t4g.micro", NumCacheClusters=2, CacheSubnetGroupName="sg")
    members = ec.describe_replication_groups(ReplicationGroupId="rg")["ReplicationGroups"][0]["MemberClusters"]
    check(len(members) >= 1, f"member clusters: {members}")
    found = [c["CacheClusterId"] for c in ec.describe_cache_clusters(CacheClusterId=members[0])["CacheClusters"]]
    check(found == [members[0]], f"DescribeCacheClusters {members[0]}: {found}")
    ok("CreateReplicationGroup creates the member clusters it lists")
    code = error_code(lambda: ec.delete_cache_subnet_group(CacheSubnetGroupName="sg"))
    check(code == "CacheSubnetGroupInUse", f"DeleteCacheSubnetGroup while the replication group uses it: {code}")
    ok("DeleteCacheSubnetGroup refuses a group a replication group uses (CacheSubnetGroupInUse)")
    ec.delete_replication_group(ReplicationGroupId="rg")
    code = error_code(lambda: ec.describe_replication_groups(ReplicationGroupId="rg"))
    check(code == "ReplicationGroupNotFoundFault", f"DescribeReplicationGroups after delete: {code}")
    code = error_code(lambda: ec.describe_cache_clusters(CacheClusterId=members[0]))
    check(code == "CacheClusterNotFound", f"member cluster after delete: {code}")
    ok("DeleteReplicationGroup removes the group and its member clusters")
    arn = ec.describe_cache_subnet_groups(CacheSubnetGroupName="sg")["CacheSubnetGroups"][0]["ARN"]
    ec.delete_cache_subnet_group(CacheSubnetGroupName="sg")
    code = error_code(lambda: ec.describe_cache_subnet_groups(CacheSubnetGroupName="sg"))
    check(code == "CacheSubnetGroupNotFoundFault", f"DescribeCacheSubnetGroups after delete: {code}")
    check(ec.describe_cache_subnet_groups()["CacheSubnetGroups"] == [], "subnet group still listed")
    try:
        tags = ec.list_tags_for_resource(ResourceName=arn)["TagList"]
    except ClientError:
        tags = []
    check(tags == [], f"tags of the deleted group kept: {tags}")
    code = error_code(lambda: ec.delete_cache_subnet_group(CacheSubnetGroupName="sg"))
    check(code == "CacheSubnetGroupNotFoundFault", f"second DeleteCacheSubnetGroup: {code}")
    ok("DeleteCacheSubnetGroup deletes a free group (then CacheSubnetGroupNotFoundFault, which the provider takes as gone)")

    sqs = boto3.client("sqs", region_name=REGION)
    dlq = sqs.create_queue(QueueName="jobs-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": dlq_arn}]})})
    allow = json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": ["arn:aws:sqs:ap-northeast-1:123456789012:jobs"]})
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": allow})
    attrs = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
    check(attrs.get("RedriveAllowPolicy") == allow, f"RedriveAllowPolicy: {attrs.get('RedriveAllowPolicy')}")
    check("Policy" in attrs, "SetQueueAttributes without Policy wiped the queue policy")
    ok("SQS: RedriveAllowPolicy returned; the queue policy kept")
    jobs = sqs.create_queue(QueueName="jobs", Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})})["QueueUrl"]
    redrive = sqs.get_queue_attributes(QueueUrl=jobs, AttributeNames=["All"])["Attributes"]["RedrivePolicy"]
    check(redrive == f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":5}}', f"RedrivePolicy not compact: {redrive}")
    ok("SQS: RedrivePolicy as compact JSON")

    iam = boto3.client("iam", region_name=REGION)
    role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("app.py", "def lambda_handler(event, context):\n    return None\n")
    lam = boto3.client("lambda", region_name=REGION)
    lam.create_function(FunctionName="fn", Runtime="python3.11", Role=role, Handler="app.lambda_handler", Code={"ZipFile": code.getvalue()}, Publish=True)
    alias = lam.create_alias(FunctionName="fn", Name="current", FunctionVersion="1")["AliasArn"]
    jobs_arn = sqs.get_queue_attributes(QueueUrl=jobs, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    esm = lam.create_event_source_mapping(EventSourceArn=jobs_arn, FunctionName=alias)
    read = lam.get_event_source_mapping(UUID=esm["UUID"])["FunctionArn"]
    check(read == alias, f"event source mapping FunctionArn {read}, expected the alias {alias}")
    ok("CreateEventSourceMapping on an alias: FunctionArn is the alias ARN")

    waf = boto3.client("wafv2", region_name="us-east-1")
    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "acl"}
    acl = {"Name": "acl", "Scope": "CLOUDFRONT", "DefaultAction": {"Allow": {}}, "VisibilityConfig": visibility, "Description": "edge"}
    first = waf.create_web_acl(**acl)["Summary"]["Id"]
    again = waf.create_web_acl(**acl)["Summary"]["Id"]
    check(again == first, f"a retried CreateWebACL made {again}, expected the first ACL {first}")
    other = error_code(lambda: waf.create_web_acl(**{**acl, "DefaultAction": {"Block": {}}}))
    check(other == "WafV2DuplicateItem", f"a different ACL under the same name: {other}")
    ok("CreateWebACL retried: the first ACL; a different ACL of the same name: WafV2DuplicateItem")


if __name__ == "__main__":
    data_patches.apply_all()
    main()
