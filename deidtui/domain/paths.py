"""Storage addresses: container URLs, blob names and where a job writes each output."""

from __future__ import annotations

import fnmatch
import ipaddress
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit


@dataclass(frozen=True, slots=True)
class ContainerAddress:
    """A parsed container URL.

    Azure uses `https://<account>.blob.core.windows.net/<container>`; emulators such as
    Azurite use the path style `http://127.0.0.1:10000/<account>/<container>`.
    """

    scheme: str
    netloc: str
    account: str
    container: str
    path_style: bool

    @property
    def account_url(self) -> str:
        if self.path_style:
            return f"{self.scheme}://{self.netloc}/{self.account}"
        return f"{self.scheme}://{self.netloc}"

    @property
    def url(self) -> str:
        return f"{self.account_url}/{self.container}"

    def blob_url(self, blob_name: str) -> str:
        return f"{self.url}/{quote(blob_name, safe='/')}"


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_path_style(host: str, port: int | None) -> bool:
    if is_loopback_host(host):
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return port is not None and not host.endswith(".core.windows.net")


def parse_container_url(url: str) -> ContainerAddress:
    """Split a container URL into account and container; raises ValueError with a precise reason."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    path_style = is_path_style(parts.hostname, parts.port)
    if path_style:
        if len(segments) < 2:
            raise ValueError(
                f"{url!r} does not name a container; path-style URLs look like http://host:port/<account>/<container>"
            )
        account, container, rest = segments[0], segments[1], segments[2:]
    else:
        if len(segments) < 1:
            raise ValueError(f"{url!r} does not name a container; expected https://<account>.blob.../<container>")
        account, container, rest = parts.hostname.split(".")[0], segments[0], segments[1:]
    if rest:
        raise ValueError(f"{url!r} names a path inside the container; give the container URL and use a prefix")
    if (
        not (3 <= len(container) <= 63)
        or not all(c.isalnum() or c == "-" for c in container)
        or container != container.lower()
        or container.startswith("-")
        or "--" in container
    ) and container != "$root":
        raise ValueError(
            f"{container!r} is not a valid container name (3-63 lower-case letters, digits and single hyphens)"
        )
    return ContainerAddress(parts.scheme, parts.netloc, account, container, path_style)


def split_blob_url(blob_url: str) -> tuple[ContainerAddress, str]:
    """The container and the blob name of a full blob URL (a job document's location)."""
    parts = urlsplit(blob_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{blob_url!r} is not an http(s) URL")
    segments = parts.path.lstrip("/").split("/")
    head = 2 if is_path_style(parts.hostname, parts.port) else 1
    if len(segments) <= head or not segments[head]:
        raise ValueError(f"{blob_url!r} does not name a blob inside a container")
    container = parse_container_url(f"{parts.scheme}://{parts.netloc}/{'/'.join(segments[:head])}")
    return container, unquote("/".join(segments[head:]))


def output_blob_name(input_name: str, source_prefix: str, target_prefix: str) -> str:
    """Where a job writes the output of `input_name`: the source prefix replaced by the target prefix.

    Input `documents/user/note.txt`, source prefix `documents/user/`, target prefix `output_docs/`
    gives `output_docs/note.txt`.
    """
    if not input_name.startswith(source_prefix):
        raise ValueError(f"{input_name!r} does not start with the source prefix {source_prefix!r}")
    return target_prefix + input_name[len(source_prefix) :]


def normalise_extension(pattern: str) -> str:
    """Accept `*`, `*.txt`, `.txt` and `txt` as the same kind of filter."""
    pattern = pattern.strip()
    if pattern in ("*", "*.*"):
        return "*"
    if pattern.startswith("*"):
        return pattern.lower()
    if pattern.startswith("."):
        return "*" + pattern.lower()
    return "*." + pattern.lower()


def matches_extensions(blob_name: str, extensions: tuple[str, ...] | list[str]) -> bool:
    patterns = [normalise_extension(p) for p in extensions] or ["*"]
    name = blob_name.lower()
    return any(p == "*" or fnmatch.fnmatchcase(name, p) for p in patterns)
