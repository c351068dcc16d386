"""The review page of the running bot, over HTTP: the conversations made on REST, Socket.IO and Slack
are there under their channels and pseudonyms, with their intents; filters, search and exports find
them; the numbers beside the charts are those counted straight from the tracker file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3

from review.events import INDEX_NAME
from review.privacy import visible
from tests.helpers import eventually
from tests.review.conftest import FORMULA, HOSTILE, WEATHER, Learners, stored
from tests.review.reviewing import Review, column, count, pseudonym, tables

LEARNER = 0  # the conversation list's columns
SNIPPET = 6


def listed(html: str) -> list[str]:
    """The pseudonyms in the conversation list."""
    return column(html, "conversation-list", LEARNER)


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")


def test_each_channels_conversations_are_listed_under_it_by_pseudonym(
    review: Review, learners: Learners
) -> None:
    everyone = {"rest": learners.rest, "web": learners.web, "slack": learners.slack}
    for channel, sender in everyone.items():
        html = review.index(channel=channel)
        assert pseudonym(sender) in listed(html), channel
        assert not {pseudonym(s) for c, s in everyone.items() if c != channel} & set(listed(html))
        assert set(column(html, "conversation-list", 1)) == {channel}
    html = review.index()
    assert all(sender not in html for sender in everyone.values())  # sender ids never shown


def test_the_viewer_shows_each_message_with_its_intent_entities_and_reply(
    review: Review, learners: Learners
) -> None:
    for sender in (learners.rest, learners.web, learners.slack):
        messages = stored(learners.tracker_db, sender)
        page = review.get(f"/review/conversation/{messages[0]['id']}")
        assert page.status == 200
        assert pseudonym(sender) in page.text and sender not in page.text
        for message in messages:
            intent = message["parse_data"]["intent"]
            assert f'id="e{message["id"]}"' in page.text
            assert f'{intent["name"]} <span class="confidence">{intent["confidence"]:.2f}</span>' in page.text
            assert visible(message["text"]).replace("'", "&#39;") in page.text
    rest = review.get(f"/review/conversation/{stored(learners.tracker_db, learners.rest)[0]['id']}").text
    assert "role = “data scientist”" in rest
    assert '<code class="action">action_role_skills</code>' in rest
    assert '<code class="action">utter_out_of_scope</code>' in rest
    assert rest.count('class="turn fallback') == 1  # the weather, and only it


def test_search_lists_the_conversations_holding_the_text(review: Review, learners: Learners) -> None:
    for query in ("zookeeper", "ZooKeeper", "a zookeeper need"):
        html = review.index(q=query)
        assert pseudonym(learners.rest) in listed(html)
        assert pseudonym(learners.web) not in listed(html)
        row = next(r for r in tables(html)["conversation-list"] if r[LEARNER] == pseudonym(learners.rest))
        assert row[SNIPPET] == "what skills does a zookeeper need?"  # the matching message
    assert listed(review.index(q="100%_ of nothing")) == []  # % and _ are text, not wildcards


def test_filters_by_fallback_and_date_range(review: Review, learners: Learners) -> None:
    fallbacks = listed(review.index(fallback="1"))
    assert pseudonym(learners.rest) in fallbacks
    assert pseudonym(learners.web) not in fallbacks and pseudonym(learners.slack) not in fallbacks
    assert pseudonym(learners.slack) in listed(review.index(from_=today(), to=today(), channel="slack"))
    past = review.index(from_="2001-01-01", to="2001-01-31")
    assert listed(past) == [] and '<strong id="conversation-count">0</strong>' in past
    assert '<strong data-total="messages">0</strong>' in past


def test_what_to_add_links_to_where_it_was_asked(review: Review, learners: Learners) -> None:
    html = review.index()
    questions = tables(html)["questions"]
    weather = next(r for r in questions if r[2] == WEATHER.lower())
    assert int(weather[0]) >= 1
    assert pseudonym(learners.rest) in weather[3]
    names = tables(html)["names"]
    assert any(r[2] == "role zookeeper" and pseudonym(learners.rest) in r[3] for r in names)
    rest_weather = stored(learners.tracker_db, learners.rest)[1]["id"]
    assert f'href="/review/conversation/{rest_weather}#e{rest_weather}"' in html


def test_csv_exports(review: Review, learners: Learners) -> None:
    unanswered = review.get("/review/export/unanswered.csv")
    assert unanswered.status == 200 and unanswered.headers["content-type"].startswith("text/csv")
    assert 'filename="unanswered.csv"' in unanswered.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(unanswered.text)))
    assert rows[0] == ["kind", "text", "times asked", "conversations", "last asked (UTC)"]
    assert any(r[:2] == ["question", WEATHER.lower()] for r in rows)
    assert any(r[:2] == ["role", "zookeeper"] for r in rows)

    slack = list(csv.reader(io.StringIO(review.get("/review/export/conversations.csv?channel=slack").text)))
    assert [pseudonym(learners.slack), "slack"] in [r[:2] for r in slack]
    assert all(r[1] == "slack" for r in slack[1:])
    hostile = list(csv.reader(io.StringIO(review.get("/review/export/conversations.csv?q=HYPERLINK").text)))
    [row] = [r for r in hostile if r[0] == pseudonym(learners.hostile)]
    assert row[6] == "'" + FORMULA  # a spreadsheet shows it, never runs it
    assert HOSTILE not in review.get("/review/export/conversations.csv").text  # controls made visible


def test_the_numbers_beside_the_charts_are_what_the_tracker_holds(review: Review, learners: Learners) -> None:
    def compare() -> bool:
        before = count(learners.tracker_db)
        html = review.index()
        after = count(learners.tracker_db)
        if before != after:  # a reply of another test still being saved: look again
            return False
        found = tables(html)
        days = {r[0]: (int(r[1]), int(r[2])) for r in found["table-days"][1:]}
        assert days == {d: (len(before.day_senders[d]), sum(c.values())) for d, c in before.days.items()}
        fallbacks = {r[0]: r[1] for r in found["table-fallback"][1:]}
        assert fallbacks == {
            d: f"{before.day_fallbacks[d]} of {sum(c.values())}" for d, c in before.days.items()
        }
        channels = {r[0]: (int(r[1]), int(r[2])) for r in found["table-channels"][1:]}
        expected = {
            c: (len(senders), sum(day[c] for day in before.days.values()))
            for c, senders in before.channel_senders.items()
        }
        assert channels == expected
        intents = [(r[0], int(r[1])) for r in found["table-intents"][1:]]
        assert [n for _, n in intents] == [n for _, n in before.intents.most_common(len(intents))]
        assert all(before.intents["" if name == "(none)" else name] == n for name, n in intents)
        assert f'<strong data-total="messages">{before.messages}</strong>' in html
        assert f'<strong data-total="fallbacks">{before.fallbacks}</strong>' in html
        return True

    assert eventually(compare)


def test_the_bot_indexes_its_tracker_store_for_the_review(learners: Learners) -> None:
    def indexes() -> set[str]:
        with sqlite3.connect(f"file:{learners.tracker_db}?mode=ro", uri=True) as db:
            return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

    assert eventually(lambda: INDEX_NAME in indexes())
