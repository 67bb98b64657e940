"""python -m zhicheng load_demo — a believable Hebei province for demonstrations and manual testing."""

from django.core.management.base import BaseCommand

from zhicheng.demo.builder import build


class Command(BaseCommand):
    help = ("建立演示数据：河北省的组织机构（省职改办、主管部门、用人单位）、各角色演示账号、4个用人单位的2026年度申报"
            "和约60份申报，含单位推荐（§二）和主管部门审查（§三）各环节，以及评审委员会、专家库、评审会议和专家抽取（§四）"
            "（可重复运行）。")

    def handle(self, *args, **options) -> None:
        build(stdout=self.stdout)
