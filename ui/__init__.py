"""The Gradio app: event wiring only; every job is done by ``assistant``."""
