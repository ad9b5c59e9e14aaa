"""What `make run` starts with RASA_REPLICAS / ACTIONS_REPLICAS / GATEWAY_WORKERS
(tools/topology_config.py): the refusal without PostgreSQL and Redis, and the stores
derived from the gateway's."""

from __future__ import annotations

import pytest

from tools.topology_config import Refused, lock_store_env, read_topology, tracker_urls

STORES = {
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/scamhelp",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_nothing_set_is_one_rasa_with_its_own_stores() -> None:
    topology = read_topology({})
    assert topology.rasa_replicas == 1 and not topology.scaled
    assert topology.rasa_urls == ["http://127.0.0.1:5005"]
    assert topology.actions_workers == 1 and topology.gateway_workers == 1
    assert not topology.shares_state


def test_replicas_listen_on_consecutive_ports() -> None:
    topology = read_topology({**STORES, "RASA_REPLICAS": "3", "RASA_PORT": "6000"})
    assert topology.scaled
    assert topology.rasa_urls == [f"http://127.0.0.1:{p}" for p in (6000, 6001, 6002)]


@pytest.mark.parametrize("count", ["RASA_REPLICAS", "GATEWAY_WORKERS"])
@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, ["DATABASE_URL", "REDIS_URL"]),
        ({"DATABASE_URL": "sqlite:///var/scamhelp.db"}, ["DATABASE_URL", "REDIS_URL"]),
        ({"DATABASE_URL": STORES["DATABASE_URL"]}, ["REDIS_URL"]),
        ({"REDIS_URL": STORES["REDIS_URL"]}, ["DATABASE_URL"]),
    ],
)
def test_replicas_or_workers_without_postgresql_and_redis_are_refused_in_dutch_and_english(
    env: dict[str, str], named: list[str], count: str
) -> None:
    with pytest.raises(Refused) as refused:
        read_topology({**env, count: "2"})
    dutch, english = str(refused.value).splitlines()
    assert f"{count}=2 kan alleen met PostgreSQL en Redis" in dutch
    assert f"{count}=2 needs PostgreSQL and Redis" in english
    for name in ("DATABASE_URL", "REDIS_URL"):
        assert (name in dutch) == (name in named) and (name in english) == (name in named)


def test_more_action_workers_need_no_shared_store() -> None:
    topology = read_topology({"ACTIONS_REPLICAS": "3"})
    assert topology.actions_workers == 3 and not topology.scaled


def test_gateway_workers_share_the_stores_but_keep_one_rasa_with_its_own() -> None:
    topology = read_topology({**STORES, "GATEWAY_WORKERS": "3"})
    assert topology.gateway_workers == 3 and topology.shares_state
    assert not topology.scaled and topology.rasa_urls == ["http://127.0.0.1:5005"]


@pytest.mark.parametrize("name", ["RASA_REPLICAS", "GATEWAY_WORKERS", "ACTIONS_REPLICAS"])
@pytest.mark.parametrize("value", ["0", "twee", "-1", "1.5"])
def test_a_count_that_is_no_count_is_refused(value: str, name: str) -> None:
    with pytest.raises(Refused, match=f"{name}={value} is geen aantal"):
        read_topology({name: value})


def test_replica_ports_may_not_run_into_the_action_server() -> None:
    with pytest.raises(Refused, match="ACTIONS_PORT"):
        read_topology({**STORES, "RASA_REPLICAS": "3", "RASA_PORT": "5053"})


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://app:geheim@db.example:5433/scamhelp?sslmode=require",
        "postgresql+psycopg://app:geheim@db.example:5433/scamhelp?sslmode=require",
        "postgres://app:geheim@db.example:5433/scamhelp?sslmode=require",
    ],
)
def test_the_tracker_database_sits_next_to_the_gateways(url: str) -> None:
    gateway, tracker, name = tracker_urls(url)
    assert name == "scamhelp_tracker"
    assert tracker == "postgresql://app:geheim@db.example:5433/scamhelp_tracker?sslmode=require"
    assert gateway == "postgresql://app:geheim@db.example:5433/scamhelp?sslmode=require"


def test_the_lock_store_reads_host_port_database_and_password_from_redis_url() -> None:
    assert lock_store_env("redis://:s%40cret@cache.example:6380/2") == {
        "RASA_LOCK_REDIS_HOST": "cache.example",
        "RASA_LOCK_REDIS_PORT": "6380",
        "RASA_LOCK_REDIS_DB": "2",
        "RASA_LOCK_REDIS_PASSWORD": "s@cret",
    }
    assert lock_store_env("redis://127.0.0.1")["RASA_LOCK_REDIS_DB"] == "0"
    with pytest.raises(Refused, match="nummer"):
        lock_store_env("redis://127.0.0.1:6379/cache")
