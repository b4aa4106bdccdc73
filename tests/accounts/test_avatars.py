"""Avatars: every accepted type drawn again clean; everything else refused, nothing stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import services
from accounts.avatars import AvatarError, make_avatar_files
from tests import avatar_files as files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored(media):
    return sorted(path for path in media.rglob("*") if path.is_file())


def upload(data, name="avatar.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.mark.parametrize(
    ("image_format", "name"),
    [("PNG", "a.png"), ("JPEG", "a.jpg"), ("GIF", "a.gif"), ("WEBP", "a.webp")],
)
def test_each_accepted_type_becomes_two_webp_squares(client, member, media, image_format, name):
    client.force_login(member)

    response = client.post(
        "/account/avatar/", {"avatar": upload(files.picture(image_format), name)}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    sizes = []
    for path in stored(media):
        with Image.open(path) as image:
            assert image.format == "WEBP"
            sizes.append(image.size)
    assert sorted(sizes) == [(96, 96), (192, 192)]
    assert member.avatar and member.avatar_url.endswith("-96.webp")


def test_a_picture_named_as_another_type_is_read_for_what_it_is(member, media):
    services.set_avatar(
        member=member, by=member, files=make_avatar_files(upload(files.picture("JPEG"), "x.gif"))
    )

    assert len(stored(media)) == 2


def test_an_animation_within_the_frame_limit_stays_animated(member, media):
    made = make_avatar_files(upload(files.animation(3), "a.gif"))

    with Image.open(io.BytesIO(made[96])) as image:
        assert image.n_frames == 3


def test_metadata_is_stripped_from_the_stored_file(member, media):
    services.set_avatar(
        member=member, by=member, files=make_avatar_files(upload(files.photo_with_gps(), "a.jpg"))
    )

    for path in stored(media):
        data = path.read_bytes()
        assert b"SecretCamera" not in data
        with Image.open(path) as image:
            assert not image.getexif()
            assert "exif" not in image.info


REFUSED = {
    "renamed non-image": (b"Just some words, not a picture.", "not an image we can read"),
    "truncated PNG": (files.noisy_png()[:20_000], "damaged or incomplete"),
    "decompression bomb": (files.png_claiming(30_000, 30_000), "too large"),
    "bomb under Pillow's own limit": (
        files.png_claiming(7_000, 7_000),
        "at most 36,000,000 pixels",
    ),
    "10 MB file": (
        b"\x89PNG\r\n\x1a\n" + b"\0" * 10_000_000,
        "This file is 9.5 MB; an avatar may be at most 2 MB.",
    ),
    "SVG with a script": (files.SVG_WITH_SCRIPT, "besides a picture"),
    "PNG with a page after it": (files.png_with_html(), "besides a picture"),
    "GIF with an archive after it": (files.gif_with_zip(), "besides a picture"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_refused_file_gets_a_message_and_nothing_is_stored(client, member, media, case):
    data, message = REFUSED[case]
    client.force_login(member)

    response = client.post("/account/avatar/", {"avatar": upload(data)})

    assert response.status_code == 400
    field = response.content.decode().split('for="id_avatar"')[1].split("</div>")[0]
    assert message in field
    assert stored(media) == []
    member.refresh_from_db()
    assert member.avatar == ""


def test_an_animation_over_the_frame_limit_is_refused(settings):
    settings.FORUM_AVATAR_MAX_FRAMES = 2

    with pytest.raises(AvatarError, match="3 frames"):
        make_avatar_files(upload(files.animation(3), "a.gif"))


def test_the_old_files_are_deleted_when_replaced(member, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_avatar(
            member=member, by=member, files=make_avatar_files(upload(files.picture("PNG")))
        )
    first = stored(media)

    with django_capture_on_commit_callbacks(execute=True):
        services.set_avatar(
            member=member, by=member, files=make_avatar_files(upload(files.picture("GIF")))
        )

    after = stored(media)
    assert len(after) == 2
    assert not set(first) & set(after)


def test_removing_the_avatar_deletes_its_files_and_brings_back_the_letter(
    client, member, media, django_capture_on_commit_callbacks
):
    services.set_avatar(
        member=member, by=member, files=make_avatar_files(upload(files.picture("PNG")))
    )
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/avatar/remove/")

    member.refresh_from_db()
    assert member.avatar == ""
    assert stored(media) == []
    assert (
        'class="avatar avatar--large role-member"'
        in client.get("/account/profile/").content.decode()
    )


def test_a_new_avatar_shows_at_once_on_a_cached_thread_page(client, board, media):
    from tests.helpers import make_thread

    thread = make_thread(posts=2, board=board)
    author = thread.starter
    thread.posts.update(author=author)
    assert "avatar--image" not in client.get(thread.get_absolute_url()).content.decode()

    services.set_avatar(
        member=author, by=author, files=make_avatar_files(upload(files.picture("PNG")))
    )

    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'src="{author.avatar_url}"' in html
    assert 'loading="lazy"' in html and 'width="96" height="96"' in html


def test_a_new_avatar_shows_at_once_in_a_members_cached_post(client, board, member, media):
    from tests.helpers import make_thread

    thread = make_thread(posts=1, board=board)
    author = thread.posts.get().author
    client.force_login(member)
    client.get(thread.get_absolute_url())

    services.set_avatar(
        member=author, by=author, files=make_avatar_files(upload(files.picture("PNG")))
    )

    assert f'src="{author.avatar_url}"' in client.get(thread.get_absolute_url()).content.decode()


def test_the_board_page_shows_the_thread_starters_avatar(client, board, media):
    from tests.helpers import make_thread

    thread = make_thread(posts=1, board=board)
    starter = thread.starter
    services.set_avatar(
        member=starter, by=starter, files=make_avatar_files(upload(files.picture("PNG")))
    )

    assert f'src="{starter.avatar_url}"' in client.get(board.get_absolute_url()).content.decode()


def test_uploading_too_often_is_refused_before_decoding(
    client, member, media, settings, monkeypatch
):
    settings.FORUM_AVATAR_RATE = "1/600"
    client.force_login(member)
    client.post("/account/avatar/", {"avatar": upload(files.picture("PNG"))})
    decoded = []
    monkeypatch.setattr("accounts.avatars._open", lambda data: decoded.append(data))

    response = client.post("/account/avatar/", {"avatar": upload(files.picture("PNG"))})

    assert response.status_code == 400
    assert "too often" in response.content.decode()
    assert decoded == []
