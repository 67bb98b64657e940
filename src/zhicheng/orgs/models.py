"""People and organisations. Thin models: rules live in services/predicates."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from .roles import OrgKind, Role
from .validators import (
    birth_date_from_id,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    validate_credit_code,
    validate_id_number,
    validate_phone,
    validate_username_not_id_number,
)


class Organization(models.Model):
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, null=True, blank=True, validators=[validate_credit_code]
    )
    # Materialised path "/1/4/9/" so "units under an office" is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "组织机构"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if path != self.path:
            old, self.path = self.path, path
            type(self).objects.filter(pk=self.pk).update(path=path)
            if old:  # moved: the whole subtree follows, or offices would lose sight of their units
                type(self).objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                    path=Concat(Value(path), Substr("path", len(old) + 1)))


class ZhichengUserManager(UserManager):
    def _create_user_object(self, username, email, password, **extra_fields):
        # Accounts made by commands and the demo skip the forms: the same user-name rule applies here.
        validate_username_not_id_number(username or "")
        user = super()._create_user_object(username, email, password, **extra_fields)
        user._password = password  # as set_password does: the first password joins the history on save
        return user


class User(AbstractUser):
    """A real-name user. Logs in by 身份证号 or user name."""

    first_name = None
    last_name = None
    real_name = models.CharField("姓名", max_length=50)
    id_number = models.CharField(
        "身份证号", max_length=18, unique=True, null=True, blank=True, validators=[validate_id_number]
    )
    birth_date = models.DateField("出生日期", null=True, blank=True)
    gender = models.CharField("性别", max_length=1, choices=[("1", "男"), ("2", "女")], blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True, validators=[validate_phone])
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = ZhichengUserManager()
    REQUIRED_FIELDS = ["real_name"]

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.real_name or self.username

    def clean(self):
        super().clean()
        try:
            validate_username_not_id_number(self.username or "")
        except ValidationError as exc:
            raise ValidationError({"username": exc.messages}) from None
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
            born = birth_date_from_id(self.id_number)
            if born and self.birth_date and born != self.birth_date:
                raise ValidationError({"birth_date": (
                    f"出生日期与身份证号中的出生日期（{born.year}年{born.month}月{born.day}日）不一致，请核对。")})
            if born and not self.birth_date:
                self.birth_date = born

    def save(self, *args, **kwargs):
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def get_full_name(self) -> str:
        return self.real_name

    def get_short_name(self) -> str:
        return self.real_name


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, verbose_name="所在组织", on_delete=models.PROTECT, related_name="role_assignments"
    )

    class Meta:
        verbose_name = verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="uniq_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}（{self.organization}）"


def password_stamp(user) -> str:
    """A digest of the user's current password hash: any password change (by the user, a reset by staff,
    a command) changes it, and the API tokens issued before stop working."""
    import hashlib

    return hashlib.sha256(f"api-token:{user.password}".encode()).hexdigest()


class ApiToken(models.Model):
    """Token for integrations; only the SHA-256 of the key is stored, and the key is shown once.

    A token expires (parameter api_token_days), is read-only unless issued read-write, and stops
    working when its owner's password changes (it keeps a digest of the password hash it was issued under).
    """

    class Access(models.TextChoices):
        READ = "read", "只读（仅查询）"
        READ_WRITE = "read_write", "读写"

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    access = models.CharField("权限", max_length=12, choices=Access.choices, default=Access.READ)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    password_stamp = models.CharField(max_length=64, editable=False, default="")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.password_stamp:  # bound to the owner's password at issue, whoever creates the row
            self.password_stamp = password_stamp(self.user)
        super().save(*args, **kwargs)

class PasswordHistory(models.Model):
    """The hashes of a user's last passwords (never the passwords): a new one may not repeat them (等保)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码摘要", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.user}（{self.created_at:%Y-%m-%d}）" if self.created_at else str(self.user)


class UserSession(AbstractBaseSession):
    """A signed-in browser's session (Django's database session), with the account it belongs to as a column:
    every signed-in request then reads the session, the account and its roles in one statement
    (`zhicheng.orgs.sessions`), and deleting an account ends its sessions."""

    user = models.ForeignKey(User, verbose_name="用户", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "登录会话"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
