"""Terminology: how each concept of a glossary is rendered, by whom, where and when."""
