-- A second database beside POSTGRES_DB (the knowledge store): the conversations (Rasa's tracker store).
CREATE DATABASE conversations;
