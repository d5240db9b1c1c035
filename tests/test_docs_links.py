"""The documentation cites only what the repository has.

Every relative link (`[text](path#anchor)`) in the README, the changelog, `docs/*.md` and the
studies (`experiments/*/README.md`) points at a file or folder that exists, and an anchor into a
markdown file names one of its headings; every `*.md` path they mention in prose exists (from
the repository root or from the citing file's folder; `<name>` in a path stands for any name).
No file of the repository cites the facts brief kept outside it (its file name is spelt in two
below, so that this file does not cite it either): `docs/sources.md` replaces it.
"""

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [REPO / "README.md", REPO / "CHANGELOG.md"]
    + list((REPO / "docs").glob("*.md"))
    + list((REPO / "experiments").glob("*/README.md"))
)
OUTSIDE_FILE = "facts" + ".md"
SKIPPED_FOLDERS = {"__pycache__", "results", "outputs", "multirun", "build", "dist", "venv"}
"""Folders of generated or installed files; hidden ones (`.git`, `.venv`, caches) are skipped."""
TEXT_SUFFIXES = {".md", ".py", ".yaml", ".yml", ".toml", ".cff", ".txt", ".sh", ".cfg", ".ini"}
TEXT_NAMES = {"Makefile", "run", "LICENSE", ".gitignore", ".python-version"}

LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+|mailto:\S+", re.IGNORECASE)
MD_PATH = re.compile(r"(?<![\w./<>-])((?:[\w.<>-]+/)*[\w<>-][\w.<>-]*\.md)(?![\w/])")
FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)


def prose(markdown: str) -> str:
    """The text outside fenced code blocks (commands and output are not citations)."""
    return FENCE.sub("", markdown)


def heading_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a file's headings (`## 8 Calibration` -> `8-calibration`)."""
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", prose(markdown), re.MULTILINE):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
        slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        anchor, number = slug, 1
        while anchor in anchors:
            anchor, number = f"{slug}-{number}", number + 1
        anchors.add(anchor)
    return anchors


def link_targets(markdown: str) -> list[str]:
    """The targets of a file's inline links, images and reference definitions."""
    text = prose(markdown)
    return LINK.findall(text) + REFERENCE.findall(text)


def broken_links(document: Path) -> list[str]:
    """The relative links of ``document`` whose file, folder or heading does not exist."""
    broken = []
    for target in link_targets(document.read_text()):
        if URL.fullmatch(target) or re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            continue  # an address on the web (or mailto:), not a file of the repository
        path_part, _, anchor = target.partition("#")
        path = (document.parent / path_part).resolve() if path_part else document
        if not path.exists():
            broken.append(f"{target}: no such file or folder")
        elif anchor and path.suffix == ".md" and anchor not in heading_anchors(path.read_text()):
            broken.append(f"{target}: no heading with the anchor #{anchor} in {path.name}")
    return broken


def missing_md_paths(document: Path) -> list[str]:
    """The `*.md` paths ``document`` mentions that exist neither from the root nor beside it."""
    text = URL.sub("", prose(document.read_text()))
    missing = []
    for cited in sorted(set(MD_PATH.findall(text))):
        pattern = re.sub(r"<[^>]+>", "*", cited)
        found = any(
            any(base.glob(pattern)) if "*" in pattern else (base / pattern).exists()
            for base in (REPO, document.parent)
        )
        if not found:
            missing.append(cited)
    return missing


def repository_text_files() -> list[Path]:
    """The repository's own text files: no hidden, generated or installed folders."""
    files = []
    for folder, subfolders, names in os.walk(REPO):
        subfolders[:] = [
            name
            for name in subfolders
            if (not name.startswith(".") or name == ".ci")
            and name not in SKIPPED_FOLDERS
            and not name.endswith(".egg-info")
        ]
        for name in names:
            path = Path(folder) / name
            if path.suffix in TEXT_SUFFIXES or name in TEXT_NAMES:
                files.append(path)
    return files


def test_the_documents_are_found():
    names = {path.relative_to(REPO).as_posix() for path in DOCUMENTS}
    assert {"README.md", "docs/model.md", "docs/sources.md"} <= names
    assert len([name for name in names if name.startswith("experiments/")]) >= 5


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(REPO)))
def test_relative_links_exist(document):
    assert broken_links(document) == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(REPO)))
def test_cited_markdown_files_exist(document):
    assert missing_md_paths(document) == []


def test_readme_links_the_model_the_sources_the_studies_and_the_citation():
    targets = set(link_targets((REPO / "README.md").read_text()))
    studies = {path.relative_to(REPO).as_posix() for path in DOCUMENTS if path.name == "README.md"}
    studies.discard("README.md")
    expected = {"docs/model.md", "docs/sources.md", "CITATION.cff", *studies}
    assert expected <= {target.partition("#")[0] for target in targets}


def test_no_file_cites_the_outside_facts_file():
    citing = [
        str(path.relative_to(REPO))
        for path in repository_text_files()
        if path != Path(__file__).resolve() and OUTSIDE_FILE in path.read_text(errors="replace")
    ]
    assert citing == []


def test_the_checks_catch_what_they_guard(tmp_path):
    document = tmp_path / "doc.md"
    (tmp_path / "there.md").write_text("# A heading\n")
    document.write_text(
        "See [here](there.md#a-heading), [web](https://example.org/x.md) and `there.md`.\n"
        "Broken: [gone](gone.md), [anchor](there.md#nope) and `docs/nowhere.md`.\n"
        "```sh\ncat inside_a_fence.md\n```\n"
    )
    assert broken_links(document) == [
        "gone.md: no such file or folder",
        "there.md#nope: no heading with the anchor #nope in there.md",
    ]
    assert missing_md_paths(document) == ["docs/nowhere.md", "gone.md"]
    assert heading_anchors("## [0.1.0] - 2026-11-27\n## 8 Calibration\n## 8 Calibration\n") == {
        "010---2026-11-27",
        "8-calibration",
        "8-calibration-1",
    }
