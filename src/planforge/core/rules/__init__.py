"""The training rules of shared/design/training-rules.md as checks over a plan.

- :mod:`.check`: :func:`~.check.check_plan`, which runs every rule;
- :mod:`.base` (R1-R17, START, and :class:`~.base.Finding`), :mod:`.coach` (R18-R21,
  R26-R29), :mod:`.strength` (R22-R25): the checks;
- :mod:`.texts`: each rule in words with its sources (``check --explain``, docs/rules.md).

This package's own import is empty, so ``check --explain`` reads :mod:`.texts` without
loading the checks.
"""
