"""What is going around: every scam message residents paste or send as a screenshot is
described by its sender's indicators and a near-duplicate fingerprint, and grouped into
waves (issue 15). Residents hear how often a message was reported; volunteers see, confirm,
merge and split waves in the console; coordinators share confirmed indicators with the
police and the Fraudehelpdesk."""
