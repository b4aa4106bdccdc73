"""Conversation pages. Every one of them is a member's own: it answers 404 to anyone without a
place in the conversation, moderators and administrators included, so nobody learns that a
conversation exists by guessing its number."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum import permissions, ratelimit
from forum.conversations import services
from forum.conversations.forms import (
    ConversationForm,
    EditMessageForm,
    InviteForm,
    MessageForm,
    MessageReportForm,
)
from forum.conversations.models import Message, Participant
from forum.moderation.services import report_message
from forum.paging import PageLinks, nearest_page, page_count, requested_page
from forum.params import positive_int
from forum.posts.quoting import without_nested_quotes
from forum.posts.views import preview


def _participation(request, pk):
    """The viewer's place in conversation ``pk`` (with the conversation), or 404."""
    participant = (
        Participant.objects.select_related("conversation")
        .filter(conversation_id=pk, user=request.user)
        .first()
    )
    if not permissions.can_read_conversation(request.user, participant):
        raise Http404("No such conversation.")
    participant.user = request.user
    return participant


@login_required
def conversation_list(request):
    member = request.user
    starred = request.GET.get("starred") == "1"
    rows = Participant.objects.listed_for(member, starred=starred)
    per_page = settings.FORUM_CONVERSATIONS_PER_PAGE
    count = page_count(rows.count(), per_page)
    asked = requested_page(request)
    page = nearest_page(asked, count)
    base = reverse("conversations:list") + ("?starred=1&" if starred else "?")

    def url_for(number):
        return base + f"page={number}" if number > 1 else base.rstrip("?&")

    if page != asked:
        return redirect(url_for(page))
    first = (page - 1) * per_page
    participations = list(rows.for_list_page()[first : first + per_page])
    for row in participations:
        conversation = row.conversation
        row.is_unread = row.is_unread_in(conversation)
        # An unread conversation opens at the first message its member has not read.
        row.url = (
            conversation.get_position_url(row.last_read_position + 1)
            if row.is_unread
            else conversation.get_absolute_url()
        )
        row.others = [
            other.user
            for other in conversation.participants.all()
            if other.user_id != member.pk and other.state != Participant.State.LEFT_FOR_GOOD
        ]
    context = {
        "participations": participations,
        "pages": PageLinks(page, count, url_for),
        "starred": starred,
        "may_start": permissions.can_start_conversation(member),
    }
    return render(request, "conversations/conversation_list.html", context)


@login_required
def conversation_start(request):
    member = request.user
    refusal = permissions.why_cannot_start_conversation(member)
    if request.method != "POST":
        if refusal:
            raise PermissionDenied(refusal)
        to = request.GET.get("to", "")[:150]
        form = ConversationForm(sender=member, initial={"recipients": to})
        return _render_start(request, form)
    form = ConversationForm(request.POST, sender=member)
    if refusal:
        raise PermissionDenied(refusal)
    if not form.is_valid():
        return _render_start(request, form)
    data = form.cleaned_data
    if "preview" in request.POST:
        html, refused = preview(request, data["body"])
        if refused:
            form.add_error("body", refused)
        return _render_start(request, form, preview=html)
    if not permissions.is_conversation_rate_exempt(member):
        rate = ratelimit.Rate.parse(settings.FORUM_CONVERSATION_RATE)
        allowed, wait = ratelimit.allow("conversation", member.pk, rate)
        if not allowed:
            form.add_error(
                None,
                f"You have started {rate.uses} conversations recently, the most one may: "
                f"try again in {wait // 60 + 1} minutes.",
            )
            return _render_start(request, form, status=429)
    conversation = services.start_conversation(
        starter=member,
        recipients=data["recipients"],
        title=data["title"],
        body=data["body"],
        open_invites=data["open_invites"],
        token=data["token"],
    )
    return redirect(conversation)


def _render_start(request, form, *, preview=None, status=200):
    context = {"form": form, "preview": preview}
    return render(request, "conversations/conversation_form.html", context, status=status)


@login_required
def conversation_detail(request, pk):
    participant = _participation(request, pk)
    conversation = participant.conversation
    asked = requested_page(request)
    page = nearest_page(asked, conversation.page_count)
    if page != asked:
        return redirect(conversation.get_page_url(page))
    shown = _page_of_messages(request, participant, page)
    if shown and participant.last_read_position < shown[-1].position:
        services.mark_read(participant=participant, position=shown[-1].position)
        request.user.refresh_from_db(fields=["unread_conversations"])
    form = None
    if permissions.can_write_in_conversation(request.user, participant):
        initial = {}
        quoted = positive_int(request.GET.get("quote", ""))
        if quoted:
            initial["body"] = _quote(conversation, quoted)
        form = MessageForm(initial=initial)
    return _render_detail(request, participant, shown, page, form)


def _page_of_messages(request, participant, page):
    """The messages of ``page``, each with what the viewer may do with it and whether it
    folds away (its author is one the viewer ignores)."""
    shown = list(Message.objects.for_page(participant.conversation, page))
    ignoring = set(request.user.ignoring or ())
    for message in shown:
        message.ignored = message.author_id in ignoring
        message.may_edit = permissions.can_edit_message(request.user, message, participant)
        message.may_report = permissions.can_report_message(request.user, message, participant)
    return shown


