"""What a client is configured with: where to send requests, which credentials, which limits.

Generated clients describe their provider (security schemes, server template, environment
variable names) and call :func:`make_config` with what the user passed.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ._http import httpx
from ._types import Timeout

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2

# What a client passes for one scheme: its secret, or for HTTP basic (username, password), each
# None when not given (then read from the scheme's environment variables).
Credential = str | tuple[str | None, str | None] | None


@dataclass(frozen=True)
class Scheme:
    """How one security scheme puts its credential on a request."""

    argument: str  # the constructor argument that takes the credential
    env_var: str
    kind: Literal["api_key", "bearer", "basic"]
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"
    password_argument: str = ""  # HTTP basic: the argument and variable of the password
    password_env_var: str = ""

    def resolve(self, given: Credential) -> str | None:
        """The secret from the arguments, else the environment; for HTTP basic, ``user:password``
        once both halves are known (an empty password is a password)."""
        if not self.password_env_var:
            return given if isinstance(given, str) else os.environ.get(self.env_var)
        user, password = given if isinstance(given, tuple) else (given, None)
        user = user if user is not None else os.environ.get(self.env_var)
        password = password if password is not None else os.environ.get(self.password_env_var)
        return f"{user}:{password}" if user and password is not None else None

    @property
    def wanted(self) -> str:
        """The argument(s) that give this credential, for a message."""
        if self.password_argument:
            return f"{self.argument} and {self.password_argument}"
        return self.argument

    @property
    def env_vars(self) -> str:
        if self.password_env_var:
            return f"{self.env_var} and {self.password_env_var}"
        return self.env_var

    def apply(
        self,
        secret: str,
        headers: dict[str, str],
        params: list[tuple[str, str]],
        cookies: dict[str, str],
    ) -> None:
        if self.kind == "bearer":
            headers["Authorization"] = f"Bearer {secret}"
        elif self.kind == "basic":
            headers["Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode()
        elif self.location == "header":
            headers[self.name] = secret
        elif self.location == "query":
            params.append((self.name, secret))
        else:
            cookies[self.name] = secret

    @property
    def secret_names(self) -> tuple[str, str]:
        """(location, lower-case name) under which the secret travels, for redaction."""
        if self.kind in ("bearer", "basic"):
            return ("header", "authorization")
        return (self.location, self.name.lower())


@dataclass(frozen=True)
class ServerTemplate:
    """The spec's first server: a URL with ``{variables}``, each with its allowed values."""

    url: str
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def expand(self, values: Mapping[str, str], client_name: str) -> str:
        url = self.url
        for name, value in values.items():
            allowed = self.choices.get(name, ())
            if allowed and value not in allowed:
                raise ValueError(
                    f"{client_name}: {name}={value!r} is not one of {', '.join(map(repr, allowed))}"
                )
            url = url.replace("{" + name + "}", value)
        return url


@dataclass(frozen=True)
class ClientConfig:
    client_name: str
    base_url: httpx.URL
    schemes: Mapping[str, Scheme]
    credentials: Mapping[str, str] = field(repr=False)  # scheme key -> secret
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_retries: int = DEFAULT_MAX_RETRIES
    default_headers: Mapping[str, str] = field(default_factory=dict)
    check_credentials: bool = (
        True  # False lets a request go out without them (to test the server's 401)
    )
    base_url_given: bool = False  # by argument or environment: then it serves every operation

    def url_for(self, server: str) -> httpx.URL:
        """Where an operation's requests go: its own server, unless the user chose a base URL."""
        return httpx.URL(server) if server and not self.base_url_given else self.base_url

    @property
    def secrets(self) -> frozenset[tuple[str, str]]:
        return frozenset(self.schemes[key].secret_names for key in self.schemes)


def make_config(
    *,
    client_name: str,
    base_url: str | None,
    base_url_env: str,
    server: ServerTemplate | None,
    server_values: Mapping[str, str],
    schemes: Mapping[str, Scheme],
    credentials: Mapping[str, Credential],
    timeout: Timeout,
    max_retries: int,
    default_headers: Mapping[str, str] | None,
) -> ClientConfig:
    """Resolve arguments against the environment: an argument wins, then the variable, then the spec."""
    url = base_url or os.environ.get(base_url_env)
    if not url:
        if server is None:
            raise ValueError(
                f"{client_name} needs a base URL: the spec names no server. "
                f"Pass {client_name}(base_url=...) or set {base_url_env}."
            )
        url = server.expand(server_values, client_name)
    resolved = {key: scheme.resolve(credentials.get(key)) for key, scheme in schemes.items()}
    if max_retries < 0:
        raise ValueError(f"{client_name}: max_retries must be 0 or more, not {max_retries}")
    return ClientConfig(
        client_name=client_name,
        base_url=httpx.URL(url.rstrip("/")),
        schemes=schemes,
        credentials={key: value for key, value in resolved.items() if value},
        timeout=as_timeout(timeout),
        max_retries=max_retries,
        default_headers=dict(default_headers or {}),
        base_url_given=bool(base_url or os.environ.get(base_url_env)),
    )


def as_timeout(timeout: Timeout) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
