"""Sets up and starts the stack: the store, the spaCy pipeline, the model, the action and Rasa servers."""
