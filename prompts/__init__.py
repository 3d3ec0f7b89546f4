"""Prompt templates as UTF-8 files, loaded by name (see assistant.prompts.load_prompt)."""
