"""What the gateway itself says to residents (Dutch, B1). Numbers only from shared/contacts.yml."""

from __future__ import annotations

# When Rasa or the action server is unreachable: a notice, then the essential advice.
DEGRADED_NOTICE = "Er is nu een storing. Je bericht is bewaard. Je krijgt later hier antwoord."
ESSENTIAL_ADVICE: tuple[str, ...] = (
    "Heb je geld overgemaakt of codes gegeven? Bel dan meteen je eigen bank. "
    "Gebruik het nummer op je bankpas of in je bank-app.",
    "Advies nodig? Bel de Fraudehelpdesk: 088-786 73 72. "
    "Aangifte doen kan via de politie: 0900-8844. Is er nu gevaar? Bel 112.",
    "Check de afzender. Twijfel je? Klik weg.",
)
# Before the assistant's first answer, if Rasa cannot give the greeting.
GREETING_FALLBACK = (
    "Hallo! Ik help je als je denkt dat iemand je wil oplichten. "
    "Vertel in je eigen woorden wat er gebeurde. Of plak het verdachte bericht hier."
)
# Said after a hand-off request, as long as no volunteer desk is running.
HANDOFF_NOT_YET = (
    "Eerlijk gezegd: er leest nu nog geen vrijwilliger mee. Je vraag is wel bewaard. "
    "Wil je nu iemand spreken? Bel de Fraudehelpdesk: 088-786 73 72."
)
TOO_LONG = "Je bericht is te lang. Stuur het in delen van hooguit {limit} tekens."
EMPTY = "Ik zie geen tekst in je bericht. Vertel in je eigen woorden wat er gebeurde."
RATE_LIMITED = (
    "Je stuurt veel berichten snel achter elkaar. Wacht even een minuut. "
    "Stuur je bericht daarna opnieuw."
)
UNKNOWN_CONVERSATION = "Dit gesprek bestaat niet meer. Begin een nieuw gesprek."
UNREADABLE = "Dit bericht kan ik niet lezen. Typ je vraag als gewone tekst."
UNKNOWN_BUTTON = "Deze knop hoort niet bij het gesprek. Typ je vraag als gewone tekst."
BODY_TOO_LARGE = "Je bericht is te groot. Stuur een korter bericht."

# Telegram: photos, voice messages, stickers and files.
UNSUPPORTED_MEDIA = (
    "Ik kan nog geen foto's, spraakberichten, stickers of bestanden lezen. "
    "Typ in je eigen woorden wat er gebeurde, of plak de tekst van het verdachte bericht. "
    "Is het een schermafbeelding van een verdacht bericht? Dan kan een vrijwilliger meekijken."
)
VOLUNTEER_BUTTON = "Praat met een vrijwilliger"
# Sent to the assistant as the resident's words when that button is pressed.
VOLUNTEER_REQUEST = "Ik wil met een vrijwilliger praten"
