"""Per-stack config files: channels needing unset secrets are left out; ports and paths filled in."""

from __future__ import annotations

from pathlib import Path

import yaml

from launcher.servers import StackConfig, missing_env, write_credentials, write_endpoints

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
    write_endpoints(source, target, config)
    written = yaml.safe_load(target.read_text())
    assert written["action_endpoint"]["url"] == "http://127.0.0.1:6123/webhook"
    assert written["tracker_store"]["db"] == str(tmp_path / "t.db")
