#!/usr/bin/env python3
"""Checks that every relative link in the repository's Markdown files resolves.

Usage: check_links.py [REPO_ROOT]   (default: the checkout this script is in)

Each inline link or image `[text](target)` and each reference definition
`[label]: target` outside code (fenced blocks and inline code spans) is
checked: its file or directory must exist, relative to the Markdown file
(or to the root for a target starting with `/`), and a `#fragment` must name
a heading of the target Markdown file, by GitHub's slug rules. http(s) and
mailto links are not fetched. A link, or any `../` path in the text (inline
code included), that leads outside the repository is an error: the
repository cites nothing outside it.

Prints `file:line: broken link 'target': reason` for each problem and exits 1,
or prints how many links it checked and exits 0.
"""

import os
import re
import subprocess
import sys
import urllib.parse

SKIPPED_DIRS = {"node_modules", "build", ".venv", ".git", "clients/java/target"}
WEB_SCHEMES = {"http", "https", "mailto"}

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# A code span cannot cross a blank line.
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
# `](target)` or `](target "title")`; a target may hold balanced parentheses.
INLINE_LINK = re.compile(
    r"\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
HTML_ANCHOR = re.compile(r"<a\s[^>]*(?:name|id)=\"([^\"]+)\"", re.I)
PARENT_PATH = re.compile(r"(?<![\w.~/-])(?:\./)?((?:\.\./)+[^\s`'\"()<>\[\]]*)")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def markdown_files(root):
    """The repository's Markdown files, relative to root: git's list in a checkout."""
    if os.path.exists(os.path.join(root, ".git")):
        listed = subprocess.run(
            ["git", "-C", root, "ls-files", "--cached", "--others", "--exclude-standard",
             "-z", "*.md"],
            check=True, capture_output=True, text=True).stdout
        paths = [path for path in listed.split("\0") if path]
    else:
        paths = []
        for directory, subdirectories, files in os.walk(root):
            relative = os.path.relpath(directory, root)
            prefix = "" if relative == "." else relative + "/"
            subdirectories[:] = [name for name in subdirectories
                                 if not is_skipped(f"{prefix}{name}/")]
            paths += [prefix + name for name in files if name.endswith(".md")]
    return sorted(path for path in set(paths) if not is_skipped(path))


def is_skipped(path):
    """Whether `path` (relative, with "/") lies under a skipped directory."""
    directories = path.split("/")[:-1]
    prefixes = {"/".join(directories[:i + 1]) for i in range(len(directories))}
    return bool(SKIPPED_DIRS & (set(directories) | prefixes))


def prose_lines(text):
    """The file's lines with fenced code blocks blanked out (line numbers kept)."""
    lines = text.split("\n")
    fence = None
    for number, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            lines[number] = ""
        elif fence is not None:
            marker = opening.group(1) if opening else ""
            # A closing fence is a bare run of the opening's character, at least as long.
            if marker[:1] == fence[0] and len(marker) >= len(fence) and line.strip() == marker:
                fence = None
            lines[number] = ""
    return lines


def mask_code_spans(text):
    """`text` with each inline code span replaced by spaces, newlines kept."""
    return CODE_SPAN.sub(lambda span: re.sub(r"[^\n]", " ", span.group(0)), text)


def github_slug(heading):
    """The anchor GitHub gives a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # A link counts as its text.
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(text):
    """Every fragment a link may name in a Markdown file: its headings' slugs
    (a repeated one gets -1, -2, ...) and its HTML anchors."""
    lines = prose_lines(text)
    seen = {}
    found = set(HTML_ANCHOR.findall("\n".join(lines)))
    for number, line in enumerate(lines):
        heading = None
        atx = ATX_HEADING.match(line)
        previous = lines[number - 1] if number > 0 else ""
        if atx:
            heading = atx.group(1) or ""
        elif (SETEXT_UNDERLINE.match(line) and previous.strip()
              and not ATX_HEADING.match(previous)):
            heading = previous.strip()
        if heading is None:
            continue
        slug = github_slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


class Checker:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.problems = []
        self.links_checked = 0
        self._anchors = {}

    def check_file(self, relative_path):
        with open(os.path.join(self.root, relative_path), encoding="utf-8") as markdown:
            text = markdown.read()
        lines = prose_lines(text)
        masked = mask_code_spans("\n".join(lines)).split("\n")
        for number, (line, visible) in enumerate(zip(lines, masked), start=1):
            link_spans = []
            for link in INLINE_LINK.finditer(visible):
                link_spans.append(link.span(1))
                self.check_link(relative_path, number, link.group(1))
            definition = REFERENCE_DEFINITION.match(visible)
            if definition:
                link_spans.append(definition.span(1))
                self.check_link(relative_path, number, definition.group(1))
            for path in PARENT_PATH.finditer(line):
                inside_link = any(start <= path.start(1) < end for start, end in link_spans)
                if not inside_link and self.outside_root(relative_path, path.group(1)):
                    self.report(relative_path, number, "path", path.group(1),
                                "leads outside the repository")

    def check_link(self, source, line, target):
        self.links_checked += 1
        target = target.strip("<>")
        if not target:
            self.report(source, line, "link", target, "empty target")
            return
        scheme = SCHEME.match(target)
        if scheme:
            if scheme.group(1).lower() not in WEB_SCHEMES:
                self.report(source, line, "link", target, "not a relative path or a web link")
            return
        path, _, fragment = target.partition("#")
        path = urllib.parse.unquote(path)
        if path and self.outside_root(source, path):
            self.report(source, line, "link", target, "leads outside the repository")
            return
        resolved = self.resolve(source, path) if path else os.path.join(self.root, source)
        if not os.path.exists(resolved):
            self.report(source, line, "link", target, "no such file or directory")
            return
        if fragment and resolved.endswith(".md") and os.path.isfile(resolved):
            if urllib.parse.unquote(fragment) not in self.anchors_of(resolved):
                where = os.path.relpath(resolved, self.root)
                self.report(source, line, "link", target,
                            f"no heading with anchor #{fragment} in {where}")

    def resolve(self, source, path):
        # A path starting with "/" is relative to the repository's root, as on GitHub.
        if path.startswith("/"):
            return os.path.normpath(os.path.join(self.root, path.lstrip("/")))
        return os.path.normpath(os.path.join(self.root, os.path.dirname(source), path))

    def outside_root(self, source, path):
        resolved = self.resolve(source, path)
        return resolved != self.root and not resolved.startswith(self.root + os.sep)

    def anchors_of(self, path):
        if path not in self._anchors:
            with open(path, encoding="utf-8") as markdown:
                self._anchors[path] = anchors(markdown.read())
        return self._anchors[path]

    def report(self, source, line, kind, target, reason):
        self.problems.append(f"{source}:{line}: broken {kind} '{target}': {reason}")


def main(arguments):
    default_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    checker = Checker(arguments[1] if len(arguments) > 1 else default_root)
    files = markdown_files(checker.root)
    for path in files:
        checker.check_file(path)
    for problem in checker.problems:
        print(problem)
    if checker.problems:
        return 1
    print(f"{checker.links_checked} links in {len(files)} Markdown files resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
