"""Batch evaluation of the knowledge base on cases: metrics, comparisons, fitted priors and
strengths, and the reports (text, Markdown, JSON)."""
