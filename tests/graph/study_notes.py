"""A small set of study notes that exercises every query, shared by the query, contract and CLI tests."""

from __future__ import annotations

from pathlib import Path

NOTES = {
    "storage.md": """# Amazon S3
- S3 is object storage for any amount of data.
- Max object size 5 TB
- Use Multipart Upload for files over 100 MB.
- S3 Object Lock requires versioning.
- S3 event => Lambda, SNS, SQS

# Amazon EBS
- EBS: block storage volume attached to one EC2 instance.
- Max volume size 16 TB
- Use EBS when you need a boot volume for EC2.

# Amazon EFS
- EFS: shared NFS file system for many EC2 instances.
- Use EFS when many instances share files.
- EBS vs EFS: one instance vs many.
- Pay only for what you store, no provisioning.
""",
    "messaging.md": """# Amazon SQS
- SQS is a message queue: consumers poll messages.
- Max message size 256 KB
- Retention up to 14 days
- Use SQS when you need to decouple producers and consumers.

# Amazon SNS
- SNS is pub/sub: push to many subscribers.
- Max message size 256 KB
- Use SNS when one message must fan out to many subscribers.
- SQS vs SNS: pull vs push.
- SNS integrates with SQS for fan-out.

# AWS Lambda
- Lambda runs code without servers.
- Timeout max 15 minutes
- Use Lambda when you process S3 events.
""",
}


def write_notes(folder: Path, notes: dict[str, str] = NOTES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
