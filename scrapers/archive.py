"""Raw archive: every fetched response kept in gzip WARC files beside the store, for re-parsing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scrapers.fetch import Response

# The body is stored decoded (httpx undoes gzip), so these headers would no longer be true.
_DROP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    date: str  # WARC-Date (UTC)
    file: str

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def archive_folder_for(db_path: str | Path) -> Path:
    """The WARC folder of a store: `corpus.db` → `corpus.warc/` beside it."""
    p = Path(db_path)
    return p.with_name(p.stem + ".warc")


class WarcArchive:
    """Appends responses to `vnpress-<start time>-<n>.warc.gz` files, a new file past `max_file_bytes`."""

    def __init__(self, folder: str | Path, max_file_bytes: int = 512 * 1024 * 1024) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_file_bytes = max_file_bytes
        self._stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self._n = 0
        self._fh: Any = None
        self._writer: WARCWriter | None = None

    def _open(self) -> WARCWriter:
        if self._writer is not None and self._fh.tell() < self.max_file_bytes:
            return self._writer
        self.close()
        self._n += 1
        path = self.folder / f"vnpress-{self._stamp}-{self._n:05d}.warc.gz"
        self._fh = path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        return self._writer

    def write(self, response: Response, request_headers: dict[str, str]) -> None:
        writer = self._open()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _DROP_HEADERS]
        headers.append(("Content-Length", str(len(response.content))))
        http_headers = StatusAndHeaders(f"{response.status} -", headers, protocol="HTTP/1.1")
        date = response.fetched_at
        record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.content),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date},
        )
        path = response.url.split("/", 3)[3] if response.url.count("/") >= 3 else ""
        req = writer.create_warc_record(
            response.url,
            "request",
            http_headers=StatusAndHeaders(
                f"GET /{path} HTTP/1.1", list(request_headers.items()), is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_request_response_pair(req, record)
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh = None
        self._writer = None

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_archive(folder: str | Path) -> Iterator[ArchivedResponse]:
    """Every response record in the folder's WARC files, oldest file first."""
    for path in sorted(Path(folder).glob("*.warc.gz")):
        with path.open("rb") as fh:
            try:
                for record in ArchiveIterator(fh):
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    yield ArchivedResponse(
                        url=record.rec_headers.get_header("WARC-Target-URI"),
                        status=int(record.http_headers.get_statuscode() or 0),
                        headers={k.lower(): v for k, v in record.http_headers.headers},
                        content=record.content_stream().read(),
                        date=record.rec_headers.get_header("WARC-Date"),
                        file=path.name,
                    )
            except Exception as exc:  # noqa: BLE001 - a truncated last record from a killed crawl
                if "gzip" in str(exc).lower() or isinstance(exc, EOFError | OSError):
                    continue
                raise
