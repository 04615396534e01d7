"""Judging submissions: pandera schemas over all workbooks of a run at once, and the error report."""
