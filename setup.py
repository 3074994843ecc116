"""The part of the build pyproject.toml cannot say: the knowledge base ships in the package.

rules/ stays at the project root, where editors and reviewers find it, and is
installed as the package data ``xtream_doctor/rules/{causes,questions,facts}/*.yaml`` (and the
settings and coverage files at its top),
so a wheel (``pip install .``, ``pipx install``) carries the rules it needs.  An
editable install reads rules/ in place.  Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

RULES = "xtream_doctor.rules"
RULE_KINDS = [f"{RULES}.{kind}" for kind in ("causes", "questions", "facts")]

setup(
    packages=[*find_packages("src"), RULES, *RULE_KINDS],
    package_dir={"": "src", RULES: "rules"},
    package_data={
        "xtream_doctor": ["**/*.tcss", "**/*.json", "**/*.yaml"],
        RULES: ["*.yaml"],  # settings.yaml, coverage.yaml
        **{kind: ["*.yaml"] for kind in RULE_KINDS},
    },
)
