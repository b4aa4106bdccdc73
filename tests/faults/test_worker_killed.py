"""A worker SIGKILLed in the middle of writing: each reply is stored whole or not at all."""

import threading
import time

import pytest
from django.db.models import Count

from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import UserFactory
from tests.faults.processes import Browser, token
from tests.helpers import fixes_recount_would_make, make_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_replies_cut_off_by_a_killed_worker_leave_no_trace_and_no_wrong_counter(app_servers):
    servers = app_servers(2)
    threads = [make_thread(posts=2) for _ in range(3)]
    members = [Browser.logged_in(UserFactory()) for _ in range(8)]
    answers, stop = [], threading.Event()

    def storm(number, member):
        while not stop.is_set():
            thread = threads[number % len(threads)]
            body = {"body": f"Storm reply by {number}.", "token": token()}
            try:
                server = servers[number % 2]
                answers.append(member.post(server, f"/threads/{thread.pk}/reply/", body).status)
            except OSError:
                answers.append("cut")  # the worker died under this request

    writers = [threading.Thread(target=storm, args=pair) for pair in enumerate(members)]
    for writer in writers:
        writer.start()
    killed = []
    try:
        for _ in range(3):
            time.sleep(1)
            for server in servers:
                killed.append(server.kill_worker())
        time.sleep(1)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
    assert len(killed) == 6
    assert "cut" in answers  # the kills met requests in flight
    assert set(answers) <= {302, 502, "cut"}, set(answers)
    assert answers.count(302) > 0
    assert fixes_recount_would_make() == {}
    for thread in Thread.objects.filter(pk__in=[t.pk for t in threads]):
        positions = sorted(thread.posts.values_list("position", flat=True))
        # Numbers are taken in the reply's transaction: a killed one gives its number back.
        assert positions == list(range(1, thread.last_position + 1))
    assert not Post.objects.filter(body_html="").exists()
    repeated = Post.objects.exclude(submission_token=None).values("submission_token")
    assert not repeated.annotate(n=Count("pk")).filter(n__gt=1).exists()
