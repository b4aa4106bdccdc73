/* Forum: progressive enhancement only. Every action here also works without JavaScript
 * (plain forms and links); this file makes likes, quotes and previews happen in place and keeps
 * a copy of what is typed in a reply box in the browser, in case the page has to be reloaded.
 */
(function () {
  "use strict";

  var JSON_HEADERS = { Accept: "application/json", "X-Requested-With": "fetch" };

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function postForm(url, form, data) {
    var headers = Object.assign({ "X-CSRFToken": csrfToken(form) }, JSON_HEADERS);
    return fetch(url, {
      method: "POST",
      headers: headers,
      body: data || new FormData(form),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (payload) {
        if (!response.ok) {
          throw new Error(payload.error || "The forum did not accept this.");
        }
        return payload;
      });
    });
  }

  function say(message) {
    var list = document.querySelector(".messages");
    if (!list) {
      window.alert(message);
      return;
    }
    var item = document.createElement("li");
    item.className = "message message--error";
    item.textContent = message;
    list.appendChild(item);
  }

  /* ---- Likes: one click, no reload ---------------------------------------------------- */

  function setupLike(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      postForm(form.action, form)
        .then(function (result) {
          form.action = result.liked ? form.dataset.unlikeUrl : form.dataset.likeUrl;
          button.textContent = result.liked ? "Unlike" : "Like";
          button.setAttribute("aria-pressed", result.liked ? "true" : "false");
          var summary = document.querySelector('[data-like-summary="' + form.closest("[data-post-id]").dataset.postId + '"]');
          if (summary) {
            summary.outerHTML = result.summary_html;
          }
          // null: the member's likes on an imported source forum are unknown, and so is the
          // total; the panel keeps saying so.
          if (result.author_likes_received !== null) {
            var formatted = result.author_likes_received.toLocaleString("en-US");
            document.querySelectorAll('[data-likes-received-of="' + result.author_id + '"]').forEach(function (cell) {
              cell.textContent = formatted;
            });
          }
        })
        .catch(function (error) {
          say(error.message);
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }

  /* ---- Drafts kept in the browser ----------------------------------------------------- */

  function draftStore() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage blocked: the visitor's box posts, and its text is shown back
    }
  }

  function setupDraft(form) {
    var key = form.dataset.draftKey;
    var box = form.querySelector("textarea[name=body]");
    var store = draftStore();
    if (!key || !box || !store) {
      return;
    }
    key = "forum-draft:" + key;
    if (form.hasAttribute("data-draft-posted")) {
      store.removeItem(key);
    } else if (!box.value.trim() && store.getItem(key)) {
      box.value = store.getItem(key);
    }
    box.addEventListener("input", function () {
      if (box.value.trim()) {
        store.setItem(key, box.value);
      } else {
        store.removeItem(key);
      }
    });
  }

  /* A logged-out visitor's reply is kept here, never on the server: the login page comes next,
   * and the member's reply box (same data-draft-key) takes the text back from setupDraft. */
  function keepDraft(key, text) {
    var store = draftStore();
    if (!store || !key) {
      return false;
    }
    try {
      if (text.trim()) {
        store.setItem("forum-draft:" + key, text);
      }
      return true;
    } catch (error) {
      return false; // storage full: the plain form's page shows the text back to copy
    }
  }

  function setupVisitorReply(form) {
    form.addEventListener("submit", function (event) {
      var box = form.querySelector("textarea[name=body]");
      if (!form.dataset.loginUrl || !keepDraft(form.dataset.draftKey, box ? box.value : "")) {
        return;
      }
      event.preventDefault();
      window.location.assign(form.dataset.loginUrl);
    });
  }

  function setupKeptDraft(area) {
    var box = area.querySelector("textarea");
    if (box) {
      keepDraft(area.dataset.draftKey, box.value);
    }
  }

  /* ---- Quotes into the reply box ------------------------------------------------------ */

  function replyBox() {
    return document.querySelector("#reply textarea[name=body]");
  }

  function insertQuote(markup) {
    var box = replyBox();
    var before = box.value && !/\n\n$/.test(box.value) ? box.value.replace(/\n*$/, "\n\n") : box.value;
    box.value = before + markup + "\n";
    box.dispatchEvent(new Event("input"));
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollIntoView({ block: "center" });
  }

  function setupQuote(link) {
    link.addEventListener("click", function (event) {
      if (!replyBox()) {
        return; // no reply box on this page: follow the link to the reply page
      }
      event.preventDefault();
      fetch(link.dataset.quoteUrl, { headers: JSON_HEADERS, credentials: "same-origin" })
        .then(function (response) {
          return response.json();
        })
        .then(function (result) {
          if (result.markup) {
            insertQuote(result.markup);
          } else {
            say(result.error || "This post cannot be quoted.");
          }
        })
        .catch(function () {
          window.location.href = link.href;
        });
    });
  }

  /* ---- Preview in place, and one submission per click -------------------------------- */

  function setupEditor(form) {
    var previewButton = form.querySelector(".js-preview-button");
    var area = form.querySelector(".js-preview");
    var box = form.querySelector("textarea[name=body]");
    if (previewButton && area && box && form.dataset.previewUrl) {
      previewButton.addEventListener("click", function (event) {
        event.preventDefault();
        var data = new FormData();
        data.append("body", box.value);
        postForm(form.dataset.previewUrl, form, data)
          .then(function (result) {
            area.innerHTML = '<h3 class="editor__preview-title">Preview</h3><div class="post__body"></div>';
            // The HTML comes from the forum's own sanitiser (forum/markup.py).
            area.querySelector(".post__body").innerHTML = result.html;
            area.hidden = false;
          })
          .catch(function (error) {
            area.textContent = error.message;
            area.hidden = false;
          });
      });
    }
    form.addEventListener("submit", function (event) {
      var submit = event.submitter;
      if (submit && submit.classList.contains("js-submit")) {
        if (form.dataset.sending) {
          event.preventDefault(); // a double click; the server would make one post anyway
          return;
        }
        form.dataset.sending = "1";
        window.setTimeout(function () {
          delete form.dataset.sending; // the page did not go away: let them try again
        }, 10000);
      }
    });
  }

  /* ---- Flood control: the wait counts down where it is told ---------------------------- */

  function setupFloodWait(field) {
    var message = field.querySelector(".errorlist li");
    var deadline = Date.now() + parseInt(field.dataset.floodWait, 10) * 1000;
    if (!message || !/\d+ seconds?/.test(message.textContent)) {
      return;
    }
    function tick() {
      var left = Math.ceil((deadline - Date.now()) / 1000);
      if (left <= 0) {
        message.textContent = "You can post now.";
        return;
      }
      message.textContent = message.textContent.replace(/\d+ seconds?/, left + (left === 1 ? " second" : " seconds"));
      window.setTimeout(tick, (deadline - Date.now()) % 1000 || 1000); // next whole second left
    }
    tick();
  }

  function start() {
    document.querySelectorAll("form.js-like").forEach(setupLike);
    document.querySelectorAll("form.js-editor").forEach(function (form) {
      setupDraft(form);
      setupEditor(form);
    });
    document.querySelectorAll("a.js-quote").forEach(setupQuote);
    document.querySelectorAll("[data-flood-wait]").forEach(setupFloodWait);
    document.querySelectorAll("form.js-visitor-reply").forEach(setupVisitorReply);
    document.querySelectorAll(".js-draft-keep").forEach(setupKeptDraft);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
