"""Per-stack config files (channels needing unset secrets left out; ports, hosts and paths filled in;
the scale-out stores from the environment), the restart policy, the API's secrets, and the running
stack's interface and request size limit."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from pathlib import Path

import pytest
import yaml

from launcher import settings
from launcher.servers import (
    LOCK_STORE,
    WEB_CHANNEL,
    RestartPolicy,
    Stack,
    StackConfig,
    api_arguments,
    check_store_urls,
    missing_env,
    sanic_workers,
    write_credentials,
    write_endpoints,
)
from tests.helpers import refused

CREDENTIALS = {
    "rest": None,
    "some.Channel": {"token": "${TOKEN_A}", "secret": "${SECRET_B}", "plain": "x"},
}


def test_channel_with_unset_secrets_is_left_out_and_reported(tmp_path: Path) -> None:
    source, target = tmp_path / "in.yml", tmp_path / "out.yml"
    source.write_text(yaml.safe_dump(CREDENTIALS))
    disabled = write_credentials(source, target, {"TOKEN_A": "t"})
    assert disabled == {"some.Channel": ["SECRET_B"]}
    assert yaml.safe_load(target.read_text()) == {"rest": None}


def test_channel_with_its_secrets_set_keeps_the_placeholders_not_the_values(tmp_path: Path) -> None:
    source, target = tmp_path / "in.yml", tmp_path / "out.yml"
    source.write_text(yaml.safe_dump(CREDENTIALS))
    assert write_credentials(source, target, {"TOKEN_A": "t0ps3cret", "SECRET_B": "s"}) == {}
    written = target.read_text()
    assert "${TOKEN_A}" in written and "t0ps3cret" not in written


def test_missing_env_lists_only_unset_names() -> None:
    assert missing_env({"a": "${X}-${Y}", "b": ["${Z}"]}, {"Y": "1", "Z": ""}) == ["X", "Z"]


def test_endpoints_get_this_stacks_ports_and_tracker_file(tmp_path: Path) -> None:
    source, target = tmp_path / "in.yml", tmp_path / "out.yml"
    source.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": "http://localhost:5055/webhook"},
                "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": "build/tracker.db"},
            }
        )
    )
    config = StackConfig(model=tmp_path / "m.tar.gz", action_port=6123, tracker_db=tmp_path / "t.db")
    write_endpoints(source, target, config, {})
    written = yaml.safe_load(target.read_text())
    assert written["action_endpoint"]["url"] == "http://127.0.0.1:6123/webhook"
    assert written["tracker_store"]["db"] == str(tmp_path / "t.db")


def test_the_action_endpoint_is_called_on_loopback_when_the_servers_listen_everywhere(tmp_path: Path) -> None:
    source, target = tmp_path / "in.yml", tmp_path / "out.yml"
    source.write_text(yaml.safe_dump({"action_endpoint": {"url": "http://localhost:5055/webhook"}}))
    for host, called in (("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"), ("127.0.0.7", "127.0.0.7")):
        write_endpoints(
            source, target, StackConfig(model=tmp_path / "m.tar.gz", host=host, action_port=6124), {}
        )
        assert yaml.safe_load(target.read_text())["action_endpoint"]["url"] == f"http://{called}:6124/webhook"


def test_restart_delays_double_from_one_second_up_to_thirty() -> None:
    assert [RestartPolicy().delay(n) for n in range(7)] == [1, 2, 4, 8, 16, 30, 30]


def test_the_api_needs_a_secret_which_is_named_on_the_command_line_not_written() -> None:
    with pytest.raises(ValueError, match="RASA_API_TOKEN nor RASA_JWT_SECRET"):
        api_arguments({"RASA_API_TOKEN": ""})
    arguments = api_arguments({"RASA_API_TOKEN": "t0ps3cret"})
    assert arguments == ["--enable-api", "--auth-token", "env:RASA_API_TOKEN"]


def test_both_servers_listen_on_the_configured_interface_only(stack: Stack) -> None:
    """The session's stack listens on 127.0.0.1 (HOST's default); 127.0.0.2, also this machine's
    loopback, would reach a server listening on every interface."""
    for port in (stack.config.rasa_port, stack.config.action_port):
        assert not refused("127.0.0.1", port)
        assert refused("127.0.0.2", port)


def post_status(url: str, body: bytes, declared_length: int) -> int:
    """POSTs `body` declaring `declared_length` bytes; returns the status Sanic answers with."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.putrequest("POST", parts.path)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(declared_length))
        connection.endheaders(body)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_rasa_server_refuses_bodies_over_two_mebibytes_and_takes_a_megabyte(stack: Stack) -> None:
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    assert post_status(url, b"", declared_length=3 * 1024 * 1024) == 413  # refused before it is sent
    message = json.dumps({"sender": "test-big-body", "message": "hello"}).encode()
    body = message + b" " * (1024 * 1024)  # JSON may end in any amount of whitespace
    assert post_status(url, body, declared_length=len(body)) == 200


