"""What knowledge editors run: lint, the ``kb test`` report, and the generated kb-docs.

This part sits above the engine (lint and ``kb test`` judge the rules by running
them), beside ``cases``; ``kb`` below it keeps only the model and its loading.

- ``authoring.lint``: ``lint(kb) -> problems``, one module per family of checks.
- ``authoring.examples``: why an embedded example failed, for ``kb test``.
- ``authoring.docs``: ``generate(kb, out) -> files``, one module per page.
"""
