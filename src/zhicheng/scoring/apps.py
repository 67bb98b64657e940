from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """§二(二)–(六): work report (述职), defense (考核答辩), evaluation (考核评议), quantitative scoring (量化赋分)
    by the recommendation panel, the ranking sheet, the quota and the leadership's collective decision."""

    name = "zhicheng.scoring"
    verbose_name = "考核赋分与推荐人选"

    def ready(self):
        from zhicheng.orgs.roles import Role
        from zhicheng.orgs.scope import register_rule
        from zhicheng.workflow import actions, guards

        from . import services

        # An assessor sees only the dossiers assigned to them, once they declared no conflict of interest
        # (replaces the dossier app's "every panel member sees the unit's dossiers").
        register_rule("dossier.Application", Role.ASSESSOR, services.assessor_q)

        guards.register("scores_complete")(services.scores_complete_problems)
        guards.register("collective_decision_recorded")(services.decision_recorded_problems)

        def one_by_one(app, *, actor, ip, reason, data):
            raise services.ScoringError("推荐人选须由单位领导集体研究确定，请在量化评分推荐排名表页面整体记录决定。")

        actions.register("finish_scoring")
        actions.register("recommend", one_by_one)
        actions.register("not_recommend", one_by_one)
