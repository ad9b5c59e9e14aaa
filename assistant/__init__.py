"""Extensions that run inside the Rasa server: spaCy pipeline choice, guarded REST channel."""
