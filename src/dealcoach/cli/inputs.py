"""Turn the PATH arguments (files, directories, globs) into the list of transcript files."""

from __future__ import annotations

import glob
from pathlib import Path

TRANSCRIPT_SUFFIXES = {".vtt", ".srt", ".txt", ".text", ".json", ".docx"}


def expand_paths(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; directories searched recursively; unexpanded globs expanded (sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in TRANSCRIPT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif not path.exists() and glob.has_magic(raw):
            files.extend(
                sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            )
        else:
            files.append(path)  # a missing file is reported by the reader, in order
    return list(dict.fromkeys(files))
