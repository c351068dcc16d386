"""The spaCy pipeline Rasa's SpacyNLP loads, built from the knowledge store (no download)."""
