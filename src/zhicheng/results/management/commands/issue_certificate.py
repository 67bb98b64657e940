import datetime

from django.core.management.base import BaseCommand, CommandError

from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.orgs.models import User
from zhicheng.results.services import issue_certificate


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "发放职称证书（省职改办或评委会组建单位的账号办理，按发文填写；同一申报只能发证一次）"

    def add_arguments(self, parser):
        parser.add_argument("username", help="办理人账号（省职改办或评委会组建单位）")
        parser.add_argument("application_id", type=int)
        parser.add_argument("--committee", required=True, help="评审委员会名称")
        parser.add_argument("--authority", required=True, help="审批（备案）机关")
        parser.add_argument("--document-number", required=True, help="文号")
        parser.add_argument("--obtained-on", required=True, help="取得资格时间 YYYY-MM-DD")
        parser.add_argument("--issued-on", required=True, help="发证日期 YYYY-MM-DD")

    def handle(self, username, application_id, **o):
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"用户 {username} 不存在。")
        app = Application.objects.select_related("applicant", "unit", "series", "title").filter(
            pk=application_id).first()
        if app is None:
            raise CommandError(f"申报 {application_id} 不存在。")
        try:
            cert = issue_certificate(actor, app, committee_name=o["committee"], authority=o["authority"],
                                     document_number=o["document_number"], obtained_on=_date(o["obtained_on"]),
                                     issued_on=_date(o["issued_on"]))
        except Refusal as exc:
            raise CommandError("；".join(exc.problems)) from None
        self.stdout.write(f"已发证：{cert.number}（{cert.holder_name}），验证码 {cert.verification_code}")
