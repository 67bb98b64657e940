"""The ban registry (禁申登记) page: offices and the provincial office see the whole registry (ID numbers
masked); a person sees their own bans and why."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhicheng.http import paginate

from . import services


@login_required
def ban_list(request):
    allowed = services.registry_allowed(request.user)
    rows = services.registry(request.user) if allowed else services.own_bans(request.user)
    return render(request, "integrity/bans.html", {"page": paginate(request, rows), "registry": allowed})
