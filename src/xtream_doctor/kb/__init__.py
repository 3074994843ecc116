"""The knowledge model and its YAML loader."""

from xtream_doctor.kb.load import default_rules_dir, load_knowledge_base
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.kb.problems import KnowledgeBaseError, Problem

__all__ = ["KnowledgeBase", "KnowledgeBaseError", "Problem", "default_rules_dir", "load_knowledge_base"]
