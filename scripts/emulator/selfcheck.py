"""
What the emulator self-checks share (check_rollout_patches.py, check_data_patches.py): credentials for moto in
process (it accepts any, boto3 signs nothing without them), the region, and the `ok <name>` / raise reporting
their tests read line by line. Importing it sets the credentials before any client exists.
"""
import os

os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
os.environ.setdefault("AWS_DEFAULT_REGION", "ap-northeast-1")

REGION = "ap-northeast-1"


def ok(name: str) -> None:
    print(f"ok {name}", flush=True)


def check(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)
