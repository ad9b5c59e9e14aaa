"""Keys of the `metadata` the gateway sends with a message to Rasa's REST webhook
(Rasa keeps it with the message; the actions read it from `latest_message`)."""

# The resident's own words beside a text they quote: the text read from their
# screenshots (bot/conversation/with_image.py). Damage and steps taken are read from
# these only, never from the scammer's message ('ik heb al betaald').
OWN_WORDS = "own_words"
