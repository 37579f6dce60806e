#!/usr/bin/env python3
"""Tests of check_links.py on small Markdown trees written to a temporary directory."""

import contextlib
import io
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_links  # noqa: E402


class CheckLinksTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.directory.name, "repo")
        os.makedirs(os.path.join(self.root, "docs"))
        self.write("docs/guide.md", """\
            # Guide
            ## Storage faults
            ## The database's secret
            ## Storage faults
            Setext heading
            --------------
            """)

    def tearDown(self):
        self.directory.cleanup()

    def write(self, path, text):
        full_path = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        with open(full_path, "w", encoding="utf-8") as markdown:
            markdown.write(textwrap.dedent(text))

    def check(self):
        """Runs the checker on the tree; returns its exit code and output lines."""
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            code = check_links.main(["check_links.py", self.root])
        return code, output.getvalue().splitlines()

    def test_flags_exactly_the_broken_links(self):
        self.write("README.md", """\
            A [good link](docs/guide.md), [an anchor](docs/guide.md#storage-faults),
            [a repeated heading](docs/guide.md#storage-faults-1),
            [punctuation](docs/guide.md#the-databases-secret),
            [setext](docs/guide.md#setext-heading), [from the root](/docs/guide.md),
            ![an image](docs/) and [the web](https://example.com/missing.md).
            [a missing file](docs/missing.md)
            [a bad anchor](docs/guide.md#no-such-heading)
            [escaping the root](../outside/notes.md)
            ```sh

            [in a fence](docs/fenced-missing.md)
            ```
            ~~~
            [in a tilde fence](docs/fenced-missing.md)
            ~~~
            Inline code: `[in code](docs/code-missing.md)`.

            [reference]: docs/reference-missing.md
            """)
        code, lines = self.check()
        self.assertEqual(1, code)
        self.assertEqual([
            "README.md:6: broken link 'docs/missing.md': no such file or directory",
            "README.md:7: broken link 'docs/guide.md#no-such-heading': "
            "no heading with anchor #no-such-heading in docs/guide.md",
            "README.md:8: broken link '../outside/notes.md': leads outside the repository",
            "README.md:18: broken link 'docs/reference-missing.md': no such file or directory",
        ], lines)

    def test_anchors_in_the_same_file_and_relative_to_subdirectories(self):
        self.write("docs/other.md", """\
            # Other
            See [the guide](guide.md#guide), [above](#other) and [the root](../README.md).
            See [nowhere](#nowhere).
            """)
        self.write("README.md", "# Readme\n")
        code, lines = self.check()
        self.assertEqual(1, code)
        self.assertEqual(["docs/other.md:3: broken link '#nowhere': "
                          "no heading with anchor #nowhere in docs/other.md"], lines)

    def test_path_text_outside_the_repository(self):
        self.write("README.md", """\
            The samples are in `../data/icews/`, and docs/guide.md is [here](docs/guide.md).
            """)
        code, lines = self.check()
        self.assertEqual(1, code)
        self.assertEqual(
            ["README.md:1: broken path '../data/icews/': leads outside the repository"], lines)

    def test_a_clean_tree_passes(self):
        self.write("README.md", "See [the guide](docs/guide.md#guide).\n")
        code, lines = self.check()
        self.assertEqual(0, code)
        self.assertEqual(["1 links in 2 Markdown files resolve"], lines)

    def test_skipped_directories_are_not_read(self):
        self.write("README.md", "# Readme\n")
        self.write("node_modules/pkg/README.md", "[missing](nothing.md)\n")
        self.write("clients/java/target/notes.md", "[missing](nothing.md)\n")
        code, _ = self.check()
        self.assertEqual(0, code)

    def test_github_slugs(self):
        self.assertEqual("the-databases-secret", check_links.github_slug("The database's secret"))
        self.assertEqual("chancery-the-cli", check_links.github_slug("`chancery` (the CLI)"))
        self.assertEqual("a--b", check_links.github_slug("A – B"))
        self.assertEqual("exit_codes", check_links.github_slug("exit_codes"))
        self.assertEqual("see-docs", check_links.github_slug("See [docs](docs/api.md)"))


if __name__ == "__main__":
    unittest.main()