def _quote(conversation, position):
    message = (
        Message.objects.select_related("author")
        .filter(conversation=conversation, position=position)
        .first()
    )
    if message is None:
        return ""
    return f'[quote="{message.author.username}"]\n{without_nested_quotes(message.body)}\n[/quote]\n'


def _render_detail(request, participant, shown, page, form, *, preview=None, status=200):
    conversation = participant.conversation
    people = list(
        conversation.participants.exclude(state=Participant.State.LEFT_FOR_GOOD)
        .select_related("user")
        .order_by("joined_at", "id")
    )
    context = {
        "conversation": conversation,
        "participant": participant,
        "messages_shown": shown,
        "people": people,
        "pages": PageLinks(page, conversation.page_count, conversation.get_page_url),
        "form": form,
        "preview": preview,
        "may_invite": permissions.can_invite(request.user, participant),
        "refusal": permissions.why_cannot_write_in_conversation(request.user, participant),
    }
    return render(request, "conversations/conversation_detail.html", context, status=status)


@login_required
@require_POST
def conversation_reply(request, pk):
    participant = _participation(request, pk)
    conversation = participant.conversation
    refusal = permissions.why_cannot_write_in_conversation(request.user, participant)
    if refusal:
        raise PermissionDenied(refusal)
    form = MessageForm(request.POST)
    page = conversation.page_count
    if not form.is_valid():
        shown = _page_of_messages(request, participant, page)
        return _render_detail(request, participant, shown, page, form, status=400)
    if "preview" in request.POST:
        html, refused = preview(request, form.cleaned_data["body"])
        if refused:
            form.add_error("body", refused)
        shown = _page_of_messages(request, participant, page)
        return _render_detail(request, participant, shown, page, form, preview=html)
    message = services.reply_to_conversation(
        conversation=conversation,
        author=request.user,
        body=form.cleaned_data["body"],
        token=form.cleaned_data["token"],
    )
    return redirect(conversation.get_position_url(message.position))


def _readable_message(request, pk):
    message = get_object_or_404(Message.objects.select_related("author", "conversation"), pk=pk)
    participant = _participation(request, message.conversation_id)
    return message, participant


@login_required
def message_edit(request, pk):
    message, participant = _readable_message(request, pk)
    refusal = permissions.why_cannot_edit_message(request.user, message, participant)
    if refusal:
        raise PermissionDenied(refusal)
    form = EditMessageForm(request.POST or None, initial={"body": message.body})
    html = None
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if "preview" not in request.POST:
            services.edit_message(message=message, by=request.user, body=body)
            return redirect(message)
        html, refused = preview(request, body)
        if refused:
            form.add_error("body", refused)
    context = {"message": message, "conversation": message.conversation, "form": form}
    context["preview"] = html
    return render(request, "conversations/message_edit.html", context)


@login_required
def message_report(request, pk):
    message, participant = _readable_message(request, pk)
    if not permissions.can_report_message(request.user, message, participant):
        raise PermissionDenied(
            permissions.why_cannot_participate(request.user) or "You cannot report this message."
        )
    form = MessageReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = report_message(
            message=message, reporter=request.user, reason=form.cleaned_data["reason"]
        )
        if report is None:
            messages.info(request, "You have reported this message already.")
        else:
            messages.success(
                request, "Thank you: the moderators will see this message, and nothing else."
            )
        return redirect(message)
    context = {"message": message, "conversation": message.conversation, "form": form}
    return render(request, "conversations/message_report.html", context)


@login_required
def conversation_invite(request, pk):
    participant = _participation(request, pk)
    conversation = participant.conversation
    refusal = permissions.why_cannot_invite(request.user, participant)
    if refusal:
        raise PermissionDenied(refusal)
    present = set(
        conversation.participants.exclude(state=Participant.State.LEFT_FOR_GOOD).values_list(
            "user_id", flat=True
        )
    )
    form = InviteForm(
        request.POST or None, sender=request.user, conversation=conversation, present=present
    )
    if request.method == "POST" and form.is_valid():
        added = services.invite(
            conversation=conversation, by=request.user, members=form.cleaned_data["recipients"]
        )
        names = ", ".join(member.username for member in added)
        messages.success(request, f"Invited: {names}.")
        return redirect(conversation)
    context = {"conversation": conversation, "form": form}
    return render(request, "conversations/conversation_invite.html", context)


@login_required
def conversation_leave(request, pk):
    participant = _participation(request, pk)
    if request.method == "POST":
        for_good = request.POST.get("for_good") == "1"
        services.leave(participant=participant, for_good=for_good)
        if for_good:
            messages.success(request, "You left the conversation for good.")
        else:
            messages.success(
                request, "You left the conversation; it comes back if someone writes in it."
            )
        return redirect("conversations:list")
    context = {"conversation": participant.conversation}
    return render(request, "conversations/conversation_leave.html", context)


@login_required
@require_POST
def conversation_mark(request, pk):
    """Mark read or unread, star or unstar (``action``), then back to the list."""
    participant = _participation(request, pk)
    action = request.POST.get("action")
    if action == "read":
        services.mark_read(participant=participant)
    elif action == "unread":
        services.mark_unread(participant=participant)
    elif action in ("star", "unstar"):
        services.star(participant=participant, starred=action == "star")
    else:
        raise Http404("No such action.")
    return redirect("conversations:list")
