"""Prefect flows: the stages of ``transforms``, ``checks``, ``warehouse`` and publishing, composed as tasks."""
