from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localtime

from zhicheng.audit.services import record
from zhicheng.orgs.models import ApiToken, User
from zhicheng.orgs.tokens import issue, token_days


class Command(BaseCommand):
    help = "为用户创建接口访问令牌（只显示一次，系统只保存其摘要；默认只读，到期失效，用户改密码后失效）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="用途，如：人社厅数据交换")
        parser.add_argument("--read-write", action="store_true", help="读写令牌（默认只读，只能查询）")
        parser.add_argument("--days", type=int, help="有效天数，不超过参数“接口令牌有效期”")

    def handle(self, username, name, read_write=False, days=None, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在。")
        limit = token_days()
        if days is not None and not 1 <= days <= limit:
            raise CommandError(f"有效天数须在 1 至 {limit} 天之间。")
        access = ApiToken.Access.READ_WRITE if read_write else ApiToken.Access.READ
        token, key = issue(user, name, access=access, days=days)
        record("api_token_create", actor=user, obj=token, details={"name": name, "access": access,
                                                                   "expires_at": token.expires_at.isoformat()})
        self.stdout.write(f"令牌（只显示这一次，请妥善保存）：{key}")
        self.stdout.write(f"权限：{token.get_access_display()}；有效期至：{localtime(token.expires_at):%Y-%m-%d %H:%M}")
