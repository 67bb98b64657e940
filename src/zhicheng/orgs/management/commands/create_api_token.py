import secrets

from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit.services import record
from zhicheng.orgs.models import ApiToken, User
from zhicheng.orgs.tokens import hash_key


class Command(BaseCommand):
    help = "为用户创建接口访问令牌（只显示一次，系统只保存其摘要）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="用途，如：人社厅数据交换")

    def handle(self, username, name, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在。")
        key = secrets.token_urlsafe(32)
        token = ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key))
        record("api_token_create", actor=user, obj=token, details={"name": name})
        self.stdout.write(f"令牌（只显示这一次，请妥善保存）：{key}")
