"""The ask path: question → typed plan (plan.py) by rules over the lexicon (understanding.py) or
by a chat model filling the same plan (modelplan.py) → executor (executor.py, one function per
operation) → wording (phrasing.py). ``assistant.answering`` re-exports Answerer and answer."""
