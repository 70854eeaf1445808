"""Bootstrap package: the code Terraform creates every function with.

Terraform owns the function's infrastructure and creates it from this package once; lambroll owns the code
afterwards (`scripts/fn.sh <env> <function> deploy`), and Terraform ignores later code changes. Until the first
rollout every invocation answers 503 so a half-deployed environment fails loudly instead of doing nothing.
"""
import json


def lambda_handler(event, context):
    return {
        "statusCode": 503,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"error": "not deployed yet", "function": getattr(context, "function_name", None)}),
    }
