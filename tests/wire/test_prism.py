"""Every provider client against Prism serving its spec with random valid responses (``-d``).

Each operation is called 50 times through the sync and the async client with varied, valid
arguments. Every request must pass Prism's request validation (credentials present, formats
right: an invalid request gets an error status, and Prism logs it) and every response must parse
and dump back to exactly the JSON Prism sent. With the pre-send credential check skipped,
Prism's 401 must surface as AuthenticationError.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pydantic
import pytest

from ..conftest import PROVIDERS, SPECS
from .prism import INVALID_REQUEST, Prism, running

CALLS = 50
Arguments = tuple[tuple[Any, ...], dict[str, Any]]


def some_uuid(rng: random.Random) -> uuid.UUID | str:
    value = uuid.UUID(int=rng.getrandbits(128), version=4)
    return value if rng.random() < 0.5 else str(value)  # the signatures take a UUID or its text


def some_id(rng: random.Random) -> str:
    return rng.choice([str(uuid.UUID(int=rng.getrandbits(128), version=4)), f"run_{rng.randrange(10**6)}", "6c02aeb1"])


def truestate_runs(rng: random.Random) -> Arguments:
    keywords: dict[str, Any] = {}
    if rng.random() < 0.5:
        keywords["version_id"] = some_uuid(rng)
    if rng.random() < 0.5:
        keywords["api_key"] = f"key-{rng.randrange(10**6)}"
    return (some_uuid(rng),), keywords


def algolia_page(rng: random.Random) -> dict[str, Any]:
    return {"items_per_page": rng.randint(1, 100), "page": rng.randint(1, 5)} if rng.random() < 0.5 else {}


# provider -> client class, credentials, and for each operation a maker of valid arguments
@dataclass(frozen=True)
class Target:
    client: str
    credentials: dict[str, str]
    operations: dict[str, Callable[[random.Random], Arguments]]


TARGETS = {
    "algolia_ingestion": Target(
        "AlgoliaIngestionClient",
        {"app_id": "APPID", "api_key": "secret"},
        {
            "get_run": lambda rng: ((some_id(rng),), {}),
            "list_runs": lambda rng: ((), algolia_page(rng)),  # paged: the first page is checked
            "list_events": lambda rng: ((some_id(rng),), algolia_page(rng)),
        },
    ),
    "nekt": Target("NektClient", {"api_key_auth": "secret"}, {"v1_runs_retrieve": lambda rng: ((some_uuid(rng),), {})}),
    "noxus": Target("NoxusClient", {"api_key_header": "secret"}, {"public_get_run_by_id": lambda rng: ((some_id(rng),), {})}),
    "truestate": Target("TruestateClient", {"http_bearer": "secret"}, {"get_runs": truestate_runs}),
}


@pytest.fixture(scope="module", params=PROVIDERS)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Prism]]:
    provider = str(request.param)
    log = tmp_path_factory.mktemp("prism") / f"{provider}.log"
    with running(SPECS / f"{provider}.yaml", log) as prism:
        yield provider, prism


def client_class(providers: ModuleType, provider: str, asynchronous: bool) -> Any:
    module = importlib.import_module(f"{providers.__name__}.{provider}")
    name = TARGETS[provider].client
    return getattr(module, "Async" + name if asynchronous else name)


def as_json(parsed: Any) -> Any:
    if type(parsed).__name__ in ("Page", "AsyncPage"):  # a paged operation: its first page's body
        return as_json(parsed.response)
    if isinstance(parsed, pydantic.BaseModel):
        return parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(parsed, list):
        return [as_json(item) for item in parsed]
    return parsed


def check(raw: Any, operation: str) -> None:
    body = raw.http_response.json()
    assert raw.status_code < 300, f"{operation}: Prism answered {raw.status_code}: {body}"
    assert as_json(raw.parsed) == body, f"{operation}: what was parsed does not dump back to what was received"


def test_the_table_covers_every_operation_of_every_client(providers: ModuleType) -> None:
    assert set(TARGETS) == set(PROVIDERS)
    for provider, target in TARGETS.items():
        cls = client_class(providers, provider, asynchronous=False)
        # waiters (tests/wire/test_waiters.py) call an operation of the table
        methods = {name for name, value in vars(cls).items() if callable(value) and not name.startswith(("_", "wait_for_"))}
        assert methods == set(target.operations), f"{provider}: give the new operations arguments in TARGETS"


def test_sync_client_every_operation_50_times(served: tuple[str, Prism], providers: ModuleType) -> None:
    provider, prism = served
    target, rng = TARGETS[provider], random.Random(f"{provider}-sync")
    start = prism.log_size()
    with client_class(providers, provider, asynchronous=False)(base_url=prism.url, max_retries=0, **target.credentials) as client:
        for operation, arguments in target.operations.items():
            for _ in range(CALLS):
                args, kwargs = arguments(rng)
                check(getattr(client.with_raw_response, operation)(*args, **kwargs), operation)
    log = prism.log_since(start)
    assert INVALID_REQUEST not in log, log
    assert log.count("Request received") >= CALLS * len(target.operations)


def test_async_client_every_operation_50_times(served: tuple[str, Prism], providers: ModuleType) -> None:
    provider, prism = served
    target, rng = TARGETS[provider], random.Random(f"{provider}-async")
    start = prism.log_size()

    async def go() -> None:
        async with client_class(providers, provider, asynchronous=True)(base_url=prism.url, max_retries=0, **target.credentials) as client:
            for operation, arguments in target.operations.items():
                calls = [getattr(client.with_raw_response, operation)(*a, **k) for a, k in (arguments(rng) for _ in range(CALLS))]
                for raw in await asyncio.gather(*calls):  # concurrently, on one client
                    check(raw, operation)

    asyncio.run(go())
    log = prism.log_since(start)
    assert INVALID_REQUEST not in log, log
    assert log.count("Request received") >= CALLS * len(target.operations)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_prism_401_without_credentials_is_authentication_error(
    served: tuple[str, Prism], providers: ModuleType, asynchronous: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider, prism = served
    target = TARGETS[provider]
    for variable in [v for v in os.environ if v.startswith(provider.upper() + "_")]:
        monkeypatch.delenv(variable)  # no credential from the environment either
    client = providers.skip_credential_check(client_class(providers, provider, asynchronous)(base_url=prism.url, max_retries=0))
    operation, arguments = next(iter(target.operations.items()))
    args, kwargs = arguments(random.Random(0))

    async def call_async() -> Any:
        async with client:
            return await getattr(client, operation)(*args, **kwargs)

    def call_sync() -> Any:
        with client:
            return getattr(client, operation)(*args, **kwargs)

    assert repr(client).endswith("credentials=[])")
    with pytest.raises(providers.AuthenticationError) as caught:
        if asynchronous:
            asyncio.run(call_async())
        else:
            call_sync()

    assert caught.value.status_code == 401
    assert caught.value.response.headers["content-type"].startswith("application/problem+json")  # Prism's own 401
