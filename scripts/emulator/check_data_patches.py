#!/usr/bin/env python3
"""
Self-check of the data tier's moto fixes (scripts/emulator/data_patches.py) against moto in-process (no server, no
network):

    python3 scripts/emulator/check_data_patches.py

Each check is what the AWS provider relies on to create or destroy a data store (docs/emulator-gaps.md). Prints
one `ok <name>` per check and exits 0, or raises (exit 1) at the first wrong answer. Run by
__tests__/integration/emulator.test.ts. Application Auto Scaling tags are checked by check_rollout_patches.py.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from selfcheck import REGION, check, ok  # noqa: E402 - first: it sets the credentials moto in process needs

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from moto import mock_aws  # noqa: E402

import moto_server  # noqa: E402 - the launcher (its fixes, not its server)


def error_code(call) -> str:
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return "no error"


@mock_aws
def main() -> None:
    ec2 = boto3.client("ec2", region_name=REGION)
    ec = boto3.client("elasticache", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.91.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.91.{n}.0/24", AvailabilityZone=f"{REGION}{az}")["Subnet"]["SubnetId"] for n, az in ((100, "a"), (200, "c"))]

    # What modules/elasticache creates: a subnet group, then a replication group in it.
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

    rds = boto3.client("rds", region_name=REGION)
    for name in ("a", "b"):
        rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t4g.micro", Engine="postgres", MasterUsername="u", MasterUserPassword="p" * 16, AllocatedStorage=20)
    ids = {i["DbiResourceId"] for i in rds.describe_db_instances()["DBInstances"]}
    check(len(ids) == 2, f"DbiResourceIds: {ids}")
    ok("every DB instance has its own DbiResourceId")

    sqs = boto3.client("sqs", region_name=REGION)
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    statement = {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": arn}
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})})
    allow = '{"redrivePermission":"allowAll"}'
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": allow})
    got = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
    check(got.get("RedriveAllowPolicy") == allow, f"RedriveAllowPolicy: {got.get('RedriveAllowPolicy')}")
    check("Policy" in got, "SetQueueAttributes without Policy removed the queue policy")
    ok("SQS returns RedriveAllowPolicy and keeps the queue policy on other SetQueueAttributes")


if __name__ == "__main__":
    moto_server.apply_patches()
    main()
