"""Limits: each rule with the note line that motivated it, and the numbers that are not limits."""

from __future__ import annotations

import pytest

from extract.components.limits import find_limits


def limits(text):
    return [(v, u, q) for _, _, v, u, q, _ in find_limits(text)]


@pytest.mark.parametrize("line, expected", [
    ("recommended for files > 100 MB (required for > 5 GB). Max 5TB", (5.0, "TB", "max")),
    ("REST API timeout = 29 seconds, longer → Lambda fails", (29.0, "s", "exact")),
    ("Default TTL = 24 hours (unless overridden by headers).", (24.0, "h", "default")),
    ("up to 15 read replicas", (15.0, "count", "max")),
    ("Attach to up to 16 EC2s for HA", (16.0, "count", "max")),
    ("High-res metrics (1s) + SNS alarm = instant Lambda failure notification (<30s).", (30.0, "s", "max")),
    ("EBS IOPS peaks at 16,000 IOPS", (16000.0, "IOPS", "exact")),
    ("Max IOPS is 16000", (16000.0, "IOPS", "max")),
    ("54% discount compared to On-Demand", (54.0, "percent", "exact")),
    ("IAM DB Auth uses short-lived tokens (15 min).", (15.0, "min", "exact")),
    ("retention up to two days", (2.0, "days", "max")),
    ("Bursting: burst of up to 100MiB/s", (100.0, "MiB/s", "max")),
])
def test_limit_rules(line, expected):
    assert expected in limits(line)


def test_range_is_a_min_and_a_max():
    assert limits("general purpose(cheap),low latency,1 Gib-16 Tib") == [(1.0, "GiB", "min"), (16.0, "TiB", "max")]


def test_bound_is_what_the_number_limits():
    (_, _, _, _, _, bound), = find_limits("REST API timeout = 29 seconds")
    assert bound == "rest api timeout"
    (_, _, _, _, _, bound), = find_limits("up to 15 read replicas")
    assert bound == "read replicas"


@pytest.mark.parametrize("line", [
    "Lambda@Edge functions must be deployed in us-east-1.",   # region
    "443 = HTTPS",                                            # port
    "Application Load Balancer(v2- new generation)-2016",     # year, version
    "Naming Conventions: m5.2xlarge",                         # instance type
    "routes 0.0.0.0/0 → NAT Gateway",                         # CIDR
    "API Gateway/ALB: immediate 429/502.",                    # status codes
    "protocol uses: NFSv4.1",                                 # version
    "Canary10-5, Linear10-1",                                 # deployment configs
    "1. Start an EC2 instance",                               # list numbering
])
def test_numbers_that_are_not_limits(line):
    assert limits(line) == []