SCALED_ENV = {
    "TRACKER_STORE_URL": "postgresql://bot:s3cret@db:5432/conversations",
    "REDIS_URL": "redis://:s3cret@redis:6379/1",
}


def test_scale_out_endpoints_name_the_urls_for_rasa_to_read_and_write_no_password(tmp_path: Path) -> None:
    target = tmp_path / "out.yml"
    config = StackConfig(model=tmp_path / "m.tar.gz", serve="rasa", action_server_url="http://actions:5055")
    write_endpoints(settings.ROOT / "endpoints.yml", target, config, SCALED_ENV)
    written = target.read_text()
    assert "s3cret" not in written
    endpoints = yaml.safe_load(written)
    assert endpoints["action_endpoint"]["url"] == "http://actions:5055/webhook"
    assert endpoints["tracker_store"] == {"type": "SQL", "url": "${TRACKER_STORE_URL}"}
    assert endpoints["lock_store"] == {"type": LOCK_STORE, "url": "${REDIS_URL}"}


def test_without_the_variables_the_endpoints_are_todays(tmp_path: Path) -> None:
    target = tmp_path / "out.yml"
    write_endpoints(
        settings.ROOT / "endpoints.yml",
        target,
        StackConfig(model=tmp_path / "m", tracker_db=tmp_path / "t.db"),
        {},
    )
    endpoints = yaml.safe_load(target.read_text())
    assert endpoints["tracker_store"] == {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "t.db")}
    assert "lock_store" not in endpoints


def test_several_workers_need_redis_and_leave_the_web_chat_out(tmp_path: Path) -> None:
    assert sanic_workers({}) == 1
    with pytest.raises(ValueError, match="needs REDIS_URL"):
        sanic_workers({"SANIC_WORKERS": "4"})
    with pytest.raises(ValueError, match="not a whole number"):
        sanic_workers({"SANIC_WORKERS": "many", **SCALED_ENV})
    assert sanic_workers({"SANIC_WORKERS": "4", **SCALED_ENV}) == 4
    stack = Stack(StackConfig(model=tmp_path / "m", run_dir=tmp_path))
    stack.config.env = {"SANIC_WORKERS": "2", **SCALED_ENV}
    stack.rasa_server()  # writes this stack's credentials and endpoints
    assert WEB_CHANNEL in stack.disabled_channels
    assert WEB_CHANNEL not in (yaml.safe_load((tmp_path / "credentials.yml").read_text()) or {})


@pytest.mark.parametrize(
    "env, problem",
    [
        ({"TRACKER_STORE_URL": "not a url"}, "TRACKER_STORE_URL is not a database URL"),
        ({"TRACKER_STORE_URL": "postgres://u:p@db/c"}, "write postgresql://"),
        ({"REDIS_URL": "http://redis:6379"}, "REDIS_URL is not a Redis URL"),
    ],
)
def test_unusable_urls_are_refused_before_starting(env: dict[str, str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        check_store_urls(env)


@pytest.mark.parametrize(
    "env, problem",
    [
        ({"SERVE": "both"}, "choose one of all, rasa, actions"),
        ({"SERVE": "rasa"}, "SERVE=rasa needs ACTION_SERVER_URL"),
        ({"ACTION_SERVER_URL": "http://actions:5055"}, "only for SERVE=rasa"),
    ],
)
def test_serve_and_the_action_server_url_go_together(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], problem: str
) -> None:
    for name in ("SERVE", "ACTION_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=problem):
        settings.action_server_url()
