"""The client's address behind the reverse proxy (issue 7, docs/DEPLOY.md): X-Forwarded-For is believed only
from TRUSTED_PROXIES, and then only its right-most hop that is not a trusted proxy (the left part is whatever
the client wrote)."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from zhicheng.audit.models import AuditEvent
from zhicheng.http import client_ip

from .. import factories as f


def _ip(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(("trusted", "remote", "forwarded", "expected"), [
    # no trusted proxy (the default): the peer, whatever the header says
    ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
    ([], "127.0.0.1", "198.51.100.1", "127.0.0.1"),
    # nginx on the same host: the hop it added
    (["127.0.0.1"], "127.0.0.1", "198.51.100.1", "198.51.100.1"),
    # a client forging the header through nginx: nginx appends the real peer, which wins
    (["127.0.0.1"], "127.0.0.1", "10.9.9.9, 198.51.100.1", "198.51.100.1"),
    (["127.0.0.1"], "127.0.0.1", "127.0.0.1, 198.51.100.1", "198.51.100.1"),
    # an untrusted peer sending the header directly (bypassing nginx): ignored
    (["127.0.0.1"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
    (["10.0.0.0/8"], "192.0.2.10", "10.1.1.1", "192.0.2.10"),
    # two proxies in a chain, both trusted (a network): skip both
    (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "198.51.100.1, 10.0.0.5", "198.51.100.1"),
    # the trusted proxy sent no header, or only garbage: the proxy's address, never the garbage
    (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
    (["127.0.0.1"], "127.0.0.1", "not-an-ip", "127.0.0.1"),
    (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "<script>, 10.0.0.5", "10.0.0.5"),
    # IPv6, and an IPv4 client seen through an IPv6 socket
    (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    (["::1"], "::1", "::ffff:198.51.100.1", "198.51.100.1"),
])
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert _ip(remote, forwarded) == expected


def test_a_bad_trusted_proxy_setting_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRUSTED_PROXIES = ["nginx.local"]
    with pytest.raises(ImproperlyConfigured):
        _ip("127.0.0.1", "198.51.100.1")


def test_the_audit_trail_and_the_lockout_record_the_client_behind_nginx(client, world, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    r = client.post("/login/", {"username": world.hr.username, "password": "wrong-Pass1"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.6.6.6, 198.51.100.23")
    assert r.status_code == 200
    assert AuditEvent.objects.get(action="login_failed").ip == "198.51.100.23"
    assert AccessAttempt.objects.get().ip_address == "198.51.100.23"
    r = client.post("/login/", {"username": world.hr.username, "password": f.PASSWORD},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert r.status_code == 302
    assert AuditEvent.objects.get(action="login").ip == "198.51.100.23"


def test_without_a_trusted_proxy_a_forged_header_is_not_recorded(client, world, settings):
    settings.TRUSTED_PROXIES = []
    client.post("/login/", {"username": world.hr.username, "password": f.PASSWORD},
                REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert AuditEvent.objects.get(action="login").ip == "203.0.113.9"
