"""Which error each status raises, what ``.body`` holds, and the errors raised before sending."""

from __future__ import annotations

import provider_clients
import pytest

from .conftest import Provider
from .faultserver import FaultServer, Reply, json_reply

STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (503, "InternalServerError"),
    (418, "APIStatusError"),
    (302, "APIStatusError"),
]


def test_the_error_hierarchy_is_exported_from_the_package() -> None:
    errors = provider_clients
    assert issubclass(errors.APIConnectionError, errors.APIError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.APIStatusError, errors.APIError)
    assert issubclass(errors.ResponseValidationError, errors.APIError)
    assert not issubclass(errors.ResponseValidationError, errors.APIStatusError)
    for _, name in STATUS_CLASSES:
        assert issubclass(getattr(errors, name), errors.APIStatusError)


@pytest.mark.parametrize(("status", "name"), STATUS_CLASSES, ids=[f"{s}" for s, _ in STATUS_CLASSES])
def test_each_status_raises_its_class(server: FaultServer, jobs_provider: Provider, mode: str, status: int, name: str) -> None:
    server.script(Reply(status=status, body={"title": f"status {status}"}))

    with pytest.raises(jobs_provider.errors.APIStatusError) as caught:
        jobs_provider.call(mode, server.url, "get_job", "j1", max_retries=0)

    assert type(caught.value) is getattr(jobs_provider.errors, name)
    assert caught.value.status_code == status
    assert caught.value.response.status_code == status
    assert caught.value.response.request.url.path == "/jobs/j1"
    assert str(caught.value).startswith(f"{status} ")


def test_body_is_the_documented_model_for_a_matching_status_range(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    server.script(json_reply({"title": "No such job", "detail": "j1 was deleted", "trace": "abc"}, 404))

    with pytest.raises(jobs_provider.errors.NotFoundError) as caught:
        jobs_provider.call(mode, server.url, "get_job", "j1")

    problem = caught.value.body
    assert isinstance(problem, jobs_provider.module.models.Problem)  # the spec's 4XX response
    assert (problem.title, problem.detail) == ("No such job", "j1 was deleted")
    assert problem.model_extra == {"trace": "abc"}


def test_body_is_the_json_when_it_does_not_fit_the_documented_model(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    server.script(json_reply({"error": {"code": 7}}, 404))  # Problem requires a title

    with pytest.raises(jobs_provider.errors.NotFoundError) as caught:
        jobs_provider.call(mode, server.url, "get_job", "j1")

    assert caught.value.body == {"error": {"code": 7}}


def test_body_is_the_json_when_the_spec_documents_no_model(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    server.script(Reply(status=500, body=[1, "two"]))

    with pytest.raises(jobs_provider.errors.InternalServerError) as caught:
        jobs_provider.call(mode, server.url, "get_job", "j1", max_retries=0)

    assert caught.value.body == [1, "two"]


def test_body_is_the_text_when_it_is_not_json(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    server.script(Reply(status=502, body=b"<html>Bad Gateway</html>", headers={"Content-Type": "text/html"}))

    with pytest.raises(jobs_provider.errors.InternalServerError) as caught:
        jobs_provider.call(mode, server.url, "get_job", "j1", max_retries=0)

    assert caught.value.body == "<html>Bad Gateway</html>"


def test_a_documented_409_on_a_post_is_parsed(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    server.script(json_reply({"title": "exists"}, 409))

    with pytest.raises(jobs_provider.errors.ConflictError) as caught:
        jobs_provider.call(mode, server.url, "create_job", body=jobs_provider.module.models.JobInput(name="nightly"))

    assert caught.value.body == jobs_provider.module.models.Problem(title="exists")


def test_a_missing_credential_is_reported_before_anything_is_sent(
    server: FaultServer, jobs_provider: Provider, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JOBS_QUERY_KEY", raising=False)

    with pytest.raises(jobs_provider.errors.MissingCredentialError) as caught:
        jobs_provider.call(mode, server.url, "get_job", "j1", client={"query_key": None})

    assert str(caught.value) == (
        f"{'JobsClient' if mode == 'sync' else 'AsyncJobsClient'}.get_job needs query_key "
        f"(pass {'JobsClient' if mode == 'sync' else 'AsyncJobsClient'}(query_key=...) or set JOBS_QUERY_KEY); nothing was sent"
    )
    assert server.seen == []


def test_skip_credential_check_sends_without_the_credential(
    server: FaultServer, jobs_provider: Provider, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JOBS_QUERY_KEY", raising=False)
    server.script(json_reply({"title": "Unauthorized"}, 401))
    client = jobs_provider.errors.skip_credential_check(jobs_provider.make(mode, server.url, query_key=None))

    with pytest.raises(jobs_provider.errors.AuthenticationError):
        jobs_provider.call_on(mode, client, "get_job", "j1")

    (seen,) = server.seen
    assert seen.query == []  # no api_key parameter at all
