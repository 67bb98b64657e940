"""Returns are records: every return kept with its reason, sections, author and resolution."""

from django.test import Client

from .. import factories as f


def test_each_return_is_kept_and_resolved_by_the_next_submission(world):
    f.submitted(world.app)
    f.returned(world.app, world.hr, reason="学历证书模糊", sections=["education"])
    f.submitted(world.app, fill=False)
    f.returned(world.app, world.hr, reason="业绩\n须写明本人角色", sections=["achievement"])
    first, second = world.app.returns.order_by("id")
    assert (first.reason, first.sections, first.stage, first.created_by) == (
        "学历证书模糊", ["education"], "§二(一)", world.hr)
    assert first.resolved_version == 2 and first.resolved_at is not None
    assert second.resolved_at is None and second.sections == ["achievement"]
    world.app.refresh_from_db()
    assert world.app.reopened_sections == ["achievement"] and world.app.return_reason == "业绩\n须写明本人角色"
    c = Client()
    c.force_login(world.applicant)
    page = c.get(f"/applications/{world.app.pk}/").content.decode()
    assert "学历证书模糊" in page and "已于" in page and "（第2版）" in page
    assert "学历学位" in page and "任现职以来主要业绩" in page  # sections by their labels
