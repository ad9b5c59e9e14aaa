"""What crosses the boundary between the assistant and the gateway, as plain Python.

The assistant and its action server run on Python 3.10 with Rasa; the gateway runs on
Python 3.11 with FastAPI and SQLAlchemy. The two talk over HTTP only, but they must
agree on words and shapes: the scam types and their labels (``scam_types``), the
damage detector and its patterns (``damage``, ``damage_patterns``), the safety net's
reading of a life in danger (``crisis``), what the resident already did and how they
paid (``case_facts``), the slots of one case (``case_slots``), the one masker for
IBANs, phone numbers and e-mail addresses (``masking``), and the hand-off and insight
payloads the action server sends the gateway (``payloads``).

The promise: nothing in this package imports a framework (no ``rasa``, ``rasa_sdk``,
``fastapi``, ``sqlalchemy``), only the standard library and small pure libraries
(``phonenumbers``) installed in both environments. ``tests/test_common_boundary.py``
checks it by importing every module with those frameworks blocked.
"""
