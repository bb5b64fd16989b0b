"""SPEC 11's promises that keep the page safe, checked request by request: only 127.0.0.1
by name, a token on every form, uploads over 20 MB refused, a file name from the browser
never a path, nothing loaded from elsewhere, nothing in the workspace written over."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from peerpair.web.app import make_app
from peerpair.web.security import MAX_UPLOAD_BYTES, FormToken
from tests.web.conftest import HALF_TERMS, SIX_PEOPLE, STAFF_HEADER, TODAY, write_roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


@pytest.fixture
def client(folder: Path) -> TestClient:
    return TestClient(make_app(folder, today=lambda: TODAY), base_url="http://127.0.0.1:8765")


@pytest.fixture
def roster_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "roster.xlsx"
    write_roster(path, {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS})
    return path.read_bytes()


def form_token(client: TestClient) -> str:
    home = client.get("/").text
    return re.search(rf'name="{FormToken.FIELD}" value="([^"]+)"', home).group(1)


def upload(client: TestClient, content: bytes, name: str = "roster.xlsx", token=None, **kw):
    token = form_token(client) if token is None else token
    return client.post(
        "/rosters",
        data={FormToken.FIELD: token},
        files={"roster": (name, content, XLSX)},
        follow_redirects=False,
        **kw,
    )


def saved(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "127.0.0.1"])
def test_the_page_answers_at_this_computers_own_names(client, host):
    assert client.get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:8765",  # DNS rebinding: a site's own name pointed at 127.0.0.1
        "127.0.0.1.evil.example",
        "192.168.1.20:8765",
        "",
    ],
)
def test_a_request_for_another_host_is_refused(client, host):
    response = client.get("/", headers={"host": host})
    assert response.status_code == 400
    assert "127.0.0.1" in response.text


def test_every_response_forbids_loading_from_elsewhere(client):
    for path in ["/", "/static/peerpair.css", "/nothing-here"]:
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_pages_load_only_what_ships_in_the_package(client):
    home = client.get("/").text
    loaded = re.findall(r'(?:src|href)="([^"#]+)"', home)
    assert loaded, "the page loads its script and style"
    assert all(link.startswith("/") for link in loaded), loaded
    assert "<script>" not in home and " style=" not in home  # nothing inline
    for link in loaded:
        if link.startswith("/static/"):
            assert client.get(link).status_code == 200, link


def test_a_form_without_the_token_is_refused(client, folder, roster_bytes):
    for token in ["", "guessed"]:
        response = upload(client, roster_bytes, token=token)
        assert response.status_code == 403
        assert "another site" in response.text
    assert saved(folder) == []


def test_an_upload_is_kept_under_its_own_name(client, folder, roster_bytes):
    response = upload(client, roster_bytes, name="../../outside.xlsx")
    assert response.status_code == 303
    assert response.headers["location"] == "/rosters/roster-001.xlsx"
    assert saved(folder) == ["roster-001.xlsx"]
    assert not (folder.parent / "outside.xlsx").exists()
    assert (folder / "roster-001.xlsx").read_bytes() == roster_bytes
    page = client.get("/rosters/roster-001.xlsx").text
    assert "ready to plan" in page
    assert "../../outside.xlsx" in page  # shown, as the lead named it


def test_uploads_are_never_written_over(client, folder, roster_bytes):
    upload(client, roster_bytes)
    upload(client, b"not a roster at all")
    assert saved(folder) == ["roster-001.xlsx", "roster-002.xlsx"]
    assert (folder / "roster-001.xlsx").read_bytes() == roster_bytes
    home = client.get("/").text
    assert "Roster 1" in home and "Roster 2" in home


def test_an_upload_over_20_mb_is_refused(client, folder):
    response = upload(client, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 413
    assert "over 20 MB" in response.text
    assert saved(folder) == []


def test_an_upload_over_20_mb_without_its_length_is_refused_as_it_arrives(client, folder):
    token = form_token(client)
    boundary = "peerpairboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{FormToken.FIELD}"\r\n\r\n'
        f"{token}\r\n--{boundary}\r\n"
        'Content-Disposition: form-data; name="roster"; filename="big.xlsx"\r\n\r\n'
    ).encode()

    def body():  # a generator: sent chunked, with no Content-Length to refuse it by
        yield head
        for _ in range(21):
            yield b"x" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post(
        "/rosters",
        content=body(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert saved(folder) == []


@pytest.mark.parametrize("name", ["../roster-001.xlsx", "..%2F..%2Fetc%2Fpasswd", "plan-001.xlsx"])
def test_a_name_in_a_link_only_finds_the_workspaces_own_files(client, roster_bytes, name):
    upload(client, roster_bytes)
    assert client.get(f"/rosters/{name}").status_code == 404
    assert client.get(f"/rosters/{name}/file").status_code == 404


@pytest.mark.parametrize(
    "name, words",
    [
        ("setup.exe", "peerpair reads Excel workbooks (.xlsx) and .csv files"),
        ("roster.ods", "LibreOffice"),
        ("no-ending", "peerpair reads Excel workbooks (.xlsx) and .csv files"),
        ("x.<b>", "peerpair reads Excel workbooks (.xlsx) and .csv files"),
    ],
)
def test_a_file_that_is_not_a_roster_is_refused_before_it_is_kept(client, folder, name, words):
    response = upload(client, b"MZ...", name=name)
    assert response.status_code == 400
    assert words in response.text
    assert saved(folder) == []


def test_the_template_downloads_as_an_attachment(client):
    response = client.get("/template")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"] == 'attachment; filename="roster-template.xlsx"'
    assert response.content[:2] == b"PK"  # a zip: an .xlsx


def test_a_failure_of_peerpair_is_said_in_words_never_a_traceback(folder, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("peerpair.web.app.write_template", broken)
    client = TestClient(
        make_app(folder, today=lambda: TODAY),
        base_url="http://127.0.0.1:8765",
        raise_server_exceptions=False,
    )
    response = client.get("/template")
    assert response.status_code == 500
    assert "peerpair stopped unexpectedly (ValueError: a bug)" in response.text
    assert "Traceback" not in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]
