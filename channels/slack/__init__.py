"""Slack: learners ask the assistant in a direct message or by mentioning it in a channel.

Served at `/webhooks/slack/webhook` (Events API request URL *and* interactivity request URL).
Configured from the environment with Slack's usual names:

- `SLACK_BOT_TOKEN` and `SLACK_SIGNING_SECRET` (required): credentials.yml refers to them as
  `${SLACK_BOT_TOKEN}` / `${SLACK_SIGNING_SECRET}`, so the launcher leaves Slack out when they are unset.
- `SLACK_CHANNEL` (optional): the ID of a channel where the bot answers every message, mention or
  not (the app must then also subscribe to `message.channels`); also where Rasa's server-initiated
  messages go. Elsewhere it answers direct messages and mentions only.
- `SLACK_API_URL` (optional): the Web API base URL, `https://slack.com/api/` unless set (the tests
  point it at a loopback fake).

Rasa's own SlackInput / SlackBot, with these parts on top, one module each:

- `connector`: `SlackConnector`, the input channel credentials.yml names: reads the webhook's
  events and button clicks and hands the questions to Rasa.
- `signing`: every request is checked against Slack's signature before anything else.
- `duplicates`: an event Slack delivers twice is answered once.
- `conversations`: which conversation and thread a message belongs to, and where to answer.
- `markup`: Slack's message markup read (mentions, links) and written (escaping, Block Kit buttons).
- `replies`: `SlackReplies`, the output channel posting through the Web API with retries.
"""

from channels.slack.connector import SlackConnector

__all__ = ["SlackConnector"]
