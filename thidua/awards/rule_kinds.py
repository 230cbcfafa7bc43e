"""The names of the eligibility rules an award type may select (``AwardType.rule_kind``).

Known here, apart from the engine that implements them (``thidua.awards.eligibility.RULES``,
whose keys are exactly these), so that the model can check a name without importing the
engine, which imports the models.
"""

RULE_KINDS = frozenset(
    {"manual", "ltt", "cstdcs", "consecutive", "bk", "bk_pm", "ttldxs", "ttldtt", "flag", "merit"}
)
