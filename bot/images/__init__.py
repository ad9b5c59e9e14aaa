"""Screenshots residents send: checked and decoded (upload.py), prepared for OCR
(prepare.py), read by Tesseract (ocr.py), links and IBANs repaired (repair.py), and all
of it off the event loop with a time limit (reader.py). The picture itself is never
stored or logged: only the text read from it goes on, as a resident message."""
