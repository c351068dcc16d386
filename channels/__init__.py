"""Custom Rasa input channels (connectors), named from credentials.yml as `channels.<module>.<Class>`."""
