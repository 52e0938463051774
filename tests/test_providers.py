"""Each provider's generated client, used as a user would, against its HTTP library's MockTransport:
responses parse (the docs pages' examples and bodies with null in every nullable field), and
credentials, server variables and parameters land on the request as the spec says. Every test runs
on each HTTP library: generated/ (httpx2) and the same specs generated for httpx."""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
from collections.abc import Callable
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from .conftest import HTTP_LIBRARIES, seed_example

RUN_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
NEKT_NULLABLE = [
    "number",
    "started_at",
    "ended_at",
    "duration_seconds",
    "full_sync",
    "extra_config",
    "credit_charge_status",
    "el_cost_usd",
    "el_cost_metadata",
    "transformation_cost_usd",
    "transformation_cost_metadata",
]


@pytest.fixture(scope="session", params=HTTP_LIBRARIES)
def http(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def pc(providers: ModuleType) -> SimpleNamespace:
    """The package under test: ``pc.NektClient``, ``pc.nekt`` (its models), ``pc.errors``, ``pc.http``."""
    name = providers.__name__
    found = SimpleNamespace(errors=providers, http=importlib.import_module(f"{name}._runtime._http").httpx)
    for key, short, client in [
        ("algolia_ingestion", "algolia", "AlgoliaIngestionClient"),
        ("nekt", "nekt", "NektClient"),
        ("noxus", "noxus", "NoxusClient"),
        ("truestate", "truestate", "TruestateClient"),
    ]:
        module = importlib.import_module(f"{name}.{key}")
        setattr(found, short, module.models)
        setattr(found, client, getattr(module, client))
        setattr(found, "Async" + client, getattr(module, "Async" + client))
    return found


class Recorder:
    """A MockTransport handler that answers with a fixed response and keeps every request."""

    def __init__(self, pc: SimpleNamespace, body: Any, status: int = 200) -> None:
        self.http = pc.http
        self.body, self.status = body, status
        self.requests: list[Any] = []

    def __call__(self, request: Any) -> Any:
        self.requests.append(request)
        return self.http.Response(self.status, json=self.body)

    def sync(self) -> Any:
        return self.http.Client(transport=self.http.MockTransport(self))

    def asynchronous(self) -> Any:
        return self.http.AsyncClient(transport=self.http.MockTransport(self))

    @property
    def last(self) -> Any:
        return self.requests[-1]


@pytest.fixture(autouse=True)
def no_provider_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for prefix in ("NEKT", "NOXUS", "ALGOLIA_INGESTION", "TRUESTATE"):
        for suffix in ("BASE_URL", "API_KEY_AUTH", "API_KEY_HEADER", "APP_ID", "API_KEY", "HTTP_BEARER"):
            monkeypatch.delenv(f"{prefix}_{suffix}", raising=False)


def dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --- Nekt --------------------------------------------------------------------------------------


def test_nekt_parses_the_docs_example_and_sends_the_api_key(pc: SimpleNamespace) -> None:
    example = seed_example("001_1395fa5008183b73.txt")
    server = Recorder(pc, example)
    client = pc.NektClient(api_key_auth="nekt-key", http_client=server.sync())

    run = client.v1_runs_retrieve(RUN_ID)

    assert isinstance(run, pc.nekt.Run)
    assert run.status is pc.nekt.PipelineRunStatusEnum.PENDING_EVENTS
    assert run.credit_charge_status is pc.nekt.CreditChargeStatusEnum.UNSUCCESSFUL
    assert run.trigger.cron_expression == "<string>"
    assert str(run.id) == RUN_ID
    assert dump(run) == example
    assert str(server.last.url) == f"https://api.nekt.ai/api/v1/runs/{RUN_ID}/"
    assert server.last.method == "GET"
    assert server.last.headers["x-api-key"] == "nekt-key"


def test_nekt_accepts_null_in_every_nullable_field(pc: SimpleNamespace) -> None:
    body = copy.deepcopy(seed_example("001_1395fa5008183b73.txt"))
    for name in NEKT_NULLABLE:
        body[name] = None
    body["trigger"] = {"type": None, "cron_expression": None, "cron_timezone": None, "event_rule": None}
    run = pc.NektClient(api_key_auth="k", http_client=Recorder(pc, body).sync()).v1_runs_retrieve(RUN_ID)
    assert all(getattr(run, name) is None for name in NEKT_NULLABLE)
    assert dump(run) == body


def test_nekt_required_non_nullable_field_may_not_be_null(pc: SimpleNamespace) -> None:
    body = seed_example("001_1395fa5008183b73.txt")
    assert isinstance(body, dict)
    body["status"] = None
    with pytest.raises(pc.errors.ResponseValidationError, match="status"):
        pc.NektClient(api_key_auth="k", http_client=Recorder(pc, body).sync()).v1_runs_retrieve(RUN_ID)


def test_nekt_credential_comes_from_the_environment(pc: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEKT_API_KEY_AUTH", "from-env")
    server = Recorder(pc, seed_example("001_1395fa5008183b73.txt"))
    pc.NektClient(http_client=server.sync()).v1_runs_retrieve(RUN_ID)
    assert server.last.headers["x-api-key"] == "from-env"


def test_missing_credential_is_named_before_anything_is_sent(pc: SimpleNamespace) -> None:
    server = Recorder(pc, {})
    client = pc.NektClient(http_client=server.sync())
    with pytest.raises(pc.errors.MissingCredentialError) as caught:
        client.v1_runs_retrieve(RUN_ID)
    assert "api_key_auth" in str(caught.value)
    assert "NEKT_API_KEY_AUTH" in str(caught.value)
    assert server.requests == []


# --- Noxus -------------------------------------------------------------------------------------

NOXUS_RUN = {
    "id": RUN_ID,
    "group_id": RUN_ID,
    "workflow_id": RUN_ID,
    "status": "completed",
    "created_at": "2024-05-01T10:00:00Z",
    "progress": 100,
    "user_id": "user-42",
    "node_ids": ["a", "b"],
}


def test_noxus_has_no_server_so_base_url_is_required(pc: SimpleNamespace) -> None:
    with pytest.raises(ValueError, match="NOXUS_BASE_URL"):
        pc.NoxusClient(api_key_header="k")


def test_noxus_base_url_from_environment_and_api_key_header(pc: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOXUS_BASE_URL", "https://noxus.example.test/api/")
    server = Recorder(pc, NOXUS_RUN)
    run = pc.NoxusClient(api_key_header="nox", http_client=server.sync()).public_get_run_by_id("run/1")
    assert isinstance(run, pc.noxus.RunNoIO)
    assert run.status is pc.noxus.RunStatus.COMPLETED
    assert run.user_id == "user-42"
    assert run.node_ids == ["a", "b"]
    assert run.workflow_version_id is None
    assert dump(run) == NOXUS_RUN
    assert server.last.url.raw_path == b"/api/v1/runs/run%2F1"
    assert server.last.headers["X-API-Key"] == "nox"


def test_noxus_422_carries_the_documented_validation_model(pc: SimpleNamespace) -> None:
    detail = {"detail": [{"loc": ["path", "run_id"], "msg": "bad id", "type": "value_error"}]}
    client = pc.NoxusClient(api_key_header="k", base_url="https://n.test", http_client=Recorder(pc, detail, 422).sync())
    with pytest.raises(pc.errors.UnprocessableEntityError) as caught:
        client.public_get_run_by_id("x")
    assert caught.value.status_code == 422
    assert isinstance(caught.value.body, pc.noxus.HTTPValidationError)
    assert caught.value.body.detail is not None and caught.value.body.detail[0].loc == ["path", "run_id"]


# --- Algolia Ingestion -------------------------------------------------------------------------

ALGOLIA_RUN = {
    "runID": RUN_ID,
    "appID": "APP",
    "taskID": RUN_ID,
    "status": "finished",
    "type": "reindex",
    "createdAt": "2024-05-01T10:00:00Z",
    "progress": {"expectedNbOfEvents": 10, "receivedNbOfEvents": 7},
    "failureThreshold": 5,
}


@pytest.mark.parametrize(("region", "host"), [("us", "data.us.algolia.com"), ("eu", "data.eu.algolia.com")])
def test_algolia_region_picks_the_server_and_both_headers_are_sent(pc: SimpleNamespace, region: str, host: str) -> None:
    server = Recorder(pc, ALGOLIA_RUN)
    client = pc.AlgoliaIngestionClient(app_id="APP", api_key="KEY", region=region, http_client=server.sync())  # type: ignore[arg-type]
    run = client.get_run(RUN_ID)
    assert isinstance(run, pc.algolia.Run)
    assert run.run_id == RUN_ID and run.app_id == "APP"
    assert isinstance(run.progress, pc.algolia.RunProgress) and run.progress.received_nb_of_events == 7
    assert dump(run) == ALGOLIA_RUN
    assert server.last.url.host == host
    assert server.last.url.path == f"/1/runs/{RUN_ID}"
    assert server.last.headers["x-algolia-application-id"] == "APP"
    assert server.last.headers["x-algolia-api-key"] == "KEY"


def test_algolia_region_defaults_to_us_and_rejects_unknown_regions(pc: SimpleNamespace) -> None:
    assert pc.AlgoliaIngestionClient(app_id="a", api_key="b").base_url.host == "data.us.algolia.com"
    with pytest.raises(ValueError, match="region='ap'"):
        pc.AlgoliaIngestionClient(app_id="a", api_key="b", region="ap")  # type: ignore[arg-type]


def test_algolia_needs_both_credentials(pc: SimpleNamespace) -> None:
    client = pc.AlgoliaIngestionClient(app_id="a", http_client=Recorder(pc, {}).sync())
    with pytest.raises(pc.errors.MissingCredentialError, match="ALGOLIA_INGESTION_API_KEY"):
        client.get_run(RUN_ID)


def test_algolia_400_carries_error_base(pc: SimpleNamespace) -> None:
    client = pc.AlgoliaIngestionClient(
        app_id="a", api_key="b", http_client=Recorder(pc, {"message": "Invalid Application-Id or API-Key", "extra": 1}, 400).sync()
    )
    with pytest.raises(pc.errors.BadRequestError) as caught:
        client.get_run(RUN_ID)
    assert isinstance(caught.value.body, pc.algolia.ErrorBase)
    assert caught.value.body.message == "Invalid Application-Id or API-Key"


def test_undocumented_status_keeps_the_decoded_json(pc: SimpleNamespace) -> None:
    client = pc.AlgoliaIngestionClient(app_id="a", api_key="b", http_client=Recorder(pc, {"why": "teapot"}, 418).sync())
    with pytest.raises(pc.errors.APIStatusError) as caught:
        client.get_run(RUN_ID)
    assert type(caught.value) is pc.errors.APIStatusError
    assert caught.value.body == {"why": "teapot"}


# --- TrueState ---------------------------------------------------------------------------------


def test_truestate_parses_the_docs_example_and_sends_parameters(pc: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUESTATE_BASE_URL", "https://truestate.example.test")
    example = seed_example("004_3057f353aa081c19.txt")
    server = Recorder(pc, example)
    client = pc.TruestateClient(http_bearer="tok", http_client=server.sync())

    runs = client.get_runs(RUN_ID, version_id=RUN_ID, api_key="header-key")

    assert isinstance(runs, list) and isinstance(runs[0], pc.truestate.Run)
    step = runs[0].pipeline_version.steps[0] if runs[0].pipeline_version.steps else None
    assert step is not None and step.config is not None and step.config.query_type == "sql"
    assert [dump(r) for r in runs] == example
    request = server.last
    assert request.url.path == f"/pipelines/{RUN_ID}/runs/"
    assert request.url.params["version_id"] == RUN_ID
    assert request.headers["Api-key"] == "header-key"
    assert request.headers["Authorization"] == "Bearer tok"


def test_truestate_optional_parameters_are_omitted_when_not_given(pc: SimpleNamespace) -> None:
    server = Recorder(pc, [])
    pc.TruestateClient(http_bearer="t", base_url="https://t.test", http_client=server.sync()).get_runs(RUN_ID)
    assert "version_id" not in server.last.url.params
    assert "Api-key" not in server.last.headers


# --- async -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("make", "method", "body"),
    [
        (lambda pc, h: pc.AsyncNektClient(api_key_auth="k", http_client=h), "v1_runs_retrieve", "001_1395fa5008183b73.txt"),
        (
            lambda pc, h: pc.AsyncNoxusClient(api_key_header="k", base_url="https://n.test", http_client=h),
            "public_get_run_by_id",
            NOXUS_RUN,
        ),
        (lambda pc, h: pc.AsyncAlgoliaIngestionClient(app_id="a", api_key="b", http_client=h), "get_run", ALGOLIA_RUN),
        (
            lambda pc, h: pc.AsyncTruestateClient(http_bearer="t", base_url="https://t.test", http_client=h),
            "get_runs",
            "004_3057f353aa081c19.txt",
        ),
    ],
    ids=["nekt", "noxus", "algolia_ingestion", "truestate"],
)
def test_async_clients_parse_the_same_bodies(pc: SimpleNamespace, make: Callable[[SimpleNamespace, Any], Any], method: str, body: Any) -> None:
    payload = seed_example(body) if isinstance(body, str) else body
    server = Recorder(pc, payload)

    async def call() -> Any:
        async with make(pc, server.asynchronous()) as client:
            return await getattr(client, method)(RUN_ID)

    result = asyncio.run(call())
    dumped = [dump(r) for r in result] if isinstance(result, list) else dump(result)
    assert dumped == json.loads(json.dumps(payload))
    assert len(server.requests) == 1
