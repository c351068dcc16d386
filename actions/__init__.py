"""The action server package: thin Rasa custom actions over the knowledge store."""
