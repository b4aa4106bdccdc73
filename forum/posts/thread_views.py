"""The thread page (a page of its posts), links to a post by number, replying, and starting a
thread: the views that write or list posts, with the posts app that owns them."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forum import permissions
from forum.boards.models import Board
from forum.cache import attach_post_html, is_shared_visitor, shared_page, thread_page_parts
from forum.follow.services import mark_thread_read, unwatch_thread, watch_thread
from forum.follow.unread import first_unread_position, reading_of
from forum.markup import summary
from forum.paging import PageLinks, attach_gaps, nearest_page, requested_page
from forum.params import positive_int, positive_ints
from forum.posts import drafts
from forum.posts.forms import ReplyForm
from forum.posts.likes import attach_like_summaries
from forum.posts.links import PostUrls
from forum.posts.models import Post
from forum.posts.quoting import quotes_markup, with_quotes
from forum.posts.services import FloodControl, reply_to_thread, start_thread
from forum.posts.thread_forms import ThreadForm
from forum.posts.views import preview
from forum.threads.models import Thread, ThreadRedirect

# Posts one "reply quoting selected posts" may quote at once.
MAX_QUOTED_POSTS = 20


def follow_merged_threads(view):
    """Send the links of a thread merged into another to where its posts are now.

    Asked only when the view finds no thread, so reading a live thread costs nothing more.
    """

    @wraps(view)
    def wrapper(request, *args, pk, **kwargs):
        try:
            return view(request, *args, pk=pk, **kwargs)
        except Http404:
            moved = (
                ThreadRedirect.objects.select_related("target__board")
                .filter(old_thread_id=pk)
                .first()
            )
            # A redirect to a thread the visitor may not read would give away its address.
            if moved is None or not permissions.can_view_thread(request.user, moved.target):
                raise
        post_id = moved.posts.get(str(kwargs.get("position")))
        if post_id is not None:
            return redirect(reverse("posts:permalink", kwargs={"pk": post_id}), permanent=True)
        return redirect(moved.target, permanent=True)

    return wrapper


def get_readable_thread(request, pk, *, reading=False):
    """The thread ``pk`` if the visitor may read it; hidden threads 404 rather than leak.

    ``reading``: for the page of its posts, read with what a member's reading of it needs
    (``forum.follow.unread.reading_of``), in the same query.
    """
    # A visitor's page mostly comes from the shared cache, which needs only this row and its
    # board: leaving out the starter's two dozen columns makes that a quarter cheaper, and a
    # visitor's page being rendered reads the starter with one more query.
    related = ["board__category"]
    if not is_shared_visitor(request):
        related.append("starter")
        if permissions.can_view_hidden(request.user):
            # A hidden thread's page says who hid it (only moderators read one).
            related.append("hidden_by")
    threads = Thread.objects.visible_to(request.user).select_related(*related)
    if reading and request.user.is_authenticated:
        threads = threads.annotate(**reading_of(request.user))
    return get_object_or_404(threads, pk=pk)


@follow_merged_threads
def thread_detail(request, slug, pk):
    thread = get_readable_thread(request, pk, reading=True)
    asked = requested_page(request)
    page = nearest_page(asked, thread.page_count)
    if page != asked or slug != thread.slug:
        # A wrong slug is an old title, gone for good; a missing page may come to exist.
        return redirect(thread.get_page_url(page), permanent=page == asked)
    pages = PageLinks(page, thread.page_count, thread.get_page_url)

    def render_page():
        thread.starter  # noqa: B018 (read here, once, rather than midway through the template)
        posts = list(Post.objects.for_thread_page(thread, page, request.user))
        rules, urls = permissions.PostRules(request.user, thread), PostUrls()
        # Read with the member's own row: whose posts fold away for them (no query).
        ignoring = set(getattr(request.user, "ignoring", None) or ())
        for post in posts:
            post.thread = thread  # the permission rules read it; no query per post
            post.ignored = post.author_id in ignoring
            # What an imported page showed of the post, or None: read once here, since a
            # template asking a missing reverse one-to-one row fails slowly (forum.cache).
            post.source = getattr(post, "imported", None)
            post.may = rules.for_post(post)
            post.urls = urls.for_post(post)
        attach_like_summaries(posts, request.user)
        attach_post_html(request, thread, posts)
        if request.user.is_authenticated and posts:
            # Writes nothing when the member read this far before (the thread says).
            mark_thread_read(
                user=request.user, thread=thread, position=max(p.position for p in posts)
            )
        gaps_after = attach_gaps(posts, Post.objects.missing_positions(thread, page))
        context = {
            "thread": thread,
            "board": thread.board,
            "posts": posts,
            "gaps_after": gaps_after,
            "watching": getattr(thread, "watching", False),
            "pages": pages,
            "canonical_url": request.build_absolute_uri(thread.get_page_url(page)),
            # The first post of the page: the thread's own on page 1, and one per later page
            # without another query. A hidden post's words stay out of it.
            "description": summary(posts[0].body_html) if posts and not posts[0].is_hidden else "",
        }
        # Only a member's page touches the session: a visitor's page stays the same for every
        # visitor (no cookie, no CSRF token), so the shared cache keeps it (forum.cache).
        if request.user.is_authenticated and permissions.can_reply(request.user, thread):
            context["reply_form"] = ReplyForm()
            context["just_posted"] = drafts.posted_flag(request, thread)
        elif not request.user.is_authenticated:
            # Where the visitor's reply box goes when scripts run (the text stays in the browser).
            context["reply_login_url"] = login_url(thread.get_page_url(page) + "#reply")
        response = render(request, "posts/thread_detail.html", context)
        if context.get("just_posted"):
            drafts.forget_posted_flag(response)
        return response

    return shared_page(request, thread_page_parts(thread, page), render_page)


@follow_merged_threads
def post_at_position(request, pk, position, slug=None):
    """Send a link to post number ``position`` of a thread to the page that shows it."""
    thread = get_readable_thread(request, pk)
    if not 1 <= position <= thread.last_position:
        raise Http404("No such post.")
    return redirect(thread.get_position_url(position))


@follow_merged_threads
def first_unread(request, pk):
    """Where a member left off in a thread: its first post they have not read."""
    thread = get_readable_thread(request, pk)
    if not request.user.is_authenticated:
        return redirect(thread)
    return redirect(thread.get_position_url(first_unread_position(request.user, thread)))


@login_required
@require_POST
def thread_watch(request, pk, watch):
    """Watch (or stop watching) a thread: its replies reach the member as alerts."""
    thread = get_readable_thread(request, pk)
    if watch:
        watch_thread(user=request.user, thread=thread)
        messages.success(request, "You are watching this thread: you will hear of replies.")
    else:
        unwatch_thread(user=request.user, thread=thread)
        messages.success(request, "You no longer watch this thread.")
    return redirect(thread)


def _quoted_posts(request, thread, asked):
    """The posts of ``thread`` whose ids ``asked`` (a QueryDict) lists under ``quote``."""
    ids = positive_ints(asked.getlist("quote"), limit=MAX_QUOTED_POSTS)
    if not ids:
        return []
    posts = (
        Post.objects.filter(thread=thread, pk__in=ids, is_hidden=False)
        .select_related("author")
        .order_by("position")
    )
    for post in posts:
        post.thread = thread
    return [post for post in posts if permissions.can_quote_post(request.user, post)]


def reply(request, pk):
    """The full reply page: quoting posts (``?quote=ID&quote=ID``), previewing, posting."""
    # The board and category for the permission rules and the breadcrumbs; the reply page shows
    # nothing of the starter.
    thread = get_object_or_404(Thread.objects.select_related("board__category"), pk=pk)
    if not request.user.is_authenticated:
        # Logged out meanwhile (the session expired while they wrote): show the text back,
        # as the visitor's reply box does; the browser keeps its copy for after logging in.
        if request.method == "POST" and permissions.can_view_thread(request.user, thread):
            return _render_log_in_to_reply(request, thread, thread.get_absolute_url())
        return redirect_to_login(request.get_full_path())
    readable = permissions.can_view_thread(request.user, thread)
    refusal = permissions.why_cannot_reply(request.user, thread)
    if request.method != "POST":
        if not readable:
            raise Http404("No such thread.")
        if refusal:
            raise PermissionDenied(refusal)
        quoted = _quoted_posts(request, thread, request.GET)
        form = ReplyForm(initial={"body": quotes_markup(quoted)})
        return _render_reply(request, thread, form, readable=True)
    if "multi_quote" in request.POST and readable and not refusal:
        # "Reply quoting the posts ticked" under the thread: the posts ticked join what is in
        # the box already (typed, or quoted with forum.js), which goes on to the reply page.
        typed = request.POST.get("body", "").replace("\r\n", "\n")
        quoted = _quoted_posts(request, thread, request.POST)
        form = ReplyForm(initial={"body": with_quotes(typed, quoted)})
        return _render_reply(request, thread, form)

    form = ReplyForm(request.POST)
    if refusal:
        # A thread locked or hidden while the reply was written: say so beside the text,
        # which stays in the box to be copied.
        form.add_error("body", refusal)
    if not form.is_valid():
        return _render_reply(request, thread, form, readable=readable)
    body = form.cleaned_data["body"]
    if "preview" in request.POST:
        html, refusal = preview(request, body)
        if refusal:
            form.add_error("body", refusal)
        return _render_reply(request, thread, form, preview=html)
    try:
        post = reply_to_thread(
            thread=thread,
            author=request.user,
            body=body,
            token=form.cleaned_data["token"],
            check_flood=not permissions.is_flood_exempt(request.user),
        )
    except FloodControl as refused:
        form.add_error("body", str(refused))
        return _render_reply(request, thread, form, flood_wait=refused.wait_seconds)
    if post.awaiting_approval:
        messages.info(
            request,
            "Your reply waits for a moderator's approval, as a new member's posts with links "
            "do: until then only you and the moderators see it.",
        )
    return drafts.mark_posted(redirect(thread.get_position_url(post.position)), thread)


def _render_reply(request, thread, form, *, preview=None, readable=True, flood_wait=None):
    context = {
        "thread": thread,
        "board": thread.board,
        "form": form,
        "preview": preview,
        "readable": readable,
        "flood_wait": flood_wait,
    }
    return render(request, "posts/reply.html", context)


@csrf_exempt
@require_POST
def reply_draft(request, pk):
    """Where a logged-out visitor's reply box sends its text when the browser runs no script.

    With JavaScript the box never posts: forum.js keeps the text in the browser and goes to
    the login page, and the member's reply box takes the text back from there. Without it,
    this page shows the text to copy and the way to log in, and keeps nothing: no session, no
    cache entry, so anyone may send it (hence no CSRF token, which the visitor's shared page
    cannot carry) without making the server store anything. A forged request can at worst show
    a member a reply form holding someone else's text, which they would still have to post.
    """
    thread = get_readable_thread(request, pk)
    page = positive_int(request.POST.get("page", ""))
    back = thread.get_page_url(nearest_page(page, thread.page_count))
    if request.user.is_authenticated and not permissions.why_cannot_reply(request.user, thread):
        # Logged in meanwhile (in another tab): the real reply form, with the text in it.
        form = ReplyForm(initial={"body": request.POST.get("body", "")})
        return _render_reply(request, thread, form)
    return _render_log_in_to_reply(request, thread, back)


def _render_log_in_to_reply(request, thread, back):
    body = request.POST.get("body", "").replace("\r\n", "\n")[: settings.FORUM_POST_MAX_LENGTH]
    context = {
        "thread": thread,
        "board": thread.board,
        "body": body,
        "login_url": login_url(back + "#reply"),
        "signup_url": login_url(back + "#reply", view="account_signup"),
    }
    return render(request, "posts/log_in_to_reply.html", context)


def login_url(next_url, view="account_login"):
    return f"{reverse(view)}?{urlencode({'next': next_url})}"


@login_required
def start_thread_view(request, slug):
    board = get_object_or_404(Board.objects.select_related("category"), slug=slug)
    refusal = permissions.why_cannot_start_thread(request.user, board)
    if request.method != "POST":
        if refusal:
            raise PermissionDenied(refusal)
        return _render_create(request, board, ThreadForm())

    form = ThreadForm(request.POST)
    if refusal:
        form.add_error("body", refusal)
    if not form.is_valid():
        return _render_create(request, board, form)
    data = form.cleaned_data
    if "preview" in request.POST:
        html, refusal = preview(request, data["body"])
        if refusal:
            form.add_error("body", refusal)
        return _render_create(request, board, form, preview=html)
    try:
        thread = start_thread(
            board=board,
            author=request.user,
            title=data["title"],
            body=data["body"],
            token=data["token"],
            check_flood=not permissions.is_flood_exempt(request.user),
        )
    except FloodControl as refused:
        form.add_error("body", str(refused))
        return _render_create(request, board, form, flood_wait=refused.wait_seconds)
    return redirect(thread)


def _render_create(request, board, form, *, preview=None, flood_wait=None):
    context = {"board": board, "form": form, "preview": preview, "flood_wait": flood_wait}
    return render(request, "posts/thread_form.html", context)
