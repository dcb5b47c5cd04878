"""Operations from the admin: the RQ dashboard (staff only) and the health link."""

import pytest

from tests.test_health import redis_test_url, require_redis


@pytest.fixture(autouse=True)
def _admin_test_settings(settings):
    # admin_client creates a superuser; the default hasher costs ~0.7 s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs the actions enqueue run in-process, so a test sees their effect.
    settings.REDIS_URL = ""


@pytest.mark.django_db
@pytest.mark.redis
def test_staff_reach_the_rq_dashboard_from_the_admin(admin_client, settings):
    settings.REDIS_URL = redis_test_url()
    require_redis(settings.REDIS_URL).close()

    index = admin_client.get("/admin/").content.decode()
    dashboard = admin_client.get("/admin/rq/")

    assert '<a href="/admin/rq/">Queues</a>' in index
    assert dashboard.status_code == 200
    assert "default" in dashboard.content.decode()


@pytest.mark.django_db
def test_the_rq_dashboard_is_closed_to_anyone_else(client, django_user_model):
    anonymous = client.get("/admin/rq/")
    django_user_model.objects.create_user("reader", password="pw")
    client.login(username="reader", password="pw")
    not_staff = client.get("/admin/rq/")

    for response in (anonymous, not_staff):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_embedded_mode_offers_no_queue_dashboard_but_links_health(admin_client, settings):
    settings.REDIS_URL = ""

    index = admin_client.get("/admin/").content.decode()

    assert '<a href="/healthz">Health</a>' in index
    assert '<a href="/admin/rq/">Queues</a>' not in index


@pytest.mark.django_db
def test_the_admin_index_lists_the_archives_models(admin_client):
    page = admin_client.get("/admin/").content.decode()

    for name in ["Sources", "Articles", "Versions", "Checks"]:
        assert f">{name}<" in page
    assert "newsdiffs back office" in page
