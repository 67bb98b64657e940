"""Thin views of the certificates: the public 证书查询 (no login, noindex, CSRF), the QR code's page, the
holder's list and PDF, and the provincial office's 撤销."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from zhicheng.documents.pdf import pdf_response
from zhicheng.errors import Refusal
from zhicheng.http import client_ip

from . import services
from .documents import certificate_pdf
from .forms import LookupForm, RevokeForm
from .issuance import revoke_title
from .models import Certificate
from .permissions import can_revoke_certificate


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Cache-Control"] = "no-store"
    return response


def public_lookup(request):
    """证书查询: the number and the name; the answer shows masked data only."""
    form, result, errors, status = LookupForm(), None, [], 200
    if request.method == "POST":
        form = LookupForm(request.POST)
        try:
            result = services.verify(request.POST.get("number", ""), request.POST.get("name", ""),
                                     ip=client_ip(request))
        except services.TooManyLookups as exc:
            errors, status = exc.problems, 429
        except Refusal as exc:
            errors, status = exc.problems, 422
    if result is not None and not result.found:
        status = 404  # as the QR code's page: no such certificate
    return _noindex(render(request, "results/lookup.html", {"form": form, "result": result, "errors": errors},
                           status=status))


def public_code(request, code: str):
    """The page the certificate's QR code opens: the same masked answer."""
    try:
        result = services.verify_code(code, ip=client_ip(request))
    except services.TooManyLookups as exc:
        return _noindex(render(request, "results/lookup.html", {"form": LookupForm(), "errors": exc.problems},
                               status=429))
    return _noindex(render(request, "results/lookup.html", {"form": LookupForm(), "result": result, "by_code": True},
                           status=200 if result.found else 404))


@login_required
def holder_list(request):
    certs = list(services.holder_certificates(request.user))
    return render(request, "results/holder_list.html", {"certificates": certs})


@login_required
def holder_pdf(request, pk: int):
    cert = get_object_or_404(services.holder_certificates(request.user), pk=pk)
    url = request.build_absolute_uri(reverse("certificate_verify_code", args=[cert.verification_code]))
    return pdf_response(certificate_pdf(cert, url), f"职称证书-{cert.holder_name}")


@login_required
def revoke_view(request, pk: int):
    """撤销 (provincial office only; anyone else gets 404)."""
    if not can_revoke_certificate(request.user):
        raise Http404
    cert = get_object_or_404(Certificate.objects.select_related("title"), pk=pk)
    form, errors = RevokeForm(request.POST or None), []
    if request.method == "POST" and form.is_valid():
        try:
            revoke_title(request.user, cert, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"],
                            authority=form.cleaned_data["authority"], ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"证书{cert.number}已撤销，并已登记禁申。")
            return redirect("certificate_lookup")
    return render(request, "results/revoke.html", {"cert": cert, "data": services.public_data(cert), "form": form,
                                                   "errors": errors}, status=422 if errors else 200)
