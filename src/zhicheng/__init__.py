"""zhicheng — 职称申报评审系统."""
