"""Clients as context managers, injected HTTP clients, and raw responses, on each HTTP library."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from .conftest import Provider
from .faultserver import FaultServer, Reply, json_reply
from .test_faults import RUN_ID, noxus_run

SECRET = "noxus-secret-key"


def test_the_sync_client_closes_the_http_client_it_made(server: FaultServer, noxus: Provider) -> None:
    server.script(json_reply(noxus_run()))
    with noxus.module.NoxusClient(api_key_header=SECRET, base_url=server.url) as client:
        client.public_get_run_by_id(RUN_ID)

    with pytest.raises(RuntimeError, match="client has been closed"):
        client.public_get_run_by_id(RUN_ID)
    client.close()  # closing again is harmless
    assert len(server.seen) == 1


def test_the_async_client_closes_the_http_client_it_made(server: FaultServer, noxus: Provider) -> None:
    server.script(json_reply(noxus_run()))

    async def go() -> None:
        async with noxus.module.AsyncNoxusClient(api_key_header=SECRET, base_url=server.url) as client:
            await client.public_get_run_by_id(RUN_ID)
        with pytest.raises(RuntimeError, match="client has been closed"):
            await client.public_get_run_by_id(RUN_ID)
        await client.close()

    asyncio.run(go())
    assert len(server.seen) == 1


def test_an_injected_sync_http_client_is_used_and_left_open(server: FaultServer, noxus: Provider) -> None:
    server.script(json_reply(noxus_run()))
    sent: list[Any] = []
    with noxus.http.Client(event_hooks={"request": [sent.append]}) as http:
        with noxus.module.NoxusClient(api_key_header=SECRET, base_url=server.url, http_client=http) as client:
            client.public_get_run_by_id(RUN_ID)
        assert not http.is_closed
        assert http.get(server.url + "/still-open").status_code == 200
    assert [r.url.path for r in sent] == [f"/v1/runs/{RUN_ID}", "/still-open"]


def test_an_injected_async_http_client_is_used_and_left_open(server: FaultServer, noxus: Provider) -> None:
    server.script(json_reply(noxus_run()))
    sent: list[Any] = []

    async def record(request: Any) -> None:
        sent.append(request)

    async def go() -> None:
        async with noxus.http.AsyncClient(event_hooks={"request": [record]}) as http:
            async with noxus.module.AsyncNoxusClient(api_key_header=SECRET, base_url=server.url, http_client=http) as client:
                await client.public_get_run_by_id(RUN_ID)
            assert not http.is_closed
            assert (await http.get(server.url + "/still-open")).status_code == 200

    asyncio.run(go())
    assert [r.url.path for r in sent] == [f"/v1/runs/{RUN_ID}", "/still-open"]


def test_with_raw_response_gives_the_parsed_result_and_the_http_response(
    server: FaultServer, noxus: Provider, mode: str, http: str
) -> None:
    body = noxus_run(status="running")
    server.script(json_reply({"detail": "busy"}, 503, Retry_After="0"), json_reply(body, X_Request_Id="req-42"))

    raw = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, raw=True)

    assert isinstance(raw, noxus.errors.RawResponse)
    assert isinstance(raw.parsed, noxus.models.RunNoIO)
    assert raw.parsed.status == noxus.models.RunStatus.RUNNING
    assert isinstance(raw.http_response, noxus.http.Response)
    assert type(raw.http_response).__module__.split(".")[0] == http  # the library the package was made for
    assert raw.status_code == 200  # the response that was parsed, not the 503 before it
    assert raw.headers["x-request-id"] == "req-42"
    assert raw.http_response.json() == body
    assert raw.http_response.request.url.path == f"/v1/runs/{RUN_ID}"


def test_with_raw_response_raises_the_same_errors(server: FaultServer, noxus: Provider, mode: str) -> None:
    server.script(json_reply({"detail": "down"}, 500))

    with pytest.raises(noxus.errors.InternalServerError) as caught:
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, raw=True, max_retries=0)

    assert caught.value.response.status_code == 500


def test_concurrent_raw_calls_each_get_their_own_response(server: FaultServer, noxus: Provider) -> None:
    server.script(Reply(echo=lambda seen: noxus_run(id=seen.path.rsplit("/", 1)[1]), delay=0.1))
    ids = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333"]

    async def go() -> list[Any]:
        async with noxus.module.AsyncNoxusClient(api_key_header=SECRET, base_url=server.url) as client:
            raw_calls = [client.with_raw_response.public_get_run_by_id(i) for i in ids]
            return await asyncio.gather(*raw_calls, client.public_get_run_by_id(ids[0]))

    *raws, plain = asyncio.run(go())

    for run_id, raw in zip(ids, raws, strict=True):
        assert str(raw.parsed.id) == run_id
        assert raw.http_response.request.url.path.endswith(run_id)
    assert str(plain.id) == ids[0]
