#!/usr/bin/env python3
"""
Self-check of the data and serverless tiers' moto fixes (scripts/emulator/data_patches.py) against moto in-process
(no server, no network):

    python3 scripts/emulator/check_data_patches.py

Each check is a read-back the AWS provider compares with its configuration after an apply (docs/emulator-gaps.md);
without the fix the plan after deploying the emulator environments is not clean. Prints one `ok <name>` per check
and exits 0, or raises (exit 1) at the first wrong answer. Run by __tests__/integration/emulator.test.ts.
"""
import io
import json
import os
import sys
import zipfile

os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
os.environ.setdefault("AWS_DEFAULT_REGION", "ap-northeast-1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

import data_patches  # noqa: E402 - next to this file

REGION = "ap-northeast-1"


def ok(name: str) -> None:
    print(f"ok {name}", flush=True)


def check(cond: bool, message: str) -> None:
    if not cond:
        raise AssertionError(message)


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


if __name__ == "__main__":
    data_patches.apply_all()
    main()
