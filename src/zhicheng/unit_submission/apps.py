from django.apps import AppConfig


class UnitSubmissionConfig(AppConfig):
    """§二(八): unit opinion on the 评审表 and 一览表, the integrity pledge (真实性承诺书), and the batch the
    unit submits to its office (online, or recorded from a §二 run on paper)."""

    name = "zhicheng.unit_submission"
    verbose_name = "单位意见与推荐上报"

    def ready(self):
        from zhicheng.documents import registry
        from zhicheng.workflow import actions, guards

        from . import documents, permissions, services

        permissions.register_rules()
        guards.register("unit_opinion_and_pledge")(services.guard_unit_submit)
        guards.register("paper_outcome_recorded")(services.guard_paper_outcome)

        def unit_submit(app, *, actor, ip, reason, data):
            """One application from its dossier page (or the API): a batch of one."""
            services.submit_batch(actor, app.campaign, [app], ip=ip)
            app.refresh_from_db()
            return app

        def paper_outcome(app, *, actor, ip, reason, data):
            raise services.SubmissionError("线下审核推荐结果请在“推荐上报”页面登记（须上传扫描件并填写公示日期和推荐名单）。")

        actions.register("unit_submit", unit_submit)
        actions.register("record_paper_outcome", paper_outcome)
        registry.register_part(registry.REVIEW_FORM, registry.UNIT_OPINION, 10, documents.review_form_part)
        registry.register_part(registry.ROSTER, registry.UNIT_OPINION, 10, documents.roster_part)
