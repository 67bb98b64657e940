"""API tokens in the back office (安全管理员): issued here, the key shown once on the page that follows.

A new token gets a random key (only its SHA-256 is stored), the validity of parameter api_token_days,
and read-only access unless read-write is chosen. "Last used", the dates and the access are read-only.
"""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone

from zhicheng.orgs.models import ApiToken
from zhicheng.orgs.tokens import expiry, is_valid, new_key, token_days

from .access import SECURITY, RoleAdminMixin
from .users import holds_admin_role


class TokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "access"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["access"].help_text = "只读令牌只能查询；读写令牌可以提交和修改数据。"

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.request is not None and user.pk == self.request.user.pk:
            raise forms.ValidationError("不能为自己签发令牌。")
        if holds_admin_role(user):
            raise forms.ValidationError("管理员账号不能使用接口令牌。")
        if not user.is_active:
            raise forms.ValidationError("该账号已停用。")
        return user


@admin.register(ApiToken)
class ApiTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = SECURITY
    list_display = ["name", "user", "access", "created_at", "expires_at", "last_used_at", "status"]
    list_filter = ["access", "revoked"]
    search_fields = ["name", "user__username", "user__real_name"]
    autocomplete_fields = ["user"]

    @admin.display(description="状态")
    def status(self, obj):
        if obj.revoked:
            return "已吊销"
        if obj.expires_at <= timezone.now():
            return "已过期"
        return "有效" if is_valid(obj) else "已失效（用户已改密码或停用）"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = TokenAddForm

            class WithRequest(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, request=request, **kw)

            kwargs["form"] = WithRequest
            kwargs["fields"] = TokenAddForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return TokenAddForm.Meta.fields
        return ["user", "name", "access", "created_at", "expires_at", "last_used_at", "revoked"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "access", "created_at", "expires_at", "last_used_at"]

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}),
                         "subtitle": f"新令牌的有效期为 {token_days()} 天；密钥只在保存后显示一次。"}
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            key, obj.key_hash = new_key()
            obj.expires_at = expiry(token_days())
            request._new_api_key = key  # shown once by response_add, never stored
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_new_api_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        ctx = {**self.admin_site.each_context(request), "title": "令牌已创建", "token": obj, "key": key,
               "opts": self.opts}
        return TemplateResponse(request, "backoffice/token_key.html", ctx)
