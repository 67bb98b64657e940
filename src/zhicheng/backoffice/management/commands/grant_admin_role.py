"""Grant (or revoke) an administrator role at deployment: the web UI never grants these (三员分立)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhicheng.backoffice.roles import grant_admin_role, revoke_admin_role
from zhicheng.orgs.models import Organization, User
from zhicheng.orgs.roles import ADMIN_ROLES, OrgKind, Role


class Command(BaseCommand):
    help = "授予或收回管理员角色（系统管理员、安全管理员、审计管理员），仅在部署时使用，操作记入审计日志"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ADMIN_ROLES))
        parser.add_argument("--organization", type=int, help="所在组织的编号；缺省为省职改办（唯一的省级组织）")
        parser.add_argument("--revoke", action="store_true", help="收回该角色")

    def handle(self, username, role, organization=None, revoke=False, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在。")
        label = Role(role).label
        with transaction.atomic():
            if revoke:
                n = revoke_admin_role(user, role)
                self.stdout.write(f"已收回 {user.username} 的{label}角色（{n} 项）。")
                return
            org = self._organization(organization)
            grant_admin_role(user, role, org)
        if not user.is_staff:  # the back office admits staff accounts only
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(f"已授予 {user.username} {label}角色（{org.name}）。")

    def _organization(self, pk):
        if pk is not None:
            org = Organization.objects.filter(pk=pk).first()
            if org is None:
                raise CommandError(f"组织 {pk} 不存在。")
            return org
        provinces = list(Organization.objects.filter(kind=OrgKind.PROVINCE)[:2])
        if len(provinces) != 1:
            raise CommandError("请用 --organization 指明所在组织的编号。")
        return provinces[0]
